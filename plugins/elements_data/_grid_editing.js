// Editing for the data_editor grid: cell editors, added and deleted rows, reported as the widget's state.
// Installed on the Grid class of dataframe.js.

export const editing = {
  reportEdits() {
    const edited_rows = Object.fromEntries([...this.edits.edited].map(([k, v]) => [String(k), v]));
    this.ctx.widgets.set(this.props.id, {
      edited_rows, added_rows: this.edits.added, deleted_rows: [...this.edits.deleted].sort((a, b) => a - b),
    });
  },

  parse(text, col) {
    if (text === "") return null;
    if (col.type === "int" || col.type === "float") {
      const n = Number(text);
      return Number.isFinite(n) ? n : undefined;
    }
    return text;
  },

  commit(position, col, value) {
    if (value === undefined) return;
    if (position >= this.props.nrows) {
      this.edits.added[position - this.props.nrows][col.name] = value;
    } else {
      const row = this.edits.edited.get(position) || {};
      row[col.name] = value;
      this.edits.edited.set(position, row);
    }
    this.reportEdits();
    this.draw();
  },

  // A SelectboxColumn or MultiselectColumn cell is edited with a dropdown of the column's options (labelled
  // by format_func); a selectbox that is not required offers an empty choice (None) too. A selectbox saves
  // on change, a multiselect (Ctrl/Shift-click to pick several) on Enter or leaving it; Escape cancels.
  chooseEdit(cell, position, col, current, cfg) {
    const many = cfg.type === "multiselect";
    const options = [...cfg.options];
    const labels = options.map((o, i) => (cfg.option_labels ? cfg.option_labels[i] : String(o)));
    const picked = many ? (Array.isArray(current) ? current : current == null ? [] : [current]) : [current];
    for (const value of picked) {
      if (value != null && !options.includes(value) && (many ? cfg.accept_new_options : false)) {
        options.push(value);
        labels.push(String(value));
      }
    }
    const select = document.createElement("select");
    select.className = "k-grid-input k-grid-choice";
    select.multiple = many;
    if (many) select.size = Math.min(options.length, 6);
    if (!many && !cfg.required) select.append(new Option("", ""));
    options.forEach((option, i) => {
      const item = new Option(labels[i], String(i), false, picked.includes(option));
      select.append(item);
    });
    if (!many && (current === null || current === undefined)) select.value = "";
    cell.replaceChildren(select);
    if (many) {
      // The list drops down over the rows below, fixed to the page: it makes the grid neither taller nor
      // scroll (a scroll draws the rows again, which would take the list away).
      const box = cell.getBoundingClientRect();
      Object.assign(select.style, { left: `${box.left}px`, top: `${box.top}px`, minWidth: `${box.width}px` });
    }
    select.focus({ preventScroll: true });
    let done = false;
    const finish = (save) => {
      if (done) return;
      done = true;
      if (!save) {
        this.draw();
        return;
      }
      const chosen = [...select.selectedOptions].filter((o) => o.value !== "").map((o) => options[Number(o.value)]);
      this.commit(position, col, many ? chosen : chosen.length ? chosen[0] : null);
    };
    select.addEventListener("keydown", (event) => {
      if (event.key === "Enter") finish(true);
      else if (event.key === "Escape") finish(false);
      event.stopPropagation();
    });
    if (!many) select.addEventListener("change", () => finish(true));
    select.addEventListener("blur", () => finish(many));
    if (!many) {
      try {
        select.showPicker();
      } catch {
        // no picker without a user gesture (Enter from the keyboard opens it with Alt+Down)
      }
    }
  },

  startEdit(cell, position, col, current) {
    if (cell.querySelector("input, select")) return;
    if (col.type === "bool") {
      this.commit(position, col, !current);
      return;
    }
    const cfg = col.config || {};
    if ((cfg.type === "selectbox" || cfg.type === "multiselect") && Array.isArray(cfg.options)) {
      this.chooseEdit(cell, position, col, current, cfg);
      return;
    }
    const input = document.createElement("input");
    input.className = "k-grid-input";
    input.type = col.type === "int" || col.type === "float" ? "number" : "text";
    if (col.type === "float") input.step = "any";
    input.value = current === null || current === undefined ? "" : String(current);
    cell.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (save) => {
      if (done) return;
      done = true;
      if (save) this.commit(position, col, this.parse(input.value, col));
      else this.draw();
    };
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") finish(true);
      else if (event.key === "Escape") finish(false);
      event.stopPropagation();
    });
    input.addEventListener("blur", () => finish(true));
  },
};

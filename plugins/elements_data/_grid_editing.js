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

  startEdit(cell, position, col, current) {
    if (cell.querySelector("input")) return;
    if (col.type === "bool") {
      this.commit(position, col, !current);
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

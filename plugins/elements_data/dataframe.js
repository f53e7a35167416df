// Renderer of "dataframe" (and the read-only data_editor): a virtually scrolled grid with column sorting.
// Small frames arrive whole. Medium ones bring their first screen and a `whole` URL (the data side channel):
// all their rows are fetched at once as one Arrow table. Large ones come with a `source` URL and are read page by
// page, as Arrow tables, as the user scrolls.
import { applyWidth, make, useStylesheet } from "/_kernel/static/client/elements.js";
import { columnLabel, columnWidth, configuredWidth, fillCell } from "./_cells.js";
import { editing } from "./_grid_editing.js";
import { fitWidths, naturalWidth, sampleValues } from "./_grid_widths.js";
import { selecting } from "./_grid_selection.js";

useStylesheet(new URL("./data.css", import.meta.url));

const ROW_HEIGHT = 35;
const MAX_SCROLL_PX = 8_000_000; // browsers cap element heights; beyond this, scrolling is scaled
const OVERSCAN = 4;

class Grid {
  constructor(el, props, ctx, keep) {
    this.el = el;
    this.props = props;
    this.ctx = ctx;
    const modes = props.selection_mode || [];
    this.rowMode = modes.find((m) => m.endsWith("-row") || m === "single-row-required") || null;
    this.colMode = modes.find((m) => m.endsWith("-column")) || null;
    this.cellMode = modes.find((m) => m.endsWith("-cell")) || null;
    const sel = props.selection || {};
    this.sel = {
      rows: new Set(sel.rows || []),
      columns: new Set(sel.columns || []),
      cells: new Set((sel.cells || []).map(([r, c]) => `${r}|${c}`)),
    };
    this.rh = props.row_height || ROW_HEIGHT;
    this.sort = null; // {col, desc}; col -1 is the index
    this.pages = new Map();
    this.loading = new Map();
    this.localOrder = null;
    // The frame's rows in the browser: all of them, or the first screen until a `whole` frame's table arrives.
    this.rows = props.rows;
    this.wholeLoaded = !props.whole;
    if (props.whole && keep && keep.whole && keep.whole.url === props.whole) {
      this.rows = keep.whole.rows;
      this.wholeLoaded = true;
    }
    const visible = props.columns.map((c, i) => [c, i]).filter(([c]) => !c.hidden);
    const order = props.index.order;
    this.cols = order ? order.map((i) => [props.columns[i], i]) : visible;
    this.showIndex = !props.index.hidden;
    this.editable = !!props.editable && !!props.id;
    const edits = props.edits || {};
    this.edits = {
      edited: new Map(Object.entries(edits.edited_rows || {}).map(([k, v]) => [Number(k), { ...v }])),
      added: (edits.added_rows || []).map((r) => ({ ...r })),
      deleted: new Set(edits.deleted_rows || []),
    };
    this.canAdd = this.editable && ["dynamic", "add"].includes(props.num_rows);
    this.canDelete = this.editable && ["dynamic", "delete"].includes(props.num_rows);
    if (keep && keep.sort && !this.colMode) {
      this.sort = keep.sort;
      if (!props.source) this.localOrder = this.sortLocal();
    }
    this.build();
    if (this.wholeLoaded) this.root.dataset.rows = "all";
    else this.fetchWhole();
    if (keep && keep.scrollTop) {
      this.viewport.scrollTop = keep.scrollTop;
      this.draw();
    }
  }

  // Rows shown: the data's rows, then rows the user added.
  total() {
    return this.props.nrows + (this.editable ? this.edits.added.length : 0);
  }

  // The row's position in the original data (what selections report).
  position(pos) {
    const p = this.props;
    if (pos >= p.nrows) return pos;
    if (!p.source) return this.localOrder ? this.localOrder[pos] : pos;
    if (!this.sort) return pos;
    const page = this.pages.get(Math.floor(pos / p.page_rows));
    return page && page.positions ? page.positions[pos - Math.floor(pos / p.page_rows) * p.page_rows] : pos;
  }

  build() {
    const p = this.props;
    const root = make("div", "k-grid");
    root.tabIndex = 0;
    if (p.alt) root.setAttribute("aria-label", p.alt);
    const widths = [];
    if (this.rowMode || this.canDelete) widths.push(32);
    if (this.showIndex) widths.push(columnWidth(p.index));
    for (const [c] of this.cols) widths.push(columnWidth(c));
    this.template = widths.map((w) => `${w}px`).join(" ");
    const head = make("div", "k-grid-head k-grid-row");
    head.style.gridTemplateColumns = this.template;
    const addHead = (label, colIndex, help) => {
      const cell = make("div", "k-grid-hcell", label);
      const col = colIndex >= 0 ? p.columns[colIndex] : p.index;
      if (col && ["int", "float"].includes(col.type)) cell.classList.add("k-num");
      cell.dataset.col = String(colIndex);
      if (help) cell.title = help;
      cell.addEventListener("click", () => {
        // Column selection replaces sorting (as in Streamlit).
        if (this.colMode && colIndex >= 0) this.toggleColumn(p.columns[colIndex].name);
        else if (!this.colMode) this.toggleSort(colIndex);
      });
      head.append(cell);
    };
    if (this.rowMode || this.canDelete) head.append(make("div", "k-grid-hcell k-grid-select"));
    if (this.showIndex) addHead((p.index.config && p.index.config.label) || p.index.name || "", -1);
    for (const [c, i] of this.cols) addHead(columnLabel(c), i, c.config && c.config.help);
    this.head = head;
    const viewport = make("div", "k-grid-viewport");
    const visibleRows = this.visibleRowCount();
    viewport.style.height = `${visibleRows * this.rh + 2}px`;
    const spacer = make("div", "k-grid-spacer");
    this.spacer = spacer;
    this.sizeSpacer();
    const win = make("div", "k-grid-window");
    viewport.append(spacer, win);
    const scroller = make("div", "k-grid-scroll");
    scroller.append(head, viewport);
    root.append(scroller);
    const footer = make("div", "k-grid-footer", `${p.nrows.toLocaleString()} rows × ${p.columns.length} columns`);
    root.append(footer);
    if (this.canAdd) {
      const add = make("button", "k-grid-add", "+ Add row");
      add.type = "button";
      add.addEventListener("click", () => {
        this.edits.added.push({});
        this.sizeSpacer();
        this.reportEdits();
        this.viewport.scrollTop = this.viewport.scrollHeight;
        this.draw();
      });
      root.append(add);
    }
    this.viewport = viewport;
    this.window = win;
    viewport.addEventListener("scroll", () => this.draw(), { passive: true });
    this.el.append(root);
    applyWidth(this.el, p.width);
    this.root = root;
    // Widths fitted to the content and the container, once the grid is in the page and whenever its
    // container changes width.
    this.fitted = null;
    this.resize = new ResizeObserver(() => this.fit());
    this.resize.observe(this.el);
    if (this.sort) this.markSort();
    if (this.colMode) this.markHeader();
    this.draw();
  }

  // The grid's columns: the selection/delete column, the index, the shown columns.
  columnSpecs() {
    const p = this.props;
    const specs = [];
    if (this.rowMode || this.canDelete) specs.push({ fixed: 32 });
    if (this.showIndex) {
      const label = (p.index.config && p.index.config.label) || p.index.name || "";
      specs.push({ col: p.index, label, k: 0, fixed: configuredWidth(p.index) });
    }
    for (const [c, i] of this.cols) specs.push({ col: c, label: columnLabel(c), k: i + 1, fixed: configuredWidth(c) });
    return specs;
  }

  fit() {
    const available = this.root.clientWidth;
    if (!this.root.isConnected || available <= 0 || available === this.fitted) return;
    this.fitted = available;
    const specs = this.columnSpecs();
    if (!this.natural) {
      const style = getComputedStyle(this.root);
      const font = `${style.fontSize} ${style.fontFamily}`;
      const headFont = `600 ${font}`;
      const padding = 1.2 * parseFloat(style.fontSize) + 2;
      const rows = this.props.rows || [];
      this.natural = specs.map((s) => (s.col ? naturalWidth(s.col, s.label, sampleValues(rows, s.k), font, headFont,
        padding) : s.fixed));
    }
    const stretch = this.props.width !== "content";
    const widths = fitWidths(this.natural, specs.map((s) => s.fixed ?? null), available, stretch);
    this.template = widths.map((w) => `${w}px`).join(" ");
    this.root.dataset.widths = widths.join(",");
    this.head.style.gridTemplateColumns = this.template;
    for (const line of this.window.children) line.style.gridTemplateColumns = this.template;
  }

  sizeSpacer() {
    this.spacerHeight = Math.min(this.total() * this.rh, MAX_SCROLL_PX);
    this.spacer.style.height = `${this.spacerHeight}px`;
  }

  visibleRowCount() {
    const p = this.props;
    if (typeof p.height === "number") return Math.max(1, Math.floor((p.height - this.rh) / this.rh));
    if (p.height === "content") return Math.max(1, Math.min(p.nrows, 1000));
    if (p.height === "stretch") return Math.max(1, Math.min(p.nrows, 20));
    return Math.max(1, Math.min(p.nrows, 10));
  }

  toggleSort(col) {
    if (!this.sort || this.sort.col !== col) this.sort = { col, desc: false };
    else if (!this.sort.desc) this.sort = { col, desc: true };
    else this.sort = null;
    this.markSort();
    this.pages.clear();
    this.loading.clear();
    this.localOrder = null;
    if (!this.props.source && this.sort) this.localOrder = this.sortLocal();
    this.draw();
  }

  markSort() {
    for (const cell of this.head.children) {
      cell.dataset.sort = this.sort && cell.dataset.col !== undefined && Number(cell.dataset.col) === this.sort.col
        ? (this.sort.desc ? "desc" : "asc") : "";
    }
  }

  sortLocal() {
    const rows = this.rows;
    const k = this.sort.col + 1; // rows are [index, ...columns]
    const dir = this.sort.desc ? -1 : 1;
    const order = rows.map((_, i) => i);
    order.sort((a, b) => {
      const x = rows[a][k];
      const y = rows[b][k];
      if (x === null || x === undefined) return y === null || y === undefined ? a - b : 1;
      if (y === null || y === undefined) return -1;
      if (x < y) return -dir;
      if (x > y) return dir;
      return a - b;
    });
    return order;
  }

  // The row at display position `pos`, or undefined while its page loads.
  row(pos) {
    const p = this.props;
    if (pos >= p.nrows) {
      const added = this.edits.added[pos - p.nrows] || {};
      return [null, ...p.columns.map((c) => (added[c.name] === undefined ? null : added[c.name]))];
    }
    // Undefined (drawn as loading) for a row of a `whole` frame whose table has not arrived yet.
    if (!p.source) return this.rows[this.localOrder ? this.localOrder[pos] : pos];
    if (!this.sort && pos < p.rows.length) return p.rows[pos];
    const page = Math.floor(pos / p.page_rows);
    const loaded = this.pages.get(page);
    if (loaded) return loaded.rows[pos - page * p.page_rows];
    this.fetchPage(page);
    return undefined;
  }

  // All rows of a `whole` frame, as one Arrow table (plugins/elements_data/_frame_source.py, whole_frame).
  fetchWhole() {
    const p = this.props;
    import(p.client)
      .then(async ({ fetchTable, rowArrays }) => {
        const { table } = await fetchTable(p.whole);
        this.rows = rowArrays(table);
        this.wholeLoaded = true;
        if (this.sort) this.localOrder = this.sortLocal();
        this.root.dataset.rows = "all";
        this.draw();
      })
      .catch((err) => {
        this.root.dataset.error = String(err);
      });
  }

  fetchPage(page) {
    if (this.loading.has(page)) return;
    const p = this.props;
    const params = new URLSearchParams({ start: String(page * p.page_rows), stop: String((page + 1) * p.page_rows) });
    if (this.sort) {
      params.set("sort", String(this.sort.col));
      params.set("desc", this.sort.desc ? "1" : "0");
    }
    const sortKey = JSON.stringify(this.sort);
    // A page is an Arrow table (plugins/elements_data/_frame_source.py): the row's cells as columns
    // "0", "1", ..., and "positions" (the rows' places in the unsorted data) when sorted.
    const request = import(p.client)
      .then(async ({ fetchTable, columnValues, rowArrays }) => {
        const { table } = await fetchTable(p.source, Object.fromEntries(params));
        if (JSON.stringify(this.sort) !== sortKey) return;
        const names = table.schema.fields.map((f) => f.name);
        const at = names.indexOf("positions");
        const rows = rowArrays(table, names.filter((n) => n !== "positions"));
        this.pages.set(page, { rows, positions: at >= 0 ? columnValues(table, at) : null });
        this.draw();
      })
      .catch((err) => {
        this.loading.delete(page);
        this.root.dataset.error = String(err);
      });
    this.loading.set(page, request);
  }

  draw() {
    const p = this.props;
    const vp = this.viewport;
    const total = this.total() * this.rh;
    const viewH = vp.clientHeight || this.visibleRowCount() * this.rh;
    const maxScroll = Math.max(this.spacerHeight - viewH, 1);
    const scale = total > this.spacerHeight ? (total - viewH) / maxScroll : 1;
    const virtualTop = vp.scrollTop * scale;
    const first = Math.max(0, Math.floor(virtualTop / this.rh));
    const offset = virtualTop - first * this.rh;
    const count = Math.ceil(viewH / this.rh) + OVERSCAN;
    const last = Math.min(this.total(), first + count);
    this.window.style.transform = `translateY(${vp.scrollTop - offset}px)`;
    const frag = document.createDocumentFragment();
    for (let pos = first; pos < last; pos++) {
      const row = this.row(pos);
      const line = make("div", "k-grid-row");
      line.style.gridTemplateColumns = this.template;
      line.style.height = `${this.rh}px`;
      line.dataset.pos = String(pos);
      if (!row) {
        line.classList.add("k-loading");
        line.append(make("div", "k-grid-cell", "…"));
      } else {
        const position = this.position(pos);
        line.dataset.position = String(position);
        if (this.canDelete && !this.rowMode) {
          const cell = make("div", "k-grid-cell k-grid-select");
          if (position < p.nrows) {
            const del = make("button", "k-grid-delete", this.edits.deleted.has(position) ? "↺" : "✕");
            del.type = "button";
            del.title = this.edits.deleted.has(position) ? "Keep this row" : "Delete this row";
            del.addEventListener("click", () => {
              if (this.edits.deleted.has(position)) this.edits.deleted.delete(position);
              else this.edits.deleted.add(position);
              this.reportEdits();
              this.draw();
            });
            cell.append(del);
          }
          line.append(cell);
          line.classList.toggle("k-deleted", this.edits.deleted.has(position));
        }
        if (this.rowMode) {
          const pick = make("div", "k-grid-select k-grid-cell");
          const box = document.createElement("input");
          box.type = "checkbox";
          box.checked = this.sel.rows.has(position);
          box.setAttribute("aria-label", `select row ${position}`);
          box.addEventListener("change", () => this.toggleRow(position));
          pick.append(box);
          line.append(pick);
          line.classList.toggle("k-selected", box.checked);
        }
        if (this.showIndex) {
          const cell = make("div", "k-grid-cell k-grid-index");
          fillCell(cell, row[0], p.index, p.placeholder);
          line.append(cell);
        }
        const edited = this.editable ? this.edits.edited.get(position) : null;
        for (const [c, i] of this.cols) {
          const cell = make("div", "k-grid-cell");
          const changed = edited && edited[c.name] !== undefined;
          const value = changed ? edited[c.name] : row[i + 1];
          const canEdit = this.editable && !c.disabled;
          const isBool = c.type === "bool" || (c.config && c.config.type === "checkbox");
          // An editable boolean is a live checkbox: a click toggles it (a null cell shows an unticked one).
          let toggle = canEdit && isBool ? (checked) => this.commit(position, c, checked) : undefined;
          // A ButtonColumn cell is a trigger: the click reruns with the clicked cell as the widget's value.
          if (c.button_id && position < p.nrows) {
            toggle = (label) => {
              const w = this.ctx.widgets;
              w.hold(c.button_id, { row: position, label: String(label) });
              w.trigger(c.button_id);
              w.forget(c.button_id);
            };
          }
          // A MarkdownColumn cell's HTML (rendered and escaped by the server) travels after the data cells.
          const html = c.html_at && !changed ? row[c.html_at] : undefined;
          fillCell(cell, toggle && !c.button_id && (value === null || value === undefined) ? false : value, c,
            p.placeholder, toggle,
            html);
          if (changed) cell.classList.add("k-edited");
          if (canEdit) {
            cell.classList.add("k-editable");
            cell.tabIndex = 0;
            if (!toggle) cell.addEventListener("dblclick", () => this.startEdit(cell, position, c, value));
            cell.addEventListener("keydown", (event) => {
              if (event.key === "Enter") this.startEdit(cell, position, c, value);
            });
          }
          if (this.sel.columns.has(c.name) || this.sel.cells.has(`${position}|${c.name}`)) {
            cell.classList.add("k-selected");
          }
          if (this.cellMode) cell.addEventListener("click", () => this.toggleCell(position, c.name));
          line.append(cell);
        }
      }
      frag.append(line);
    }
    this.window.replaceChildren(frag);
    this.root.dataset.first = String(first);
    this.root.dataset.last = String(last - 1);
  }
}

Object.assign(Grid.prototype, editing, selecting);

export function render(el, props, ctx) {
  el.kernelGrid = new Grid(el, props, ctx);
}

// A rerun sent new props (a new selection, new data): redraw, keeping the scroll position and sort.
export function update(el, props, ctx) {
  const old = el.kernelGrid;
  if (old) old.resize.disconnect();
  const keep = old && old.props.columns.length === props.columns.length
    ? { scrollTop: old.viewport.scrollTop, sort: old.sort,
      whole: old.props.whole && old.wholeLoaded ? { url: old.props.whole, rows: old.rows } : null } : null;
  el.replaceChildren();
  el.kernelGrid = new Grid(el, props, ctx, keep);
  return true;
}

// Renderer of "dataframe" (and the read-only data_editor): a virtually scrolled grid with column sorting.
// Small frames arrive whole; large ones come with a `source` URL and are read page by page as the user scrolls.
import { applyWidth, make } from "./_elements1.js";
import { columnLabel, columnWidth, fillCell } from "./_cells.js";

const ROW_HEIGHT = 35;
const MAX_SCROLL_PX = 8_000_000; // browsers cap element heights; beyond this, scrolling is scaled
const OVERSCAN = 4;

class Grid {
  constructor(el, props) {
    this.el = el;
    this.props = props;
    this.rh = props.row_height || ROW_HEIGHT;
    this.sort = null; // {col, desc}; col -1 is the index
    this.pages = new Map();
    this.loading = new Map();
    this.localOrder = null;
    const visible = props.columns.map((c, i) => [c, i]).filter(([c]) => !c.hidden);
    const order = props.index.order;
    this.cols = order ? order.map((i) => [props.columns[i], i]) : visible;
    this.showIndex = !props.index.hidden;
    this.build();
  }

  build() {
    const p = this.props;
    const root = make("div", "k-grid");
    root.tabIndex = 0;
    if (p.alt) root.setAttribute("aria-label", p.alt);
    const widths = [];
    if (this.showIndex) widths.push(columnWidth(p.index));
    for (const [c] of this.cols) widths.push(columnWidth(c));
    const template = widths.map((w) => `${w}px`).join(" ");
    this.template = template;
    const head = make("div", "k-grid-head k-grid-row");
    head.style.gridTemplateColumns = template;
    const addHead = (label, colIndex, help) => {
      const cell = make("div", "k-grid-hcell", label);
      cell.dataset.col = String(colIndex);
      if (help) cell.title = help;
      cell.addEventListener("click", () => this.toggleSort(colIndex));
      head.append(cell);
    };
    if (this.showIndex) addHead((p.index.config && p.index.config.label) || p.index.name || "", -1);
    for (const [c, i] of this.cols) addHead(columnLabel(c), i, c.config && c.config.help);
    this.head = head;
    const viewport = make("div", "k-grid-viewport");
    const visibleRows = this.visibleRowCount();
    viewport.style.height = `${visibleRows * this.rh + 2}px`;
    const total = p.nrows * this.rh;
    this.spacerHeight = Math.min(total, MAX_SCROLL_PX);
    const spacer = make("div", "k-grid-spacer");
    spacer.style.height = `${this.spacerHeight}px`;
    const win = make("div", "k-grid-window");
    viewport.append(spacer, win);
    const scroller = make("div", "k-grid-scroll");
    scroller.append(head, viewport);
    root.append(scroller);
    const footer = make("div", "k-grid-footer", `${p.nrows.toLocaleString()} rows × ${p.columns.length} columns`);
    root.append(footer);
    this.viewport = viewport;
    this.window = win;
    viewport.addEventListener("scroll", () => this.draw(), { passive: true });
    this.el.append(root);
    applyWidth(this.el, p.width);
    this.root = root;
    this.draw();
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
    for (const cell of this.head.children) {
      cell.dataset.sort = this.sort && Number(cell.dataset.col) === this.sort.col ? (this.sort.desc ? "desc" : "asc") : "";
    }
    this.pages.clear();
    this.loading.clear();
    this.localOrder = null;
    if (!this.props.source && this.sort) this.localOrder = this.sortLocal();
    this.draw();
  }

  sortLocal() {
    const rows = this.props.rows;
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
    if (!p.source) return p.rows[this.localOrder ? this.localOrder[pos] : pos];
    if (!this.sort && pos < p.rows.length) return p.rows[pos];
    const page = Math.floor(pos / p.page_rows);
    const rows = this.pages.get(page);
    if (rows) return rows[pos - page * p.page_rows];
    this.fetchPage(page);
    return undefined;
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
    const request = fetch(`${p.source}?${params}`)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
      .then((data) => {
        if (JSON.stringify(this.sort) !== sortKey) return;
        this.pages.set(page, data.rows);
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
    const total = p.nrows * this.rh;
    const viewH = vp.clientHeight || this.visibleRowCount() * this.rh;
    const maxScroll = Math.max(this.spacerHeight - viewH, 1);
    const scale = total > this.spacerHeight ? (total - viewH) / maxScroll : 1;
    const virtualTop = vp.scrollTop * scale;
    const first = Math.max(0, Math.floor(virtualTop / this.rh));
    const offset = virtualTop - first * this.rh;
    const count = Math.ceil(viewH / this.rh) + OVERSCAN;
    const last = Math.min(p.nrows, first + count);
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
        if (this.showIndex) {
          const cell = make("div", "k-grid-cell k-grid-index");
          fillCell(cell, row[0], p.index, p.placeholder);
          line.append(cell);
        }
        for (const [c, i] of this.cols) {
          const cell = make("div", "k-grid-cell");
          fillCell(cell, row[i + 1], c, p.placeholder);
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

export function render(el, props) {
  el.kernelGrid = new Grid(el, props);
}

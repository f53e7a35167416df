// Selections for the dataframe grid: rows, columns and cells, reported as the widget's value.
// Installed on the Grid class of dataframe.js.

export const selecting = {
  report() {
    const cells = [...this.sel.cells].map((k) => {
      const i = k.indexOf("|");
      return [Number(k.slice(0, i)), k.slice(i + 1)];
    });
    this.ctx.widgets.set(this.props.id, { rows: [...this.sel.rows], columns: [...this.sel.columns], cells });
  },

  toggleRow(position) {
    const rows = this.sel.rows;
    if (rows.has(position)) {
      if (this.rowMode === "single-row-required") return;
      rows.delete(position);
    } else {
      if (this.rowMode !== "multi-row") rows.clear();
      rows.add(position);
    }
    this.report();
    this.draw();
  },

  toggleColumn(name) {
    const cols = this.sel.columns;
    if (cols.has(name)) cols.delete(name);
    else {
      if (this.colMode === "single-column") cols.clear();
      cols.add(name);
    }
    this.report();
    this.draw();
    this.markHeader();
  },

  toggleCell(position, name) {
    const key = `${position}|${name}`;
    const cells = this.sel.cells;
    if (cells.has(key)) cells.delete(key);
    else {
      if (this.cellMode === "single-cell") cells.clear();
      cells.add(key);
    }
    this.report();
    this.draw();
  },

  markHeader() {
    for (const cell of this.head.children) {
      const col = this.props.columns[Number(cell.dataset.col)];
      cell.classList.toggle("k-selected", !!col && this.sel.columns.has(col.name));
    }
  },
};

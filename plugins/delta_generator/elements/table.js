// Renderer of "table": a static HTML table (borders full, horizontal or none).
import { applyWidth, make } from "./_elements1.js";
import { columnLabel, fillCell } from "./_cells.js";

export function render(el, props) {
  const wrap = make("div", "k-table-wrap");
  if (typeof props.height === "number") wrap.style.maxHeight = `${props.height}px`;
  const table = make("table", "k-table");
  table.dataset.border = String(props.border);
  if (props.alt) table.setAttribute("aria-label", props.alt);
  const showIndex = !props.index.hidden;
  if (!props.hide_header) {
    const head = table.createTHead().insertRow();
    if (showIndex) head.append(make("th", "", props.index.name || ""));
    for (const c of props.columns) if (!c.hidden) head.append(make("th", "", columnLabel(c)));
  }
  const body = table.createTBody();
  for (const row of props.rows) {
    const tr = body.insertRow();
    if (showIndex) {
      const th = make("th", "k-table-index");
      fillCell(th, row[0], props.index, "None");
      tr.append(th);
    }
    props.columns.forEach((c, i) => {
      if (c.hidden) return;
      const td = tr.insertCell();
      fillCell(td, row[i + 1], c, "None");
    });
  }
  wrap.append(table);
  el.append(wrap);
  applyWidth(el, props.width);
}

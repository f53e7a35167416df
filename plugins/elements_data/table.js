// Renderer of "table": a static HTML table (borders full, horizontal or none).
import { applyWidth, make, useStylesheet } from "/_kernel/static/client/elements.js";
import { columnLabel, fillCell } from "./_cells.js";

useStylesheet(new URL("./data.css", import.meta.url));

export function render(el, props) {
  const wrap = make("div", "k-table-wrap");
  if (typeof props.height === "number") wrap.style.maxHeight = `${props.height}px`;
  if (props.styler_html) {
    // A pandas Styler: its own HTML and scoped styles, sanitized on the server.
    wrap.innerHTML = props.styler_html;
    const styled = wrap.querySelector("table");
    if (styled) {
      styled.classList.add("k-table");
      styled.dataset.border = String(props.border);
    }
    el.append(wrap);
    applyWidth(el, props.width);
    return;
  }
  const table = make("table", "k-table");
  table.dataset.border = String(props.border);
  if (props.alt) table.setAttribute("aria-label", props.alt);
  const showIndex = !props.index.hidden;
  if (!props.hide_header) {
    const head = table.createTHead().insertRow();
    if (showIndex) head.append(make("th", "", props.index.name || ""));
    for (const c of props.columns) {
      if (c.hidden) continue;
      const th = make("th");
      if (c.html !== undefined) th.innerHTML = c.html;
      else th.textContent = columnLabel(c);
      head.append(th);
    }
  }
  const body = table.createTBody();
  for (const row of props.rows) {
    const tr = body.insertRow();
    if (showIndex) {
      const th = make("th", "k-table-index");
      if (props.index.markdown && typeof row[0] === "string") th.innerHTML = row[0];
      else fillCell(th, row[0], props.index, "None");
      tr.append(th);
    }
    props.columns.forEach((c, i) => {
      if (c.hidden) return;
      const td = tr.insertCell();
      // Text cells arrive as inline Markdown rendered (and escaped) on the server.
      if (c.markdown && typeof row[i + 1] === "string") td.innerHTML = row[i + 1];
      else fillCell(td, row[i + 1], c, "None");
    });
  }
  wrap.append(table);
  el.append(wrap);
  applyWidth(el, props.width);
}

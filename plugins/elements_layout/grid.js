// Renderer of "grid": the grid of st.grid (role "grid") and each grid.cell() (role "cell").
// Every direct child of the grid is one cell; layout.css draws them with CSS grid.
import "./_layout.js";

const GAPS = { xxsmall: ".25rem", xsmall: ".5rem", small: "1rem", medium: "2rem", large: "4rem", xlarge: "6rem",
  xxlarge: "8rem" };
const gapOf = (g) => (g == null ? "0px" : typeof g === "number" ? `${g}px` : GAPS[g] || "1rem");

function style(el, props) {
  if (props.role === "cell") {
    el.classList.add("k-grid-cell");
    el.style.gridColumn = `span ${props.column_span || 1}`;
    el.style.gridRow = `span ${props.row_span || 1}`;
    return;
  }
  el.classList.add("k-grid");
  const rowGap = gapOf(props.row_gap);
  const columnGap = gapOf(props.column_gap);
  el.style.rowGap = rowGap;
  el.style.columnGap = columnGap;
  const least = `${props.min_column_width}px`;
  const most = props.columns === "auto" ? 24 : props.columns;
  // At most `most` columns, none narrower than `least` (fewer columns when the page is narrow,
  // unless wrap is off: then exactly `most`).
  el.style.gridTemplateColumns = props.wrap === false && props.columns !== "auto"
    ? `repeat(${most}, minmax(0, 1fr))`
    : `repeat(auto-fill, minmax(max(min(${least}, 100%), calc((100% - ${most - 1} * ${columnGap}) / ${most})), 1fr))`;
  el.style.gridAutoRows = typeof props.row_height === "number" ? `${props.row_height}px` : "auto";
  el.style.gridAutoFlow = props.dense ? "row dense" : "row";
  el.dataset.valign = props.valign || "top";
  el.dataset.border = String(!!props.border);
  el.style.height = typeof props.height === "number" ? `${props.height}px` : "";
  el.style.overflowY = typeof props.height === "number" ? "auto" : "";
  el.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  if (props.key !== undefined) el.classList.add(`st-key-${props.key}`);
}

export function render(el, props) {
  style(el, props);
  return el;
}

export function update(el, props, ctx, old) {
  if (old.role !== props.role) return false;
  style(el, props);
  return true;
}

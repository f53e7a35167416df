// Renderer of "columns": a row of columns (role "row") and each column (role "column").
import "./_layout.js";

function style(el, props) {
  if (props.role === "row") {
    el.classList.add("k-columns");
    el.dataset.align = props.align || "top";
    el.dataset.wrap = String(props.wrap !== false);
    const gaps = { xxsmall: ".25rem", xsmall: ".5rem", small: "1rem", medium: "2rem", large: "4rem",
      xlarge: "6rem", xxlarge: "8rem" };
    el.style.gap = props.gap == null ? "0" : typeof props.gap === "number" ? `${props.gap}px` : gaps[props.gap];
  } else {
    el.classList.add("k-column");
    el.style.flex = `${props.weight} 1 0`;
    el.dataset.border = String(!!props.border);
  }
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

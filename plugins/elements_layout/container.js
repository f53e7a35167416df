// Renderer of "container" (st.container, and each tab of st.tabs): a box for its children.
import "./_layout.js";

const GAPS = { xxsmall: ".25rem", xsmall: ".5rem", small: "1rem", medium: "2rem", large: "4rem", xlarge: "6rem",
  xxlarge: "8rem" };

function style(el, props) {
  el.classList.add("k-container");
  if (props.tab !== undefined) {
    el.dataset.tab = String(props.tab);
    el.setAttribute("role", "tabpanel");
    return;
  }
  el.dataset.border = String(!!props.border);
  el.dataset.horizontal = String(!!props.horizontal);
  el.dataset.halign = props.halign || "left";
  el.dataset.valign = props.valign || "top";
  el.dataset.wrap = String(props.wrap !== false);
  el.style.gap = props.gap == null ? "0" : typeof props.gap === "number" ? `${props.gap}px` : GAPS[props.gap] || "";
  el.style.height = typeof props.height === "number" ? `${props.height}px` : "";
  el.style.overflowY = typeof props.height === "number" ? "auto" : "";
  el.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  if (props.key !== undefined) el.classList.add(`st-key-${props.key}`);
}

export function render(el, props) {
  style(el, props);
  return el;
}

export function update(el, props) {
  style(el, props);
  return true;
}

// Renderer of "space" (st.space): an empty box as tall as its size, or as wide inside a
// horizontal container (layout.css picks the direction from the parent).
import "./_layout.js";

const SIZES = { xxsmall: ".25rem", xsmall: ".5rem", small: ".75rem", medium: "2.5rem", large: "4.25rem",
  xlarge: "6rem", xxlarge: "8rem" };

function style(el, props) {
  el.setAttribute("aria-hidden", "true");
  el.dataset.size = typeof props.size === "number" ? "px" : props.size;
  el.style.setProperty("--k-space", typeof props.size === "number" ? `${props.size}px` : SIZES[props.size] || "0");
}

export function render(el, props) {
  style(el, props);
}

export function update(el, props) {
  style(el, props);
  return true;
}

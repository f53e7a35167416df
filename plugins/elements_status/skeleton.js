// Renderer of "skeleton" (st.skeleton): a shimmering grey block that fades in after a short
// delay (a block that finishes at once never flashes it). status.css draws it.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

function style(el, props) {
  el.setAttribute("role", "progressbar");
  el.setAttribute("aria-label", "Loading");
  el.setAttribute("aria-busy", "true");
  el.style.height = props.height == null ? "" : `${props.height}px`;
  el.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  el.dataset.width = typeof props.width === "number" ? "px" : props.width || "stretch";
}

export function render(el, props) {
  el.classList.add("k-skeleton");
  style(el, props);
}

export function update(el, props) {
  style(el, props);
  return true;
}

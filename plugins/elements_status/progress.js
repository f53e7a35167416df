// Renderer of "progress": a bar (0-100) with optional text above; updated in place.
import { html, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

export function render(el, props) {
  const text = html("div", "k-progress-text", props.html || "");
  text.hidden = !props.html;
  const bar = document.createElement("div");
  bar.className = "k-progress";
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  const fill = document.createElement("div");
  fill.className = "k-progress-fill";
  bar.append(fill);
  el.append(text, bar);
  update(el, props);
}

export function update(el, props) {
  const text = el.querySelector(".k-progress-text");
  text.innerHTML = props.html || "";
  text.hidden = !props.html;
  el.querySelector(".k-progress").setAttribute("aria-valuenow", String(props.value));
  el.querySelector(".k-progress-fill").style.width = `${props.value}%`;
  return true;
}

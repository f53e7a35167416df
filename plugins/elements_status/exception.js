// Renderer of "exception": type, message and traceback of an error in the script.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

export function render(el, props) {
  el.setAttribute("role", "alert");
  const title = document.createElement("div");
  title.className = "k-exc-title";
  title.textContent = props.message ? `${props.type}: ${props.message}` : props.type;
  el.append(title);
  if (props.traceback && props.traceback.length) {
    const pre = document.createElement("pre");
    pre.className = "k-exc-traceback";
    pre.textContent = `Traceback:\n${props.traceback.join("")}`;
    el.append(pre);
  }
}

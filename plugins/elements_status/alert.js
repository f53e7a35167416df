// Renderer of "alert" (st.success, info, warning, error): a coloured box with an icon, title and Markdown body.
import { html, iconNode, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

function icon(text) {
  const span = iconNode(text);
  span.classList.add("k-alert-icon");
  span.hidden = !text;
  return span;
}

export function render(el, props) {
  el.dataset.type = props.type;
  el.setAttribute("role", props.type === "error" || props.type === "warning" ? "alert" : "status");
  const box = document.createElement("div");
  box.className = "k-alert";
  const content = document.createElement("div");
  content.className = "k-alert-content";
  if (props.title) content.append(html("strong", "k-alert-title", props.title));
  content.append(html("div", "k-alert-body", props.html));
  box.append(icon(props.icon), content);
  el.append(box);
}

export function update(el, props) {
  el.replaceChildren();
  render(el, props);
  return true;
}

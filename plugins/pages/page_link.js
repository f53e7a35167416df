// Renderer of "page_link": an <a> to a page of the app (shown without reloading) or to another site.
import { iconNode } from "/_kernel/static/client/elements.js";

const css = String(new URL("./page_link.css", import.meta.url));
if (!document.querySelector(`link[href="${css}"]`)) {
  document.head.append(Object.assign(document.createElement("link"), { rel: "stylesheet", href: css }));
}

function fill(el, props, ctx) {
  el.replaceChildren();
  const a = document.createElement("a");
  a.className = "k-page-link";
  a.href = props.href;
  a.dataset.stretch = String(!!props.stretch);
  if (props.active) a.dataset.active = "true";
  if (props.help) a.title = props.help;
  if (props.disabled) {
    a.setAttribute("aria-disabled", "true");
    a.tabIndex = -1;
  }
  const label = document.createElement("span");
  label.textContent = props.label;
  const icon = props.icon ? iconNode(props.icon) : null;
  if (icon) icon.classList.add("k-page-link-icon");
  if (icon && props.icon_position !== "right") a.append(icon, label);
  else if (icon) a.append(label, icon);
  else a.append(label);
  if (props.external) {
    a.target = "_blank";
    a.rel = "noopener noreferrer";
  }
  a.addEventListener("click", (event) => {
    if (props.disabled) {
      event.preventDefault();
      return;
    }
    if (props.external || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    ctx.navigate(props.page, props.query_string || "");
  });
  el.append(a);
}

export function render(el, props, ctx) {
  fill(el, props, ctx);
}

export function update(el, props, ctx) {
  fill(el, props, ctx);
  return true;
}

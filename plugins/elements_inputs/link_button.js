// Renderer of "link_button": opens its URL in a new tab; with an id it also reruns as the trigger.
import { help } from "./_common.js";
import { applyWrap, buttonContent, registerShortcut } from "./_inputs.js";

function fill(el, a, props) {
  a.href = props.url;
  a.target = "_blank";
  a.rel = "noopener noreferrer";
  a.dataset.type = props.type || "secondary";
  a.dataset.stretch = String(!!props.stretch);
  a.setAttribute("aria-disabled", String(!!props.disabled));
  buttonContent(a, props);
  if (props.id) el.dataset.widgetId = props.id;
  else delete el.dataset.widgetId;
}

export function render(el, props, ctx) {
  const a = document.createElement("a");
  a.className = "k-button";
  a.role = "button";
  a.addEventListener("click", (e) => {
    if (a.getAttribute("aria-disabled") === "true") {
      e.preventDefault();
      return;
    }
    if (el.dataset.widgetId) ctx.widgets.trigger(el.dataset.widgetId);
  });
  fill(el, a, props);
  el.append(a);
  applyWrap(el, props);
  el.kernelProps = props;
  registerShortcut(el);
  if (props.help) el.append(help(props.help, props.help_html));
}

export function update(el, props) {
  fill(el, el.querySelector("a"), props);
  applyWrap(el, props);
  return true;
}

// Renderer of "download_button": a link that saves the file, then (unless "ignore") reruns as the trigger.
import { help } from "./_common.js";
import { applyWrap, buttonContent, registerShortcut } from "./_inputs.js";

function fill(a, props) {
  a.href = props.url;
  a.download = props.file_name;
  a.type = props.mime;
  a.dataset.type = props.type || "secondary";
  a.dataset.stretch = String(!!props.stretch);
  a.setAttribute("aria-disabled", String(!!props.disabled));
  buttonContent(a, props);
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  const a = document.createElement("a");
  a.className = "k-button";
  a.id = `k-w-${props.id}`;
  a.role = "button";
  a.addEventListener("click", (e) => {
    const current = el.kernelProps || props;
    if (current.disabled) {
      e.preventDefault();
      return;
    }
    if (current.rerun !== false) setTimeout(() => ctx.widgets.trigger(el.dataset.widgetId), 0);
  });
  fill(a, props);
  el.append(a);
  applyWrap(el, props);
  el.kernelProps = props;
  registerShortcut(el);
  if (props.help) el.append(help(props.help, props.help_html));
}

export function update(el, props) {
  el.dataset.widgetId = props.id;
  el.kernelProps = props;
  fill(el.querySelector("a"), props);
  applyWrap(el, props);
  return true;
}

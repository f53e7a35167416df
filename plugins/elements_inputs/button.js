// Renderer of "button": a click reruns the script with this button as the trigger.
import { dedent, help } from "./_common.js";
import { applyWrap, buttonContent, registerShortcut } from "./_inputs.js";

function fill(button, props) {
  buttonContent(button, props);
  applyWrap(button.parentElement || button, props);
  if (button.parentElement) button.parentElement.kernelProps = props;
  button.disabled = !!props.disabled;
  button.dataset.type = props.type || "secondary";
  button.dataset.stretch = String(!!props.stretch);
  button.title = dedent(props.help || "");
}

// Shared with other button-like renderers (form_submit_button): they differ only in
// what a click does.
export function renderButton(el, props, onClick) {
  const button = document.createElement("button");
  button.type = "button";
  button.id = `k-w-${props.id}`;
  button.addEventListener("click", onClick);
  el.dataset.widgetId = props.id;
  el.append(button);
  fill(button, props);
  registerShortcut(el);
  if (props.help) el.append(help(props.help, props.help_html));
}

export function render(el, props, ctx) {
  renderButton(el, props, () => ctx.widgets.trigger(el.dataset.widgetId));
}

export function update(el, props) {
  el.dataset.widgetId = props.id;
  const button = el.querySelector("button");
  button.id = `k-w-${props.id}`;
  fill(button, props);
  return true;
}

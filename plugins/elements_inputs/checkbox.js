// Renderer of "checkbox": reports a bool (held without a rerun with on_change="ignore").
import { domId, help } from "./_common.js";
import { applyWidth, report } from "./_inputs.js";

export function render(el, props, ctx) {
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "checkbox";
  input.id = domId(props.id);
  input.checked = !!props.value;
  input.disabled = !!props.disabled;
  input.addEventListener("change", () => report(ctx, el, props, input.checked));
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const text = document.createElement("span");
  text.className = "k-check-text";
  text.innerHTML = props.label;
  label.append(input, text);
  if (props.label_visibility === "collapsed") text.hidden = true;
  el.append(label);
  if (props.help) label.append(help(props.help, props.help_html));
}

export function update(el, props) {
  const input = el.querySelector("input");
  if (el.dataset.widgetId !== props.id) return false;
  input.checked = !!props.value;
  input.disabled = !!props.disabled;
  applyWidth(el, props);
  el.querySelector("label span").innerHTML = props.label;
  return true;
}

// Renderer of "toggle": a switch reporting a bool.
import { domId, help } from "./_common.js";
import { applyWidth, report } from "./_inputs.js";

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const label = document.createElement("label");
  label.className = "k-switch";
  const input = document.createElement("input");
  input.type = "checkbox";
  input.setAttribute("role", "switch");
  input.id = domId(props.id);
  input.checked = !!props.value;
  input.disabled = !!props.disabled;
  input.addEventListener("change", () => report(ctx, el, props, input.checked));
  const track = document.createElement("span");
  track.className = "k-switch-track";
  const text = document.createElement("span");
  text.className = "k-switch-text";
  text.innerHTML = props.label;
  if (props.label_visibility !== "visible") text.hidden = true;
  label.append(input, track, text);
  if (props.help) label.append(help(props.help, props.help_html));
  el.append(label);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  applyWidth(el, props);
  const input = el.querySelector("input");
  input.checked = !!props.value;
  input.disabled = !!props.disabled;
  el.querySelector(".k-switch-text").innerHTML = props.label;
  return true;
}

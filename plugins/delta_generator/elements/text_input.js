// Renderer of "text_input": reports the text on Enter or when the field loses focus.
import { domId, label } from "./_common.js";

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  const id = domId(props.id);
  el.append(label(props, id));
  const input = document.createElement("input");
  input.id = id;
  input.type = props.type === "password" ? "password" : "text";
  input.value = props.value ?? "";
  if (props.placeholder) input.placeholder = props.placeholder;
  if (props.max_chars) input.maxLength = props.max_chars;
  if (props.autocomplete) input.autocomplete = props.autocomplete;
  input.disabled = !!props.disabled;
  input.addEventListener("change", () => ctx.widgets.set(el.dataset.widgetId, input.value));
  el.append(input);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.type !== props.type) return false;
  const input = el.querySelector("input");
  // Never overwrite what the user is typing.
  if (document.activeElement !== input) input.value = props.value ?? "";
  input.disabled = !!props.disabled;
  if (props.placeholder) input.placeholder = props.placeholder;
  el.querySelector("label").innerHTML = props.label;
  return true;
}

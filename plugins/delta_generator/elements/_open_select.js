// The selectbox with accept_new_options=True: a text field with the options as suggestions.
// Reports an option's index when the text names one, else the typed text (see widgets.selectbox).
import { field, relabel, report } from "./_inputs.js";

function shown(props) {
  if (props.new_value != null) return props.new_value;
  return props.index == null ? "" : props.options[props.index];
}

export function renderOpen(el, props, ctx) {
  const id = field(el, props);
  const input = document.createElement("input");
  input.id = id;
  input.className = "k-open-select";
  input.setAttribute("list", `${id}-options`);
  input.placeholder = props.placeholder || "";
  input.value = shown(props);
  input.disabled = !!props.disabled;
  const list = document.createElement("datalist");
  list.id = `${id}-options`;
  for (const text of props.options) {
    const option = document.createElement("option");
    option.value = text;
    list.append(option);
  }
  input.addEventListener("change", () => {
    const text = input.value.trim();
    if (!text) return report(ctx, el, props, null);
    const i = props.options.indexOf(text);
    report(ctx, el, props, i >= 0 ? i : text);
  });
  el.append(input, list);
}

export function updateOpen(el, props, ctx, old) {
  if (old.id !== props.id || JSON.stringify(old.options) !== JSON.stringify(props.options)) return false;
  const input = el.querySelector("input");
  if (document.activeElement !== input) input.value = shown(props);
  input.disabled = !!props.disabled;
  relabel(el, props);
  return true;
}

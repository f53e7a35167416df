// The selectbox with accept_new_options=True: a text field with the options as suggestions
// (narrowed by filter_mode as the user types). Reports an option's index when the text names
// one, else the typed text (see widgets.selectbox); `required` ignores clearing it.
import { fillSuggestions } from "./_filter.js";
import { field, iconSpan, refuseClear, relabel, report } from "./_inputs.js";

function shown(props) {
  if (props.new_value != null) return props.new_value;
  return props.index == null ? "" : props.options[props.index];
}

function decorate(el, props) {
  const row = el.querySelector(".k-text-row");
  row.querySelector(".k-field-icon")?.remove();
  if (props.icon) row.prepend(iconSpan(props.icon));
}

export function renderOpen(el, props, ctx) {
  const id = field(el, props);
  const row = document.createElement("div");
  row.className = "k-text-row";
  const input = document.createElement("input");
  input.id = id;
  input.className = "k-open-select";
  input.setAttribute("list", `${id}-options`);
  input.placeholder = props.placeholder || "";
  input.value = shown(props);
  input.disabled = !!props.disabled;
  const list = document.createElement("datalist");
  list.id = `${id}-options`;
  const suggest = () => {
    const current = el.kernelProps || props;
    fillSuggestions(list, input, current.options.map((t, i) => [i, t]), current.filter_mode);
  };
  suggest();
  input.addEventListener("input", suggest);
  input.addEventListener("change", () => {
    const current = el.kernelProps || props;
    const text = input.value.trim();
    if (refuseClear(el, current, !text, () => (input.value = shown(current)))) return;
    if (!text) return report(ctx, el, current, null);
    const i = current.options.indexOf(text);
    report(ctx, el, current, i >= 0 ? i : text);
  });
  row.append(input, list);
  el.append(row);
  decorate(el, props);
}

export function updateOpen(el, props, ctx, old) {
  if (old.id !== props.id || JSON.stringify(old.options) !== JSON.stringify(props.options)) return false;
  const input = el.querySelector("input");
  if (document.activeElement !== input) input.value = shown(props);
  input.disabled = !!props.disabled;
  decorate(el, props);
  relabel(el, props);
  return true;
}

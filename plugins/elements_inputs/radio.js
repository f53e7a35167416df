// Renderer of "radio": reports the position of the chosen option.
import { field, relabel, report } from "./_inputs.js";

export function render(el, props, ctx) {
  field(el, props);
  const group = document.createElement("div");
  group.className = "k-radio-group";
  group.setAttribute("role", "radiogroup");
  group.dataset.horizontal = String(!!props.horizontal);
  props.options_html.forEach((markup, i) => {
    const row = document.createElement("label");
    row.className = "k-radio";
    const input = document.createElement("input");
    input.type = "radio";
    input.name = `k-radio-${props.id}`;
    input.value = String(i);
    input.checked = props.index === i;
    input.disabled = !!props.disabled;
    input.addEventListener("change", () => report(ctx, el, props, i));
    const text = document.createElement("span");
    text.innerHTML = markup;
    row.append(input, text);
    if (props.captions && props.captions[i]) {
      const cap = document.createElement("small");
      cap.className = "k-caption-text";
      cap.innerHTML = props.captions[i];
      row.append(cap);
    }
    group.append(row);
  });
  el.append(group);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || JSON.stringify(old.options) !== JSON.stringify(props.options)) return false;
  el.querySelectorAll("input").forEach((input, i) => {
    input.checked = props.index === i;
    input.disabled = !!props.disabled;
  });
  relabel(el, props);
  return true;
}

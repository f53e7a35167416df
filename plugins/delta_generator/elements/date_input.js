// Renderer of "date_input": native date fields (two for a range); reports ISO dates.
import { field, relabel, report } from "./_inputs.js";

function makeInput(props, value) {
  const input = document.createElement("input");
  input.type = "date";
  input.min = props.min;
  input.max = props.max;
  input.value = value || "";
  input.disabled = !!props.disabled;
  return input;
}

export function render(el, props, ctx) {
  const id = field(el, props);
  const row = document.createElement("div");
  row.className = "k-date-row";
  const values = props.range ? [props.value[0], props.value[1]] : [props.value];
  const inputs = values.map((v) => makeInput(props, v));
  inputs[0].id = id;
  for (const input of inputs) {
    input.addEventListener("change", () => {
      if (props.range) {
        report(ctx, el, props, inputs.map((i) => i.value).filter((v) => v));
      } else {
        report(ctx, el, props, input.value || null);
      }
    });
  }
  row.append(...inputs);
  el.append(row);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.range !== props.range) return false;
  const values = props.range ? [props.value[0], props.value[1]] : [props.value];
  el.querySelectorAll("input").forEach((input, i) => {
    if (document.activeElement !== input) input.value = values[i] || "";
    input.disabled = !!props.disabled;
  });
  relabel(el, props);
  return true;
}

// Renderer of "date_input": native date fields (two for a range); reports ISO dates.
import { field, markRequired, refuseClear, relabel, report } from "./_inputs.js";

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
      const current = el.kernelProps || props;
      const picked = inputs.map((i) => i.value).filter((v) => v);
      const restore = () => {
        const was = current.range ? current.value : [current.value];
        inputs.forEach((i, n) => (i.value = was[n] || ""));
      };
      if (refuseClear(el, current, picked.length === 0, restore)) return;
      report(ctx, el, current, current.range ? picked : input.value || null);
    });
  }
  row.append(...inputs);
  el.append(row);
  markRequired(el, props, !values.some((v) => v));
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.range !== props.range) return false;
  const values = props.range ? [props.value[0], props.value[1]] : [props.value];
  el.querySelectorAll("input").forEach((input, i) => {
    if (document.activeElement !== input) input.value = values[i] || "";
    input.disabled = !!props.disabled;
  });
  markRequired(el, props, !values.some((v) => v));
  relabel(el, props);
  return true;
}

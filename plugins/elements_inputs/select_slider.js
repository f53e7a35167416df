// Renderer of "select_slider": a range input over option positions (two for a range).
import { field, relabel, report } from "./_inputs.js";

export function render(el, props, ctx) {
  const id = field(el, props);
  const row = document.createElement("div");
  row.className = "k-slider-row";
  const values = props.range ? props.value : [props.value];
  const output = document.createElement("output");
  const inputs = values.map((v, n) => {
    const input = document.createElement("input");
    input.type = "range";
    input.min = 0;
    input.max = props.options.length - 1;
    input.step = 1;
    input.value = v;
    input.disabled = !!props.disabled;
    if (n === 0) input.id = id;
    return input;
  });
  const refresh = () => {
    output.textContent = inputs.map((i) => props.options[Number(i.value)]).join(" – ");
  };
  for (const input of inputs) {
    input.addEventListener("input", refresh);
    input.addEventListener("change", () => {
      const nums = inputs.map((i) => Number(i.value)).sort((a, b) => a - b);
      report(ctx, el, props, props.range ? nums : nums[0]);
    });
  }
  refresh();
  row.append(...inputs, output);
  el.append(row);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || JSON.stringify(old.options) !== JSON.stringify(props.options)) return false;
  const values = props.range ? props.value : [props.value];
  el.querySelectorAll("input").forEach((input, i) => {
    input.value = values[i];
    input.disabled = !!props.disabled;
  });
  el.querySelector("output").textContent = values.map((v) => props.options[v]).join(" – ");
  relabel(el, props);
  return true;
}

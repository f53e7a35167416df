// Renderer of "slider": reports a number (or two, for a range) when the thumb is released.
import { domId, label } from "./_common.js";
import { applyWidth, report } from "./_inputs.js";
import { temporalText } from "./_temporal.js";

function show(props, value) {
  if (props.temporal) return temporalText(props.temporal, value);
  if (props.format && props.format.includes("%")) {
    const m = /%[-+ 0#]*\d*(?:\.(\d+))?[dfi]/.exec(props.format);
    if (m) {
      const text = m[1] !== undefined ? Number(value).toFixed(Number(m[1])) : String(Math.round(value));
      return props.format.replace(m[0], text);
    }
  }
  return props.float ? String(Number(value)) : String(value);
}

function makeInput(props, value) {
  const input = document.createElement("input");
  input.type = "range";
  input.min = props.min;
  input.max = props.max;
  input.step = props.step;
  input.value = value;
  input.disabled = !!props.disabled;
  return input;
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const id = domId(props.id);
  el.append(label(props, id));
  const row = document.createElement("div");
  row.className = "k-slider-row";
  const values = props.range ? props.value : [props.value];
  const inputs = values.map((v) => makeInput(props, v));
  inputs[0].id = id;
  const output = document.createElement("output");
  const refresh = () => {
    output.textContent = inputs.map((i) => show(props, Number(i.value))).join(" – ");
  };
  for (const input of inputs) {
    input.addEventListener("input", refresh);
    input.addEventListener("change", () => {
      const nums = inputs.map((i) => Number(i.value));
      report(ctx, el, props, props.range ? nums.sort((a, b) => a - b) : nums[0]);
    });
  }
  refresh();
  row.append(...inputs, output);
  el.append(row);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.range !== props.range || old.min !== props.min || old.max !== props.max ||
      old.step !== props.step) return false;
  const inputs = el.querySelectorAll("input[type=range]");
  const values = props.range ? props.value : [props.value];
  inputs.forEach((input, i) => {
    input.value = values[i];
    input.disabled = !!props.disabled;
  });
  el.querySelector("output").textContent = values.map((v) => show(props, v)).join(" – ");
  el.querySelector("label").innerHTML = props.label;
  return true;
}

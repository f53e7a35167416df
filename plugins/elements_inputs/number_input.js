// Renderer of "number_input": a number field with -/+ buttons; reports a number (or null when emptied).
import { field, iconSpan, markRequired, refuseClear, relabel, report } from "./_inputs.js";

function parse(props, text) {
  if (text.trim() === "") return null;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return props.float ? n : Math.round(n);
}

function clamp(props, n) {
  if (props.min != null && n < props.min) n = props.min;
  if (props.max != null && n > props.max) n = props.max;
  return n;
}

function decimals(props) {
  const m = props.format && /%[-+ 0#]*\d*\.(\d+)[fe]/.exec(props.format);
  if (m) return Number(m[1]);
  const s = String(props.step);
  return s.includes(".") ? s.split(".")[1].length : 0;
}

function show(props, value) {
  if (value == null || value === undefined) return "";
  return props.float ? Number(value).toFixed(decimals(props)) : String(value);
}

export function render(el, props, ctx) {
  const id = field(el, props);
  const row = document.createElement("div");
  row.className = "k-number-row";
  const input = document.createElement("input");
  input.type = "number";
  input.id = id;
  input.step = props.step;
  if (props.min != null) input.min = props.min;
  if (props.max != null) input.max = props.max;
  if (props.placeholder) input.placeholder = props.placeholder;
  input.value = show(props, props.value);
  input.disabled = !!props.disabled;
  let last = props.value;
  const send = (n) => {
    if (n === undefined) return;
    if (refuseClear(el, props, n == null, () => (input.value = show(props, last)))) return;
    const v = n == null ? null : clamp(props, n);
    last = v;
    input.value = show(props, v);
    report(ctx, el, props, v);
  };
  input.addEventListener("change", () => send(parse(props, input.value)));
  const step = (sign) => {
    const base = parse(props, input.value) ?? 0;
    const next = props.float ? Number((base + sign * props.step).toFixed(10)) : base + sign * props.step;
    send(next);
  };
  const minus = document.createElement("button");
  minus.type = "button";
  minus.className = "k-step-down";
  minus.textContent = "−";
  minus.setAttribute("aria-label", "Decrement");
  minus.addEventListener("click", () => step(-1));
  const plus = document.createElement("button");
  plus.type = "button";
  plus.className = "k-step-up";
  plus.textContent = "+";
  plus.setAttribute("aria-label", "Increment");
  plus.addEventListener("click", () => step(1));
  minus.disabled = plus.disabled = !!props.disabled;
  row.append(input, minus, plus);
  if (props.icon) row.prepend(iconSpan(props.icon));
  el.append(row);
  markRequired(el, props, props.value == null);
  el.kernelSync = (value) => (last = value);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  const input = el.querySelector("input");
  if (document.activeElement !== input) {
    input.value = show(props, props.value);
    el.kernelSync(props.value);
  }
  markRequired(el, props, input.value.trim() === "");
  input.disabled = !!props.disabled;
  relabel(el, props);
  return true;
}

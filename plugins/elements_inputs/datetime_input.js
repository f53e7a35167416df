// Renderer of "datetime_input": a native date-and-time field; reports "YYYY-MM-DDTHH:MM[:SS]" (or null).
import { field, markRequired, refuseClear, relabel, report } from "./_inputs.js";

function apply(input, props) {
  input.min = props.min;
  input.max = props.max;
  input.step = props.step;
  input.disabled = !!props.disabled;
  input.dataset.format = props.format || "YYYY/MM/DD";
}

export function render(el, props, ctx) {
  const id = field(el, props);
  const input = document.createElement("input");
  input.type = "datetime-local";
  input.id = id;
  apply(input, props);
  input.value = props.value || "";
  input.addEventListener("change", () => {
    const current = el.kernelProps || props;
    if (refuseClear(el, current, !input.value, () => (input.value = current.value || ""))) return;
    report(ctx, el, current, input.value || null);
  });
  el.append(input);
  markRequired(el, props, !props.value);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  const input = el.querySelector("input");
  apply(input, props);
  if (document.activeElement !== input) input.value = props.value || "";
  markRequired(el, props, !input.value);
  relabel(el, props);
  return true;
}

// Renderer of "time_input": a native time field; reports "HH:MM" or "HH:MM:SS" (or null).
import { field, markRequired, refuseClear, relabel, report } from "./_inputs.js";

export function render(el, props, ctx) {
  const id = field(el, props);
  const input = document.createElement("input");
  input.type = "time";
  input.id = id;
  input.step = props.step;
  input.value = props.value || "";
  input.disabled = !!props.disabled;
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
  if (document.activeElement !== input) input.value = props.value || "";
  input.disabled = !!props.disabled;
  markRequired(el, props, !input.value);
  relabel(el, props);
  return true;
}

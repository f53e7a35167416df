// Renderer of "pills" (st.pills and st.segmented_control): a group of toggle buttons.
// Reports a position or null (single) or a list of positions (multi).
import { field, relabel, report } from "./_inputs.js";

function fill(el, props, ctx) {
  const group = el.querySelector(".k-pills");
  group.replaceChildren();
  const chosen = props.multi ? props.value || [] : props.value == null ? [] : [props.value];
  props.options_html.forEach((markup, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "k-pill";
    b.innerHTML = markup;
    b.setAttribute("aria-pressed", String(chosen.includes(i)));
    b.disabled = !!props.disabled;
    b.addEventListener("click", () => {
      if (props.multi) {
        report(ctx, el, props, chosen.includes(i) ? chosen.filter((c) => c !== i) : [...chosen, i]);
      } else if (chosen.includes(i)) {
        if (!props.required) report(ctx, el, props, null);
      } else {
        report(ctx, el, props, i);
      }
    });
    group.append(b);
  });
}

export function render(el, props, ctx) {
  field(el, props);
  const group = document.createElement("div");
  group.className = props.segmented ? "k-pills k-segmented" : "k-pills";
  group.setAttribute("role", "group");
  el.append(group);
  fill(el, props, ctx);
  el.kernelRefresh = (shown) => fill(el, shown, ctx);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  fill(el, props, ctx);
  relabel(el, props);
  return true;
}

// Renderer of "selectbox": reports the index of the chosen option. Typing on the closed
// drop-down picks an option by filter_mode; `icon` shows inside the field.
import { domId, label } from "./_common.js";
import { typeAhead } from "./_filter.js";
import { applyWidth, iconSpan, report } from "./_inputs.js";
import { renderOpen, updateOpen } from "./_open_select.js";

function fill(el, select, props) {
  select.replaceChildren();
  if (props.index == null) {
    const none = document.createElement("option");
    none.value = "";
    none.textContent = props.placeholder || "";
    none.disabled = true;
    select.append(none);
  }
  props.options.forEach((text, i) => {
    const option = document.createElement("option");
    option.value = String(i);
    option.textContent = text;
    select.append(option);
  });
  select.value = props.index == null ? "" : String(props.index);
  select.disabled = !!props.disabled;
  const row = select.parentElement;
  row.querySelector(".k-field-icon")?.remove();
  if (props.icon) row.prepend(iconSpan(props.icon));
  applyWidth(el, props);
}

export function render(el, props, ctx) {
  if (props.accept_new_options) return renderOpen(el, props, ctx);
  el.dataset.widgetId = props.id;
  const id = domId(props.id);
  el.append(label(props, id));
  const row = document.createElement("div");
  row.className = "k-text-row";
  const select = document.createElement("select");
  select.id = id;
  row.append(select);
  el.append(row);
  fill(el, select, props);
  const send = () => report(ctx, el, props, Number(select.value));
  select.addEventListener("change", send);
  typeAhead(select, () => (el.kernelProps || props).filter_mode, send);
}

export function update(el, props, ctx, old) {
  if (props.accept_new_options || old.accept_new_options) {
    return props.accept_new_options === old.accept_new_options && updateOpen(el, props, ctx, old);
  }
  if (old.id !== props.id) return false;
  fill(el, el.querySelector("select"), props);
  el.querySelector("label").innerHTML = props.label;
  return true;
}

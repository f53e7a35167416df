// Renderer of "selectbox": reports the index of the chosen option.
import { domId, label } from "./_common.js";
import { renderOpen, updateOpen } from "./_open_select.js";

function fill(select, props) {
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
}

export function render(el, props, ctx) {
  if (props.accept_new_options) return renderOpen(el, props, ctx);
  el.dataset.widgetId = props.id;
  const id = domId(props.id);
  el.append(label(props, id));
  const select = document.createElement("select");
  select.id = id;
  fill(select, props);
  select.addEventListener("change", () => ctx.widgets.set(el.dataset.widgetId, Number(select.value)));
  el.append(select);
}

export function update(el, props, ctx, old) {
  if (props.accept_new_options || old.accept_new_options) {
    return props.accept_new_options === old.accept_new_options && updateOpen(el, props, ctx, old);
  }
  if (old.id !== props.id) return false;
  fill(el.querySelector("select"), props);
  el.querySelector("label").innerHTML = props.label;
  return true;
}

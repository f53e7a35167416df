// Renderer of "form_submit_button": sends its form's values with itself as the trigger.
import { help } from "./_common.js";
import { installFormBatching } from "./_forms.js";

function fill(button, props) {
  button.replaceChildren();
  if (props.icon) button.append(`${props.icon} `);
  const text = document.createElement("span");
  text.innerHTML = props.label;
  button.append(text);
  button.disabled = !!props.disabled;
  button.dataset.type = props.type || "secondary";
  button.dataset.stretch = String(!!props.stretch);
  button.title = props.help || "";
}

export function render(el, props, ctx) {
  installFormBatching(ctx.widgets);
  const button = document.createElement("button");
  button.type = "button";
  button.id = `k-w-${props.id}`;
  button.addEventListener("click", () => {
    const form = el.closest("[data-form-id]");
    if (form) ctx.widgets.submitForm(form, el.dataset.widgetId, form.dataset.clearOnSubmit === "true");
    else ctx.widgets.trigger(el.dataset.widgetId);
  });
  el.dataset.widgetId = props.id;
  fill(button, props);
  el.append(button);
  if (props.help) el.append(help(props.help));
}

export function update(el, props) {
  el.dataset.widgetId = props.id;
  const button = el.querySelector("button");
  button.id = `k-w-${props.id}`;
  fill(button, props);
  return true;
}

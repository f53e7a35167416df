// Renderer of "form_submit_button": sends its form's values with itself as the trigger.
import { renderButton } from "./button.js";
import { installFormBatching } from "./_forms.js";

export { update } from "./button.js";

export function render(el, props, ctx) {
  installFormBatching(ctx.widgets);
  renderButton(el, props, () => {
    const form = el.closest("[data-form-id]");
    if (form) ctx.widgets.submitForm(form, el.dataset.widgetId, form.dataset.clearOnSubmit === "true");
    else ctx.widgets.trigger(el.dataset.widgetId);
  });
}

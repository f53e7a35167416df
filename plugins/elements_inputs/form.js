// Renderer of "form": a bordered container whose widgets submit together.
import "./_common.js";
import { installFormBatching } from "./_forms.js";

function style(el, props) {
  el.dataset.formId = props.form_id;
  el.dataset.border = String(!!props.border);
  el.dataset.clearOnSubmit = String(!!props.clear_on_submit);
  el.dataset.enterToSubmit = String(!!props.enter_to_submit);
  if (typeof props.height === "number") {
    el.style.maxHeight = `${props.height}px`;
    el.style.overflow = "auto";
  }
  if (typeof props.width === "number") el.style.width = `${props.width}px`;
  const warning = el.querySelector(":scope > .k-form-missing-submit");
  warning.hidden = !!props.has_submit;
}

export function render(el, props, ctx) {
  installFormBatching(ctx.widgets);
  el.classList.add("k-form");
  const body = document.createElement("div");
  body.className = "k-form-body";
  const warning = document.createElement("div");
  warning.className = "k-form-missing-submit";
  warning.textContent = "This form has no submit button. Add st.form_submit_button() inside the form.";
  el.append(body, warning);
  el.addEventListener("keydown", (event) => {
    // Enter in a text field acts as clicking the first (enabled) submit button.
    if (event.key !== "Enter" || el.dataset.enterToSubmit !== "true") return;
    if (!(event.target instanceof HTMLInputElement)) return;
    const first = el.querySelector(".k-kind-form_submit_button button");
    if (!first || first.disabled) return;
    event.preventDefault();
    event.target.dispatchEvent(new Event("change", { bubbles: true }));
    first.click();
  });
  style(el, props);
  return body;
}

export function update(el, props, ctx, old) {
  if (old.form_id !== props.form_id) return false;
  style(el, props);
  return true;
}

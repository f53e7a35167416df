// Renderer of "text_input": reports the text on Enter or when the field loses focus, or
// after a pause in typing with `live`. `validate` (a regex) keeps an invalid value from
// being sent and shows its message; `required` ignores clearing the field (outside forms).
import { domId, label } from "./_common.js";
import { applyWidth, iconSpan, markRequired, refuseClear, report } from "./_inputs.js";

const INPUT_TYPES = { password: "password", email: "email", url: "url", phone: "tel", search: "search" };

function invalid(props, value) {
  if (!props.validate || value === "") return null;
  let re;
  try {
    re = new RegExp(`^(?:${props.validate.pattern})$`, "u");
  } catch {
    return null;
  }
  return re.test(value) ? null : props.validate.message;
}

function decorate(el, input, props) {
  input.type = INPUT_TYPES[props.type] || "text";
  input.placeholder = props.placeholder || "";
  if (props.max_chars) input.maxLength = props.max_chars;
  else input.removeAttribute("maxlength");
  if (props.autocomplete) input.autocomplete = props.autocomplete;
  else input.removeAttribute("autocomplete");
  input.required = !!props.required;
  input.disabled = !!props.disabled;
  const row = el.querySelector(".k-text-row");
  row.querySelector(".k-field-icon")?.remove();
  if (props.icon) row.prepend(iconSpan(props.icon));
  applyWidth(el, props);
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  const id = domId(props.id);
  el.append(label(props, id));
  const row = document.createElement("div");
  row.className = "k-text-row";
  const input = document.createElement("input");
  input.id = id;
  input.value = props.value ?? "";
  row.append(input);
  const message = document.createElement("div");
  message.className = "k-validate-message";
  message.setAttribute("role", "alert");
  message.hidden = true;
  el.append(row, message);
  decorate(el, input, props);
  markRequired(el, props, input.value === "");
  let sent = input.value;
  let timer = null;
  const commit = () => {
    clearTimeout(timer);
    const current = el.kernelProps || props;
    const value = input.value;
    if (value === sent) return;
    const problem = invalid(current, value);
    message.hidden = !problem;
    message.textContent = problem || "";
    el.dataset.invalid = String(!!problem);
    if (problem) return;
    if (refuseClear(el, current, value === "", () => (input.value = sent))) return;
    sent = value;
    report(ctx, el, current, value);
  };
  input.addEventListener("change", commit);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") commit();
  });
  input.addEventListener("input", () => {
    const current = el.kernelProps || props;
    markRequired(el, current, input.value === "");
    if (current.live == null) return;
    clearTimeout(timer);
    timer = setTimeout(commit, current.live);
  });
  el.kernelSync = (value) => (sent = value);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  const input = el.querySelector("input");
  // Never overwrite what the user is typing.
  if (document.activeElement !== input) {
    input.value = props.value ?? "";
    el.kernelSync(input.value);
  }
  decorate(el, input, props);
  markRequired(el, props, input.value === "");
  el.querySelector("label").innerHTML = props.label;
  return true;
}

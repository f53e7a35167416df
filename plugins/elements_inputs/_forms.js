// Forms hold their widgets' edits in the page until a submit button sends them.
//
// Installed once per page on the widget store the renderers share (ctx.widgets): a
// change of a widget inside a form ([data-form-id] ancestor) is kept per form instead
// of rerunning; submitForm() copies the form's edits into the store and reruns with
// the submit button as the trigger.

const installed = new WeakSet();

function formOf(widgetId) {
  const el = document.querySelector(`[data-widget-id="${CSS.escape(widgetId)}"]`);
  const form = el && el.closest("[data-form-id]");
  return form ? form.dataset.formId : null;
}

// A form with an empty required widget (required=True) does not submit: the empty ones are
// marked and a message says which.
function requiredFilled(formEl) {
  const missing = [...formEl.querySelectorAll('[data-required="true"]')].filter((el) => el.dataset.empty === "true");
  for (const el of formEl.querySelectorAll("[data-required]")) el.dataset.missing = String(missing.includes(el));
  let note = formEl.querySelector(":scope > .k-form-required-message");
  if (!missing.length) {
    if (note) note.remove();
    return true;
  }
  if (!note) {
    note = document.createElement("div");
    note.className = "k-form-required-message";
    note.setAttribute("role", "alert");
    formEl.append(note);
  }
  const names = missing.map((el) => (el.querySelector("label")?.textContent || "").trim()).filter(Boolean);
  note.textContent = `Fill in the required field${missing.length > 1 ? "s" : ""}` +
    (names.length ? `: ${names.join(", ")}` : "") + ".";
  return false;
}

export function installFormBatching(widgets) {
  if (installed.has(widgets)) return;
  installed.add(widgets);
  const pending = new Map(); // form id -> Map(widget id -> value)
  const setNow = widgets.set.bind(widgets);

  widgets.set = (id, value) => {
    const form = formOf(id);
    if (form === null) {
      setNow(id, value);
      return;
    }
    if (!pending.has(form)) pending.set(form, new Map());
    pending.get(form).set(id, value);
  };

  widgets.submitForm = (formEl, triggerId, clear) => {
    const formId = formEl.dataset.formId;
    if (!requiredFilled(formEl)) return;
    const edits = pending.get(formId);
    pending.delete(formId);
    // Every held edit is a change the submit sends (Rerun.changed), even one back to the old value.
    if (edits) for (const [id, value] of edits) widgets.hold(id, value);
    widgets.trigger(triggerId);
    if (clear) {
      // The server resets the form's widgets after this run; stop reporting old values.
      for (const el of formEl.querySelectorAll("[data-widget-id]")) {
        if (el.dataset.widgetId !== triggerId) widgets.forget(el.dataset.widgetId);
      }
    }
  };
}

// Renderer of "chat_input": a message box; Enter submits the text for exactly one run.
import "./_inputs.js";

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  el.dataset.pinned = String(!!props.pinned);
  const form = document.createElement("form");
  form.className = "k-chat-input";
  const area = document.createElement("textarea");
  area.rows = 1;
  area.placeholder = props.placeholder;
  area.setAttribute("aria-label", props.placeholder || "Chat message");
  if (props.max_chars) area.maxLength = props.max_chars;
  area.disabled = !!props.disabled;
  const send = document.createElement("button");
  send.type = "submit";
  send.textContent = "➤";
  send.setAttribute("aria-label", "Send");
  send.disabled = !!props.disabled;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = area.value;
    if (!text.trim()) return;
    area.value = "";
    const id = el.dataset.widgetId;
    ctx.widgets.values.set(id, text);
    ctx.widgets.trigger(id);
    ctx.widgets.forget(id);
  });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.append(area, send);
  el.append(form);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  el.dataset.pinned = String(!!props.pinned);
  el.querySelector("textarea").disabled = !!props.disabled;
  el.querySelector("button").disabled = !!props.disabled;
  return true;
}

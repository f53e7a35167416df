// Renderer of "chat_input": a message box; Enter submits the text for exactly one run.
// With accept_file, attached files travel like file_uploader's (see uploads.py) and the value
// is {text, files: [ids]}.
import { readFiles } from "./_inputs.js";

function errors(el, props) {
  let box = el.querySelector(".k-chat-errors");
  if (!box) {
    box = document.createElement("div");
    box.className = "k-chat-errors";
    el.append(box);
  }
  box.replaceChildren();
  for (const message of props.errors || []) {
    const row = document.createElement("div");
    row.className = "k-upload-error";
    row.setAttribute("role", "alert");
    row.textContent = message;
    box.append(row);
  }
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  el.dataset.pinned = String(!!props.pinned);
  el.kernelProps = props;
  const form = document.createElement("form");
  form.className = "k-chat-input";
  let staged = [];
  const chips = document.createElement("div");
  chips.className = "k-chat-files";
  const showStaged = () => {
    chips.replaceChildren(...staged.map((f) => {
      const chip = document.createElement("span");
      chip.className = "k-chip";
      chip.textContent = f.name;
      return chip;
    }));
  };
  if (props.accept_file) {
    const attach = document.createElement("input");
    attach.type = "file";
    attach.className = "k-chat-attach";
    attach.setAttribute("aria-label", "Attach files");
    attach.multiple = props.accept_file !== true;
    if (props.accept.length) attach.accept = props.accept.join(",");
    attach.addEventListener("change", () => {
      staged = props.accept_file === true ? [...attach.files].slice(0, 1) : [...staged, ...attach.files];
      attach.value = "";
      showStaged();
    });
    form.append(attach);
  }
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
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const current = el.kernelProps;
    const text = area.value;
    if (!text.trim() && !staged.length) return;
    area.value = "";
    const id = el.dataset.widgetId;
    if (current.accept_file) {
      const { payload, ids } = await readFiles(staged, current.max_bytes);
      staged = [];
      showStaged();
      ctx.widgets.values.set(current.upload_key, payload);
      ctx.widgets.values.set(id, { text, files: ids });
      ctx.widgets.trigger(id);
      ctx.widgets.forget(current.upload_key);
    } else {
      ctx.widgets.values.set(id, text);
      ctx.widgets.trigger(id);
    }
    ctx.widgets.forget(id);
  });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.append(area, send);
  el.append(chips, form);
  errors(el, props);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.accept_file !== props.accept_file) return false;
  el.kernelProps = props;
  el.dataset.pinned = String(!!props.pinned);
  el.querySelector("textarea").disabled = !!props.disabled;
  el.querySelector("button[type=submit]").disabled = !!props.disabled;
  errors(el, props);
  return true;
}

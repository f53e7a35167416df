// Helpers shared by the Elements II renderers: value reporting, labelled fields, stylesheet.
import { domId, label, useStylesheet } from "./_common.js";

useStylesheet(new URL("./inputs.css", import.meta.url));

// Report a widget value: rerun, unless the app said on_change="ignore" (then it rides along
// with the next rerun something else causes).
export function report(ctx, el, props, value) {
  const id = el.dataset.widgetId;
  if (props.rerun === false) ctx.widgets.values.set(id, value);
  else ctx.widgets.set(id, value);
}

// Apply the widget's width: "stretch" (the default), "content", or pixels.
export function applyWidth(el, props) {
  el.dataset.width = typeof props.width === "number" ? "px" : props.width || "stretch";
  el.style.maxWidth = typeof props.width === "number" ? `${props.width}px` : "";
}

// Start a widget's element: remember its id and add its label; returns the DOM id for the input.
export function field(el, props) {
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const id = domId(props.id);
  el.append(label(props, id));
  return id;
}

// Refresh the label after an update.
export function relabel(el, props) {
  const l = el.querySelector(":scope > label.k-label");
  if (l) {
    l.innerHTML = props.label || "";
    l.dataset.visibility = props.label_visibility || "visible";
  }
}

// An element with text from server-rendered (escaped) inline HTML.
export function html(tag, className, markup) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.innerHTML = markup || "";
  return node;
}

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

// Send picked files to the server with the next rerun. Each file gets an id; the widget's
// value is the list of ids and the bytes ride once under props.upload_key. A file over the
// limit is announced without its bytes, so the server refuses it with its message.
export async function readFiles(files, maxBytes) {
  const payload = {};
  const ids = [];
  for (const file of files) {
    const id = `f-${Math.random().toString(36).slice(2, 14)}`;
    const tooBig = file.size > maxBytes;
    const name = file.webkitRelativePath || file.name;
    payload[id] = { name, type: file.type, size: file.size, data: tooBig ? null : await readBase64(file) };
    ids.push(id);
  }
  return { payload, ids };
}

export async function sendFiles(ctx, el, props, files, keep) {
  const { payload, ids } = await readFiles(files, props.max_bytes);
  const current = keep ? ctx.widgets.value(el.dataset.widgetId, []) : [];
  ctx.widgets.values.set(props.upload_key, payload);
  report(ctx, el, props, [...current, ...ids]);
  if (props.rerun !== false) ctx.widgets.forget(props.upload_key);
}

// The list of accepted files (with remove buttons) and the server's refusals.
export function fileList(el, props, ctx) {
  const box = document.createElement("div");
  box.className = "k-files";
  for (const f of props.files || []) {
    const row = document.createElement("div");
    row.className = "k-file";
    const size = f.size >= 1048576 ? `${(f.size / 1048576).toFixed(1)} MB` : `${(f.size / 1024).toFixed(1)} KB`;
    row.textContent = `📄 ${f.name} · ${size}`;
    const x = document.createElement("button");
    x.type = "button";
    x.className = "k-file-remove";
    x.textContent = "×";
    x.setAttribute("aria-label", `Remove ${f.name}`);
    x.addEventListener("click", () => {
      const ids = ctx.widgets.value(el.dataset.widgetId, []).filter((id) => id !== f.id);
      report(ctx, el, props, ids);
    });
    row.append(x);
    box.append(row);
  }
  for (const message of props.errors || []) {
    const row = document.createElement("div");
    row.className = "k-upload-error";
    row.setAttribute("role", "alert");
    row.textContent = message;
    box.append(row);
  }
  return box;
}

// Helpers shared by the input widget renderers: value reporting, labelled fields, stylesheet.
import { html, iconNode } from "/_kernel/static/client/elements.js";
import { uploadId } from "/_kernel/static/client/uploads.js";
import { domId, label, useStylesheet } from "./_common.js";

useStylesheet(new URL("./inputs.css", import.meta.url));

// Report a widget value: rerun, unless the app said on_change="ignore" (then the page holds
// it and it rides along with the next rerun something else causes). The element's current
// props (el.kernelProps, kept by the tree) decide, so an update that changed them counts.
export function report(ctx, el, props, value) {
  const id = el.dataset.widgetId;
  const current = el.kernelProps || props;
  const formed = inForm(el);
  // A bound widget's URL follows at once (not for a form's pending edit), so the rerun request
  // carries a URL that agrees with the value: the server takes a URL that differs from the one
  // it last wrote for a navigation, and would put the widget back to that stale value.
  if (current.bind && !formed) bindToUrl(current, value);
  // In a form every change waits for the submit button anyway ("ignore" means nothing there).
  if (current.rerun === false && !formed) {
    ctx.widgets.hold(id, value);
    // Renderers that draw the value themselves (chips, pills, ratings) show the held one.
    if (el.kernelRefresh) el.kernelRefresh({ ...current, value });
  } else {
    ctx.widgets.set(id, value);
  }
}

// How a raw widget value looks in the URL (the server corrects it after the rerun if its form
// differs; a held on_change="ignore" value written here is what a reload keeps).
function urlValues(props, value) {
  const one = (v) => {
    if (v == null) return "";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number" && Array.isArray(props.options)) return props.options[v];
    return String(v);
  };
  if (Array.isArray(value)) return value.length ? value.map(one) : [""];
  return [one(value)];
}

function bindToUrl(props, value) {
  if (props.temporal) return; // slider positions over dates/times: the server writes those
  const url = new URL(location.href);
  url.searchParams.delete(props.bind);
  for (const v of urlValues(props, value)) url.searchParams.append(props.bind, v);
  history.replaceState(history.state, "", url);
}

// wrap: true (labels wrap), false (one line, cut with an ellipsis), null (one line in
// horizontal layouts such as columns).
export function applyWrap(el, props) {
  el.dataset.wrap = props.wrap === true ? "true" : props.wrap === false ? "false" : "auto";
}

// Mark a required widget's emptiness for forms (a submit with an empty required field is refused).
export function markRequired(el, props, empty) {
  if (props.required) el.dataset.required = "true";
  else delete el.dataset.required;
  el.dataset.empty = String(!!empty);
}

// Whether the widget sits in an st.form (required fields block its submit there).
export function inForm(el) {
  return !!el.closest("[data-form-id]");
}

// Apply the widget's width: "stretch" (the default), "content", or pixels.
export function applyWidth(el, props) {
  el.dataset.width = typeof props.width === "number" ? "px" : props.width || "stretch";
  el.style.maxWidth = typeof props.width === "number" ? `${props.width}px` : "";
  applyWrap(el, props);
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
export { html };

// Send picked files to the server. Each file gets an unguessable id and its bytes go in
// chunks over the stream (ctx.uploads, with a progress row per file under el); the widget's
// value is the list of ids and props.upload_key names the files. A file over the limit is
// announced without its bytes, so the server refuses it with its message; a file the server
// refused when it was announced is listed the same way and the server shows why.
export async function readFiles(ctx, el, files, props) {
  const payload = {};
  const ids = [];
  const progress = uploadProgress(el);
  const sending = [];
  for (const file of files) {
    const id = uploadId();
    const name = file.webkitRelativePath || file.name;
    payload[id] = { name, type: file.type, size: file.size, chunked: true };
    ids.push(id);
    if (file.size > props.max_bytes) continue;
    sending.push(ctx.uploads.upload(file, id, props.upload_key, name, (sent, total) => progress(id, name, sent, total))
      .catch((err) => console.warn(`kernel: upload of ${name} refused: ${err.message}`))
      .finally(() => progress(id, name, null)));
  }
  await Promise.all(sending);
  return { payload, ids };
}

// A progress row per file being sent, in a list of its own under el (a rerun that redraws
// the widget's file list leaves it alone). Returns progress(id, name, sent, total); sent
// null removes the row.
function uploadProgress(el) {
  let box = el.querySelector(":scope > .k-upload-progress-list");
  if (!box) {
    box = document.createElement("div");
    box.className = "k-upload-progress-list";
    el.append(box);
  }
  return (id, name, sent, total) => {
    let row = box.querySelector(`[data-upload-id="${CSS.escape(id)}"]`);
    if (sent === null) {
      if (row) row.remove();
      return;
    }
    if (!row) {
      row = document.createElement("div");
      row.className = "k-upload-progress";
      row.dataset.uploadId = id;
      row.setAttribute("role", "status");
      const label = document.createElement("span");
      const bar = document.createElement("progress");
      bar.setAttribute("aria-label", `Uploading ${name}`);
      row.append(label, bar);
      box.append(row);
    }
    const bar = row.querySelector("progress");
    bar.max = total || 1;
    bar.value = sent;
    const percent = total ? Math.floor((100 * sent) / total) : 100;
    row.querySelector("span").textContent = `⬆️ ${name} · ${percent}%`;
    row.dataset.percent = String(percent);
  };
}

export async function sendFiles(ctx, el, props, files, keep) {
  const { payload, ids } = await readFiles(ctx, el, files, props);
  const current = keep ? ctx.widgets.value(el.dataset.widgetId, []) : [];
  ctx.widgets.hold(props.upload_key, payload);
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
  appendUploadErrors(box, props.errors);
  return box;
}

// One alert row per message of an upload the server refused (too large, wrong type), added to box.
export function appendUploadErrors(box, errors) {
  for (const message of errors || []) {
    const row = document.createElement("div");
    row.className = "k-upload-error";
    row.setAttribute("role", "alert");
    row.textContent = message;
    box.append(row);
  }
}

// An icon inside a field or button: an emoji, or a Material Symbol drawn by the vendored font.
export function iconSpan(icon) {
  const span = iconNode(icon);
  span.classList.add("k-field-icon");
  span.setAttribute("aria-hidden", "true");
  return span;
}

// required outside a form: clearing the field is ignored (`restore` puts the last value
// back) and true is returned; inside a form the submit button refuses an empty one instead.
export function refuseClear(el, props, empty, restore) {
  const current = el.kernelProps || props;
  markRequired(el, current, empty);
  if (!current.required || !empty || inForm(el)) return false;
  restore();
  markRequired(el, current, false);
  return true;
}

// The inside of a button-like widget: its icon on the `icon_position` side of the label,
// and the keyboard shortcut as a hint.
export function buttonContent(node, props) {
  node.replaceChildren();
  const text = document.createElement("span");
  text.className = "k-button-text";
  text.innerHTML = props.label || "";
  node.append(text);
  if (props.icon) {
    const icon = iconSpan(props.icon);
    if (props.icon_position === "right") node.append(" ", icon);
    else node.prepend(icon, " ");
  }
  if (props.shortcut) {
    const hint = document.createElement("kbd");
    hint.className = "k-shortcut";
    hint.textContent = props.shortcut.text;
    node.append(hint);
  }
}

// Keyboard shortcuts of buttons: one listener for the page; each button registers its
// element, the latest props are read from el.kernelProps, so updates need no re-registering.
const shortcutButtons = new Set();
const isMac = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

function typing(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

function matchesShortcut(s, e) {
  const ctrl = s.ctrl || (s.mod && !isMac);
  const meta = s.meta || (s.mod && isMac);
  return e.key.toLowerCase() === s.key && e.ctrlKey === !!ctrl && e.metaKey === !!meta && e.altKey === !!s.alt &&
    e.shiftKey === !!s.shift;
}

document.addEventListener("keydown", (e) => {
  if (!e.key) return; // e.g. Chrome's keydown for picking an autofill suggestion
  const plain = !e.ctrlKey && !e.metaKey && !e.altKey;
  if (plain && typing(e.target)) return;
  for (const el of shortcutButtons) {
    if (!el.isConnected) {
      shortcutButtons.delete(el);
      continue;
    }
    const props = el.kernelProps;
    if (!props || !props.shortcut || props.disabled || !matchesShortcut(props.shortcut, e)) continue;
    e.preventDefault();
    const target = el.querySelector("button, a");
    if (target) target.click();
    return;
  }
});

export function registerShortcut(el) {
  shortcutButtons.add(el);
}

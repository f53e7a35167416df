// Renderer of "component": custom components. Version 1 (declare_component) runs the
// component's frontend in a sandboxed frame and speaks the postMessage protocol of
// Streamlit's component library; version 2 (st.components.v2.component) mounts trusted
// HTML, CSS and an ES module in the page itself (component_v2.js).
import { applyWidth } from "/_kernel/static/client/elements.js";
import { renderV2, updateV2 } from "./component_v2.js";

// No allow-same-origin: the frame's document gets an opaque origin, so a hostile
// component cannot reach this page, its cookies or storage, nor make same-origin requests;
// no allow-top-navigation: it cannot navigate the app away (docs/security.md, "Components").
const SANDBOX = "allow-scripts allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals allow-downloads";
const MAX_HEIGHT = 100000;
const frames = new Set();

function base64ToBytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function bytesToBase64(bytes) {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function cssVar(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

// The theme a component's render event carries (its library turns it into CSS variables).
export function theme() {
  return {
    base: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light",
    primaryColor: cssVar("--k-accent", "#e0455a"),
    backgroundColor: cssVar("--k-bg", "#ffffff"),
    secondaryBackgroundColor: cssVar("--k-bg-soft", "#f4f5f8"),
    textColor: cssVar("--k-fg", "#1f2330"),
    font: cssVar("--k-font", "sans-serif"),
  };
}

function renderMessage(props) {
  const dfs = (props.dfs || []).map((df) => ({
    key: df.key,
    value: { data: { data: base64ToBytes(df.data), index: base64ToBytes(df.index), columns: base64ToBytes(df.columns) } },
  }));
  const args = { ...(props.args || {}) };
  for (const blob of props.bytes || []) args[blob.key] = base64ToBytes(blob.data);
  return { type: "streamlit:render", args, dfs, disabled: Boolean(props.disabled), theme: theme() };
}

function targetOrigin(entry) {
  // A sandboxed frame's origin is opaque and cannot be named; a development server's can.
  return entry.sandboxed ? "*" : new URL(entry.src, location.href).origin;
}

function sendRender(entry) {
  if (!entry.ready || !entry.frame.contentWindow) return;
  entry.frame.contentWindow.postMessage(renderMessage(entry.props), targetOrigin(entry));
}

function wireValue(data) {
  const value = data.value;
  if (data.dataType === "bytes") {
    if (!(value instanceof Uint8Array)) return undefined;
    return { bytes: bytesToBase64(value) };
  }
  if (data.dataType === "dataframe") {
    if (!value || !(value.data instanceof Uint8Array)) return undefined;
    return { dataframe: { data: bytesToBase64(value.data) } };
  }
  try {
    // Only what survives JSON reaches the server (undefined becomes null, as in Streamlit).
    return { json: value === undefined ? null : JSON.parse(JSON.stringify(value)) };
  } catch (e) {
    return undefined;
  }
}

function entryFor(event) {
  for (const entry of frames) {
    if (!entry.frame.isConnected) {
      frames.delete(entry);
      continue;
    }
    if (entry.frame.contentWindow === event.source) return entry;
  }
  return null;
}

function onMessage(event) {
  // Only the frame of a component may speak for it, and only from the origin it was
  // loaded from ("null" for a sandboxed build directory).
  const entry = entryFor(event);
  if (!entry) return;
  const expected = entry.sandboxed ? "null" : new URL(entry.src, location.href).origin;
  if (event.origin !== expected) return;
  const data = event.data;
  if (!data || typeof data !== "object" || data.isStreamlitMessage !== true) return;
  if (data.type === "streamlit:componentReady") {
    entry.ready = true;
    sendRender(entry);
  } else if (data.type === "streamlit:setFrameHeight") {
    const height = Number(data.height);
    if (Number.isFinite(height) && height >= 0) entry.frame.style.height = `${Math.min(Math.ceil(height), MAX_HEIGHT)}px`;
  } else if (data.type === "streamlit:setComponentValue") {
    if (!entry.ready || entry.props.disabled) return;
    const wire = wireValue(data);
    if (wire !== undefined) entry.ctx.widgets.set(entry.props.id, wire);
  }
}

window.addEventListener("message", onMessage);

function frameSrc(props) {
  const url = new URL(props.src, location.href);
  url.searchParams.set("streamlitUrl", location.href);
  return url.href;
}

function renderV1(el, props, ctx) {
  const frame = document.createElement("iframe");
  frame.className = "k-component-frame";
  if (props.sandboxed) frame.setAttribute("sandbox", SANDBOX);
  frame.setAttribute("title", props.name);
  frame.allow = "clipboard-write";
  frame.style.border = "none";
  frame.style.display = "block";
  frame.style.width = "100%";
  // Not 0: Chromium pauses animation frames in a cross-origin frame without area, and
  // components (AG Grid) wait for one before they measure and report their height.
  frame.style.height = "1px";
  if (props.tab_index != null) frame.tabIndex = props.tab_index;
  const entry = { frame, props, ctx, ready: false, sandboxed: Boolean(props.sandboxed), src: props.src };
  frames.add(entry);
  el.kernelComponent = entry;
  el.dataset.widgetId = props.id;
  frame.src = frameSrc(props);
  el.replaceChildren(frame);
  applyWidth(el, "stretch");
}

export function render(el, props, ctx) {
  if (props.v === 2) return renderV2(el, props, ctx);
  return renderV1(el, props, ctx);
}

export function update(el, props, ctx, old) {
  if (props.v === 2 || old.v === 2) return props.v === old.v && updateV2(el, props, ctx, old);
  const entry = el.kernelComponent;
  if (!entry || old.src !== props.src || old.id !== props.id || old.sandboxed !== props.sandboxed) return false;
  entry.props = props;
  entry.ctx = ctx;
  if (props.tab_index != null) entry.frame.tabIndex = props.tab_index;
  sendRender(entry);
  return true;
}

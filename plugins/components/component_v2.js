// Version 2 custom components (st.components.v2.component): trusted HTML and CSS mounted in
// the page (in a shadow root when isolate_styles), and an ES module whose default export
// is called on every render with { name, key, data, parentElement, setStateValue,
// setTriggerValue }; a function it returns is called before the next render and on unmount.
// State values persist; a trigger value reaches only the run it starts.
import { applyWidth } from "/_kernel/static/client/elements.js";

const modules = new Map();

function loadModule(url) {
  if (!modules.has(url)) modules.set(url, import(url));
  return modules.get(url);
}

function base64ToBytes(text) {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// data as the module sees it: Arrow tables and bytes as Uint8Array.
function decodeData(data) {
  const one = (v) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      if (typeof v.__kernel_arrow__ === "string") return base64ToBytes(v.__kernel_arrow__);
      if (typeof v.__kernel_bytes__ === "string") return base64ToBytes(v.__kernel_bytes__);
    }
    return v;
  };
  if (data && typeof data === "object" && !Array.isArray(data)) {
    const top = one(data);
    if (top !== data) return top;
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, one(v)]));
  }
  return data;
}

function jsonSafe(value) {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

// The theme as the --st-* custom properties v2 components style themselves with; they
// inherit into the shadow root and follow the page's light or dark palette.
const THEME_VARS = [
  ["--st-primary-color", "--k-accent"], ["--st-background-color", "--k-bg"],
  ["--st-secondary-background-color", "--k-bg-soft"], ["--st-text-color", "--k-fg"],
  ["--st-border-color", "--k-border"], ["--st-font", "--k-font"], ["--st-code-font", "--k-mono"],
];

function mount(el, props) {
  const host = document.createElement("div");
  host.className = "k-component-v2";
  for (const [name, source] of THEME_VARS) host.style.setProperty(name, `var(${source})`);
  const root = props.isolate_styles ? host.attachShadow({ mode: "open" }) : host;
  if (props.css) {
    const style = document.createElement("style");
    style.textContent = props.css;
    root.append(style);
  }
  if (props.html) {
    const template = document.createElement("template");
    template.innerHTML = props.html;
    root.append(template.content);
  }
  el.replaceChildren(host);
  return root;
}

function call(el) {
  const inst = el.kernelV2;
  if (!inst || !inst.module) return;
  if (typeof inst.cleanup === "function") {
    try { inst.cleanup(); } catch (e) { console.error(`component ${inst.props.name}: cleanup failed`, e); }
  }
  const fn = inst.module.default;
  if (typeof fn !== "function") {
    console.error(`component ${inst.props.name}: its js has no default export function`);
    return;
  }
  inst.cleanup = fn({
    name: inst.props.name,
    key: inst.props.id,
    data: decodeData(inst.props.data),
    parentElement: inst.root,
    setStateValue: inst.setStateValue,
    setTriggerValue: inst.setTriggerValue,
  });
  el.dataset.mounted = "true";
}

function flushSoon(inst) {
  if (inst.flushing) return;
  inst.flushing = true;
  queueMicrotask(() => {
    inst.flushing = false;
    const id = inst.props.id;
    const widgets = inst.ctx.widgets;
    if (inst.fired) {
      widgets.hold(id, { state: inst.state, trigger: inst.fired });
      inst.fired = null;
      widgets.trigger(id);
      // Once sent, the trigger is spent: later reruns report the state alone.
      widgets.values.set(id, { state: inst.state, trigger: null });
    } else {
      widgets.set(id, { state: inst.state, trigger: null });
    }
  });
}

export function renderV2(el, props, ctx) {
  const root = mount(el, props);
  const inst = { props, ctx, root, module: null, cleanup: null, own: {}, fired: null, flushing: false, state: { ...(props.state || {}) } };
  // Values set in one task (a click setting a state and firing a trigger) go in one rerun.
  inst.setStateValue = (name, value) => {
    inst.own = { ...inst.own, [String(name)]: jsonSafe(value) };
    inst.state = { ...inst.state, ...inst.own };
    flushSoon(inst);
  };
  inst.setTriggerValue = (name, value) => {
    inst.fired = { name: String(name), value: jsonSafe(value) };
    flushSoon(inst);
  };
  el.kernelV2 = inst;
  el.dataset.widgetId = props.id;
  applyWidth(el, props.width);
  if (typeof props.height === "number") el.style.height = `${props.height}px`;
  if (props.js) {
    loadModule(props.js).then((module) => {
      if (el.kernelV2 !== inst) return;
      inst.module = module;
      call(el);
    }, (err) => {
      console.error(`component ${props.name}: its js failed to load`, err);
      el.dataset.mounted = "error";
    });
  } else {
    el.dataset.mounted = "true";
  }
}

export function updateV2(el, props, ctx, old) {
  const inst = el.kernelV2;
  if (!inst || old.id !== props.id || old.js !== props.js || old.html !== props.html || old.css !== props.css
      || old.isolate_styles !== props.isolate_styles) {
    return false;
  }
  inst.props = props;
  inst.ctx = ctx;
  // What this page set wins over a run that may predate it; the rest comes from the server.
  inst.state = { ...(props.state || {}), ...inst.own };
  applyWidth(el, props.width);
  call(el);
  return true;
}

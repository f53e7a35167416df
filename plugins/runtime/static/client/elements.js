// The element renderer API: helpers any renderer module may import, core or third-party.
//   import { help, label, make, useStylesheet } from "/_kernel/static/client/elements.js";
// Documented in docs/plugins.md ("Writing an element plugin", helpers); the styles they
// rely on (.k-label, .k-help, .k-icon, data-width, data-color) are in style.css.

const loaded = new Set();

// Add a stylesheet (e.g. new URL("./mine.css", import.meta.url)) to the page once.
export function useStylesheet(url) {
  const href = String(url);
  if (loaded.has(href)) return;
  loaded.add(href);
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

// A widget label (server-rendered inline Markdown, already escaped) with its help tooltip.
export function label(props, forId) {
  const el = document.createElement("label");
  el.className = "k-label";
  el.dataset.visibility = props.label_visibility || "visible";
  if (forId) el.htmlFor = forId;
  el.innerHTML = props.label || "";
  if (props.help) el.append(help(props.help, props.help_html));
  return el;
}

// The "ⓘ" tooltip of an element's `help` text (without the indentation its lines share).
// `markup` is the text's Markdown as the server rendered it (escaped; the `help_html` the
// server adds beside every `help`): shown in a tooltip on hover or keyboard focus. Without
// it, the plain text is the browser's own tooltip.
export function help(text, markup) {
  const span = document.createElement("span");
  span.className = "k-help";
  const glyph = document.createElement("span");
  glyph.textContent = "ⓘ";
  glyph.setAttribute("aria-hidden", "true");
  span.append(glyph);
  const plain = dedent(text);
  if (!markup) {
    span.title = plain;
    return span;
  }
  span.tabIndex = 0;
  span.setAttribute("aria-label", plain);
  const tip = document.createElement("span");
  tip.className = "k-help-tip";
  tip.setAttribute("role", "tooltip");
  tip.innerHTML = markup;
  span.append(tip);
  return span;
}

// `text` without the indentation its non-blank lines share, nor the blank lines around it:
// a help text written as an indented triple-quoted string shows at the margin (as
// kernel.elements.clean_text does for text bodies on the server).
export function dedent(text) {
  const lines = String(text ?? "").split("\n");
  let common = null;
  for (const line of lines) {
    if (!line.trim()) continue;
    const indent = /^[ \t]*/.exec(line)[0];
    if (common === null) common = indent;
    else while (!indent.startsWith(common)) common = common.slice(0, -1);
  }
  const cut = common ? common.length : 0;
  return lines.map((line) => (line.trim() ? line.slice(cut) : "")).join("\n").trim();
}

// A DOM id for a widget id (ids are unique per page).
export function domId(widgetId) {
  return `k-w-${widgetId}`;
}

// Create an element with a class name and optional text.
export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

// An element filled with server-rendered (escaped or sanitized) HTML, e.g. props rendered
// with kernel.elements.render_inline.
export function html(tag, className, markup) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  node.innerHTML = markup || "";
  return node;
}

// Apply a layout width ("stretch", "content" or pixels) to an element.
export function applyWidth(el, width) {
  el.dataset.width = typeof width === "number" ? "px" : String(width || "stretch");
  el.style.width = typeof width === "number" ? `${width}px` : "";
  el.style.maxWidth = typeof width === "number" ? "100%" : "";
}

// An icon: an emoji as is, or ":material/name:" as a span of class "k-material-icon" holding
// the name, which the vendored Material Symbols font (style.css) draws as one glyph.
export function iconNode(icon) {
  const span = make("span", "k-icon");
  const material = /^:material\/([a-z0-9_]+):$/.exec(icon || "");
  if (material) {
    span.classList.add("k-material-icon");
    span.dataset.material = material[1];
    span.setAttribute("translate", "no");
    span.setAttribute("aria-hidden", "true");
    span.textContent = material[1];
  } else {
    span.textContent = icon || "";
  }
  return span;
}

// The page's Content-Security-Policy nonce: a script the client adds that does not come
// from the app's origin (or has no src) runs only when it carries it (docs/security.md).
export function scriptNonce() {
  return document.querySelector("link[nonce], script[nonce]")?.nonce || "";
}

// HTML the app opted into running (st.html(unsafe_allow_javascript=True), a component's
// document) may use inline handlers (onclick="..."), which the page's CSP blocks (and
// reports as soon as such an attribute is parsed, in any document). So they are renamed in
// the text, before any parsing (onclick= becomes data-k-on-click=), and bindInlineHandlers()
// adds them as listeners compiled with Function (which the CSP allows).
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe"]);
export function moveInlineHandlers(html) {
  let out = "";
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    if (html.startsWith("<!--", lt)) {
      const end = html.indexOf("-->", lt + 4);
      const stop = end < 0 ? html.length : end + 3;
      out += html.slice(i, stop);
      i = stop;
      continue;
    }
    const name = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, lt + 64));
    if (!name) {
      out += html.slice(i, lt + 1);
      i = lt + 1;
      continue;
    }
    out += html.slice(i, lt + name[0].length);
    let j = lt + name[0].length;
    // Attributes up to the tag's end: a name, then maybe = and a quoted or bare value.
    const attr = /\s*([^\s"'>\/=]+)(\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?|\s*\/|\s+/y;
    for (;;) {
      attr.lastIndex = j;
      const m = attr.exec(html);
      if (!m || m[0] === "") break;
      out += m[1] && /^on[a-z]+$/i.test(m[1]) ? m[0].replace(m[1], `data-k-on-${m[1].slice(2).toLowerCase()}`) : m[0];
      j = attr.lastIndex;
    }
    i = j;
    const tag = name[1].toLowerCase();
    if (RAW_TEXT.has(tag) && html[j] === ">") {
      const close = html.toLowerCase().indexOf(`</${tag}`, j);
      const stop = close < 0 ? html.length : close;
      out += html.slice(j, stop);
      i = stop;
    }
  }
  return out + html.slice(i);
}

// Self-contained: it is also run inside component frames (see nonceDocument).
export function bindInlineHandlers(root, win) {
  const windowEvents = ["load", "unload", "beforeunload", "resize", "hashchange", "popstate", "message",
    "pageshow", "pagehide", "online", "offline", "storage"];
  for (const el of root.querySelectorAll("*")) {
    for (const attr of [...el.attributes]) {
      if (!attr.name.startsWith("data-k-on-")) continue;
      const name = attr.name.slice(10);
      const fn = new win.Function("event", attr.value);
      el.removeAttribute(attr.name);
      const target = el.tagName === "BODY" && windowEvents.includes(name) ? win : el;
      target.addEventListener(name, (event) => {
        if (fn.call(el, event) === false) event.preventDefault();
      });
    }
  }
}

// A whole HTML document (a component's srcdoc, which inherits the page's CSP) whose scripts
// carry the page's nonce and whose inline handlers are bound by a script of its own.
export function nonceDocument(html) {
  const nonce = scriptNonce();
  if (!nonce || !/<script|\son[a-z]+\s*=/i.test(html)) return html;
  const moved = moveInlineHandlers(html);
  const doc = new DOMParser().parseFromString(moved, "text/html");
  for (const script of doc.querySelectorAll("script")) script.setAttribute("nonce", nonce);
  if (moved !== html) {
    const boot = doc.createElement("script");
    boot.setAttribute("nonce", nonce);
    // Bound as the parser adds elements (the observer runs before each later script), as
    // inline handlers would be.
    boot.textContent = `{const bind = () => (${bindInlineHandlers})(document, window);
const watch = new MutationObserver(bind);
watch.observe(document, { childList: true, subtree: true });
document.addEventListener("DOMContentLoaded", () => { watch.disconnect(); bind(); });}`;
    doc.head.prepend(boot);
  }
  return (/^\s*<!doctype/i.test(html) ? "<!doctype html>" : "") + doc.documentElement.outerHTML;
}

// Load a classic script (a vendor bundle served by the server) once; resolves when it ran.
const scripts = new Map();
export function loadScript(src) {
  if (!scripts.has(src)) {
    scripts.set(src, new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = src;
      tag.onload = () => resolve();
      tag.onerror = () => reject(new Error(`could not load ${src}`));
      document.head.append(tag);
    }));
  }
  return scripts.get(src);
}

// The render/update pair of an element drawn asynchronously by `draw(el, props, ctx)` (a chart):
// `el.dataset.drawn` is "false" while drawing, then "true", or "error" with a message in
// the element's `.k-chart-box` when drawing failed (tests and users both see which).
export function asyncChart(draw) {
  async function redraw(el, props, ctx) {
    el.dataset.drawn = "false";
    try {
      await draw(el, props, ctx);
      el.dataset.drawn = "true";
    } catch (err) {
      const box = el.querySelector(".k-chart-box") || el;
      box.replaceChildren(make("div", "k-chart-error", `The chart could not be drawn: ${err.message || err}`));
      el.dataset.drawn = "error";
    }
  }
  return {
    render(el, props, ctx) { redraw(el, props, ctx); },
    update(el, props, ctx) { redraw(el, props, ctx); return true; },
  };
}

// Whether url may be a link target: http, https, mailto, no scheme (relative) or about:blank. javascript:,
// vbscript:, data: and other schemes are refused (the same rule as kernel.elements.is_safe_url).
// The browser drops controls and spaces before reading a scheme, so they are dropped here too.
const SAFE_SCHEMES = new Set(["http", "https", "mailto"]);
export function safeUrl(url) {
  if (typeof url !== "string") return false;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url.replace(/[\u0000-\u0020\u007f]/g, ""));
  return !m || SAFE_SCHEMES.has(m[1].toLowerCase()) || url.trim().toLowerCase() === "about:blank";
}

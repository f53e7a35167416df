// Helpers shared by the Elements I renderers (text extras, data, charts, media).
import { help, useStylesheet } from "./_common.js";

useStylesheet(new URL("./elements1.css", import.meta.url));

export { help };

// Apply a layout width ("stretch", "content" or pixels) to an element.
export function applyWidth(el, width) {
  el.dataset.width = typeof width === "number" ? "px" : String(width || "stretch");
  el.style.width = typeof width === "number" ? `${width}px` : "";
  el.style.maxWidth = typeof width === "number" ? "100%" : "";
}

// Create an element with a class name and optional text.
export function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
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

// Text for an emoji or ":material/name:" icon (Material Symbols need a font, so show the name's emoji-less form).
export function iconNode(icon) {
  const span = make("span", "k-icon");
  const material = /^:material\/([a-z0-9_]+):$/.exec(icon || "");
  if (material) {
    span.dataset.material = material[1];
    span.textContent = "";
    span.title = material[1];
  } else {
    span.textContent = icon;
  }
  return span;
}

// The render/update pair of a chart drawn asynchronously by `draw(el, props, ctx, box)`:
// `el.dataset.drawn` is "false" while drawing, then "true", or "error" with a message in
// the chart's box when drawing failed (tests and users both see which).
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

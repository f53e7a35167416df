// Sanitise an SVG made from user text (a DOT or Mermaid source) before it joins the page. Graphviz copies DOT
// URLs, hrefs, image paths and stylesheets into its SVG, so a label or URL from a user could carry a
// `javascript:` link or make the page fetch from elsewhere. What is left: the drawing, internal references
// (`url(#gradient)`, `href="#id"`) and links to http(s), mailto or relative addresses, opened with noopener.
import { safeUrl } from "/_kernel/static/client/elements.js";

const GRAPHVIZ_TAGS = new Set([
  "svg", "g", "title", "desc", "defs", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line",
  "text", "tspan", "a", "lineargradient", "radialgradient", "stop", "clippath",
]);
const NEVER = new Set(["script", "iframe", "object", "embed", "foreignobject", "style", "image", "use", "animate",
  "set", "animatetransform", "animatemotion", "handler", "link", "meta", "base", "form", "input", "button"]);
const HTML_LABEL_OK = new Set(["foreignobject", "style"]); // Mermaid's labels (its DOMPurify already cleaned them)
const URL_ATTRS = new Set(["href", "xlink:href", "src", "action", "formaction"]);

function linkOk(value) {
  const v = value.trim();
  return v.startsWith("#") || (safeUrl(v) && !/^\/\//.test(v));
}

function cleanAttributes(el) {
  for (const attr of [...el.attributes]) {
    const name = attr.name.toLowerCase();
    const value = attr.value;
    if (name.startsWith("on")) el.removeAttribute(attr.name);
    else if (URL_ATTRS.has(name)) {
      if (el.localName.toLowerCase() !== "a" ? !value.trim().startsWith("#") : !linkOk(value)) {
        el.removeAttribute(attr.name);
      }
    } else if (/url\s*\(\s*['"]?\s*(?!#)/i.test(value) || /expression\s*\(|javascript:/i.test(value)) {
      el.removeAttribute(attr.name); // an external url() in a style or paint, or script in a value
    }
  }
  if (el.localName.toLowerCase() === "a") {
    el.setAttribute("rel", "noopener noreferrer");
    const target = el.getAttribute("target");
    if (target && target !== "_blank" && target !== "_self") el.setAttribute("target", "_blank");
  }
}

// Clean `root` (an <svg> element) in place and return it. `htmlLabels`: keep Mermaid's <foreignObject> labels
// and <style> (the stylesheet Mermaid wrote for this diagram); otherwise only Graphviz's drawing elements stay.
export function sanitizeSvg(root, { htmlLabels = false } = {}) {
  const walker = [root];
  while (walker.length) {
    const el = walker.pop();
    for (const child of [...el.childNodes]) {
      if (child.nodeType === Node.COMMENT_NODE || child.nodeType === Node.PROCESSING_INSTRUCTION_NODE) {
        child.remove();
        continue;
      }
      if (child.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = child.localName.toLowerCase();
      const allowed = htmlLabels ? (!NEVER.has(tag) || HTML_LABEL_OK.has(tag)) : GRAPHVIZ_TAGS.has(tag);
      if (!allowed) {
        child.remove();
        continue;
      }
      if (tag === "style" && /@import|url\s*\(\s*['"]?\s*(?!#|data:)/i.test(child.textContent)) {
        child.remove();
        continue;
      }
      walker.push(child);
    }
    cleanAttributes(el);
  }
  return root;
}

// Renderer of "html": HTML sanitized on the server (scripts run only with unsafe_allow_javascript).
import {
  applyWidth,
  bindInlineHandlers,
  moveInlineHandlers,
  scriptNonce,
  useStylesheet,
} from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  if (props.scripts) {
    // Inline handlers (which the page's CSP blocks) become listeners.
    el.innerHTML = moveInlineHandlers(props.html);
    bindInlineHandlers(el, window);
  } else {
    el.innerHTML = props.html;
  }
  applyWidth(el, props.width);
  // Style-only HTML takes no space in the page.
  const onlyStyle = [...el.childNodes].every(
    (n) => (n.nodeType === Node.ELEMENT_NODE && n.tagName === "STYLE") || (n.nodeType === Node.TEXT_NODE && !n.textContent.trim()),
  );
  el.classList.toggle("k-html-style-only", onlyStyle);
  if (props.scripts) {
    for (const old of el.querySelectorAll("script")) {
      const tag = document.createElement("script");
      for (const attr of old.attributes) tag.setAttribute(attr.name, attr.value);
      // The page's CSP lets a script run only from the app's origin or with its nonce.
      tag.nonce = scriptNonce();
      tag.textContent = old.textContent;
      old.replaceWith(tag);
    }
  }
}

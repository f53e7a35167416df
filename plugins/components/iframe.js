// Renderer of "iframe": st.iframe and st.components.v1.html/iframe. A URL (src) or an HTML
// document (srcdoc) in a frame; scripts run inside it. An unchanged source keeps the frame
// (and its state) when the element is rendered again.
import { applyWidth, nonceDocument } from "/_kernel/static/client/elements.js";

const SANDBOX = "allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-same-origin "
  + "allow-scripts allow-downloads";

function fitContent(frame) {
  try {
    const doc = frame.contentDocument;
    if (doc && doc.documentElement) frame.style.height = `${doc.documentElement.scrollHeight}px`;
  } catch (e) {
    // another origin: its height cannot be read; the frame keeps the default height
  }
}

export function render(el, props) {
  let frame = el.querySelector("iframe.k-iframe");
  const source = props.src != null ? `src:${props.src}` : `doc:${props.srcdoc}`;
  if (!frame || frame.dataset.source !== source) {
    frame = document.createElement("iframe");
    frame.className = "k-iframe";
    frame.dataset.source = source;
    frame.setAttribute("sandbox", SANDBOX);
    frame.style.border = "none";
    frame.style.display = "block";
    frame.style.width = "100%";
    if (props.src != null) frame.src = props.src;
    // A srcdoc document inherits the page's CSP: its scripts get the page's nonce.
    else frame.srcdoc = nonceDocument(props.srcdoc);
    frame.addEventListener("load", () => {
      if (frame.dataset.height === "content") fitContent(frame);
    });
    el.replaceChildren(frame);
  }
  frame.title = props.alt || "embedded content";
  frame.setAttribute("scrolling", props.scrolling ? "auto" : "no");
  if (props.tab_index != null) frame.tabIndex = props.tab_index;
  frame.dataset.height = String(props.height);
  if (typeof props.height === "number") frame.style.height = `${props.height}px`;
  else if (props.height === "stretch") frame.style.height = "100%";
  else frame.style.height = "150px";
  if (props.height === "content") fitContent(frame);
  applyWidth(el, props.width);
}

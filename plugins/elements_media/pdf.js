// Renderer of "pdf": the browser's own PDF viewer in a frame (the file comes from the media route).
import { make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./media.css", import.meta.url));

export function render(el, props) {
  const frame = document.createElement("iframe");
  frame.className = "k-pdf";
  frame.src = props.src;
  frame.title = props.alt || "PDF document";
  frame.style.height = typeof props.height === "number" ? `${props.height}px` : "80vh";
  const link = make("a", "k-pdf-link", "Open the PDF");
  link.href = props.src;
  link.target = "_blank";
  link.rel = "noopener";
  el.append(frame, link);
}

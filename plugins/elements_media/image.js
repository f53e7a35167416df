// Renderer of "image": one image or a wrapping row of images, each with a caption.
import { applyWidth, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./media.css", import.meta.url));

export function render(el, props) {
  const row = make("div", "k-images");
  for (const item of props.images) {
    const figure = make("figure", "k-image");
    const img = document.createElement("img");
    img.src = item.src;
    img.alt = props.alt || item.caption || "";
    img.loading = "lazy";
    if (typeof props.width === "number") img.style.width = `${props.width}px`;
    img.dataset.width = typeof props.width === "number" ? "px" : props.width;
    if (props.link) {
      const a = document.createElement("a");
      a.href = props.link;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.append(img);
      figure.append(a);
    } else {
      figure.append(img);
    }
    if (item.caption) figure.append(make("figcaption", "", item.caption));
    row.append(figure);
  }
  el.append(row);
  applyWidth(el, props.images.length > 1 ? "stretch" : props.width);
}

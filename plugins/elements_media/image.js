// Renderer of "image": one image or a wrapping row of images, each with a caption. An update
// (st.empty().image(frame) in a loop) keeps the old row until every new image is decoded,
// then swaps the rows at once: the element never shows a blank frame between two images.
import { applyWidth, make, safeUrl, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./media.css", import.meta.url));

// The row of figures for `props`; `lazy`: images off screen load when scrolled to (a row
// built for an update loads at once, so that it can be decoded before it is shown).
function buildRow(props, lazy) {
  const row = make("div", "k-images");
  for (const item of props.images) {
    const figure = make("figure", "k-image");
    const img = document.createElement("img");
    img.alt = props.alt || item.caption || "";
    img.loading = lazy ? "lazy" : "eager";
    img.src = item.src;
    if (typeof props.width === "number") img.style.width = `${props.width}px`;
    img.dataset.width = typeof props.width === "number" ? "px" : props.width;
    if (props.link && safeUrl(props.link)) {
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
  return row;
}

export function render(el, props) {
  el.append(buildRow(props, true));
  applyWidth(el, props.images.length > 1 ? "stretch" : props.width);
}

export function update(el, props) {
  const row = buildRow(props, false);
  const version = (el.kernelImageVersion || 0) + 1;
  el.kernelImageVersion = version;
  // An image that cannot be decoded (a broken URL) is shown as the browser shows it.
  const decoded = [...row.querySelectorAll("img")].map((img) => img.decode().catch(() => undefined));
  Promise.all(decoded).then(() => {
    if (el.kernelImageVersion !== version) return; // a newer update came first: it wins
    const old = el.querySelector(":scope > .k-images");
    if (old) old.replaceWith(row);
    else el.append(row);
    applyWidth(el, props.images.length > 1 ? "stretch" : props.width);
  });
  return true;
}

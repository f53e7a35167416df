// Renderer of "logo" (st.logo): the root "header" is pinned to the page's top-left corner, above the
// sidebar; of its elements only the last shows (the run's last st.logo call). The icon_image shows
// instead of the image while the sidebar is collapsed or absent (logo.css).
import { iconNode, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./logo.css", import.meta.url));

function picture(pic, className) {
  if (pic.src != null) {
    const img = document.createElement("img");
    img.src = pic.src;
    img.alt = "Logo";
    img.className = className;
    return img;
  }
  const icon = iconNode(pic.icon);
  icon.classList.add(className);
  icon.setAttribute("aria-label", "Logo");
  return icon;
}

export function render(el, props) {
  el.dataset.size = props.size;
  const holder = props.link ? document.createElement("a") : make("span");
  if (props.link) {
    holder.href = props.link;
    holder.target = "_blank";
    holder.rel = "noopener noreferrer";
  }
  holder.className = "k-logo";
  holder.append(picture(props.image, "k-logo-image"));
  if (props.icon_image) {
    holder.append(picture(props.icon_image, "k-logo-icon"));
    holder.dataset.hasIcon = "true";
  }
  el.append(holder);
}

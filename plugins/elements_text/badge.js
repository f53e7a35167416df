// Renderer of "badge": a coloured pill with an optional icon.
import { applyWidth, help, iconNode, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  const pill = make("span", "k-badge");
  pill.dataset.color = props.color;
  if (props.icon) pill.append(iconNode(props.icon));
  pill.append(make("span", "k-badge-label", props.label));
  el.append(pill);
  if (props.help) el.append(help(props.help, props.help_html));
  applyWidth(el, props.width);
}

// Renderer of "expander": a <details> whose body holds the children.
import { html } from "./_inputs.js";

export function render(el, props) {
  const details = document.createElement("details");
  details.className = "k-expander";
  details.dataset.type = props.type || "default";
  details.open = !!props.expanded;
  const summary = document.createElement("summary");
  summary.append(html("span", "k-expander-label", (props.icon ? `${props.icon} ` : "") + props.label));
  const body = document.createElement("div");
  body.className = "k-expander-body";
  details.append(summary, body);
  el.append(details);
  return body;
}

export function update(el, props, ctx, old) {
  el.querySelector(".k-expander-label").innerHTML = (props.icon ? `${props.icon} ` : "") + props.label;
  if (old.expanded !== props.expanded) el.querySelector("details").open = !!props.expanded;
  return true;
}

// Renderer of "expander": a <details> whose body holds the children.
import { iconNode } from "/_kernel/static/client/elements.js";
import { html, report } from "./_layout.js";

// The label: the icon (emoji or Material Symbol), then the server-rendered Markdown.
function fillLabel(span, props) {
  span.innerHTML = props.label;
  if (props.icon) span.prepend(iconNode(props.icon), " ");
}

export function render(el, props, ctx) {
  const details = document.createElement("details");
  details.className = "k-expander";
  details.dataset.type = props.type || "default";
  details.open = !!props.expanded;
  const summary = document.createElement("summary");
  const label = html("span", "k-expander-label", "");
  fillLabel(label, props);
  summary.append(label);
  const body = document.createElement("div");
  body.className = "k-expander-body";
  details.append(summary, body);
  el.append(details);
  el.kernelProps = props;
  // A tracked expander (it has a widget id) reruns the app when opened or closed.
  details.addEventListener("toggle", () => {
    const current = el.kernelProps;
    if (!current.id || details.open === !!current.expanded) return;
    el.dataset.widgetId = current.id;
    report(ctx, el, current, details.open);
  });
  return body;
}

export function update(el, props, ctx, old) {
  fillLabel(el.querySelector(".k-expander-label"), props);
  el.kernelProps = props;
  if (old.expanded !== props.expanded) el.querySelector("details").open = !!props.expanded;
  return true;
}

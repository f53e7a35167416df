// Renderer of "status": an expandable box with a state icon (running, complete, error) over its children.
import { html, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

const STATE_ICONS = { complete: "✔", error: "✖" };

function head(el, props) {
  const summary = el.querySelector("summary");
  summary.replaceChildren();
  const icon = document.createElement("span");
  icon.className = props.state === "running" ? "k-spin" : "k-status-icon";
  icon.textContent = STATE_ICONS[props.state] || "";
  summary.append(icon, html("span", "k-status-label", props.label));
  el.dataset.state = props.state;
}

export function render(el, props) {
  const details = document.createElement("details");
  details.className = "k-status";
  details.open = !!props.expanded;
  const summary = document.createElement("summary");
  const body = document.createElement("div");
  body.className = "k-status-body";
  details.append(summary, body);
  el.append(details);
  head(el, props);
  return body;
}

export function update(el, props, ctx, old) {
  head(el, props);
  if (old.expanded !== props.expanded) el.querySelector("details").open = !!props.expanded;
  return true;
}

// Renderer of "json": a collapsible tree; `expanded` is true, false or the depth opened at first.
import { make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

function openAt(depth, expanded) {
  if (expanded === true) return true;
  if (expanded === false) return false;
  return depth < expanded;
}

function scalar(value) {
  const span = make("span", `k-json-${value === null ? "null" : typeof value}`);
  span.textContent = JSON.stringify(value);
  return span;
}

function node(key, value, depth, expanded) {
  const isArray = Array.isArray(value);
  const row = make("div", "k-json-row");
  if (value === null || typeof value !== "object") {
    if (key !== null) row.append(make("span", "k-json-key", `${key}: `));
    row.append(scalar(value));
    return row;
  }
  const entries = isArray ? value.map((v, i) => [i, v]) : Object.entries(value);
  const details = document.createElement("details");
  details.open = openAt(depth, expanded);
  const summary = document.createElement("summary");
  if (key !== null) summary.append(make("span", "k-json-key", `${key}: `));
  summary.append(make("span", "k-json-brace", isArray ? "[" : "{"));
  summary.append(make("span", "k-json-count", ` ${entries.length} ${isArray ? "items" : "keys"} `));
  details.append(summary);
  const body = make("div", "k-json-body");
  for (const [k, v] of entries) body.append(node(isArray ? k : JSON.stringify(k), v, depth + 1, expanded));
  details.append(body, make("span", "k-json-brace", isArray ? "]" : "}"));
  row.append(details);
  return row;
}

export function render(el, props) {
  let value;
  try {
    value = JSON.parse(props.text);
  } catch {
    el.append(make("pre", "", props.text));
    return;
  }
  const tree = make("div", "k-json");
  tree.append(node(null, value, 0, props.expanded === undefined ? true : props.expanded));
  el.append(tree);
}

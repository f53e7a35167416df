// Helpers shared by the core renderers: labels, help tooltips, stylesheets.

const loaded = new Set();

// Add the stylesheet next to a renderer module once per page.
export function useStylesheet(url) {
  const href = String(url);
  if (loaded.has(href)) return;
  loaded.add(href);
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

// A widget label (server-rendered inline Markdown, already escaped) with its help tooltip.
export function label(props, forId) {
  const el = document.createElement("label");
  el.className = "k-label";
  el.dataset.visibility = props.label_visibility || "visible";
  if (forId) el.htmlFor = forId;
  el.innerHTML = props.label || "";
  if (props.help) el.append(help(props.help));
  return el;
}

export function help(text) {
  const span = document.createElement("span");
  span.className = "k-help";
  span.textContent = "ⓘ";
  span.title = text;
  return span;
}

// A DOM id for a widget id (ids are unique per page).
export function domId(widgetId) {
  return `k-w-${widgetId}`;
}

useStylesheet(new URL("./elements.css", import.meta.url));

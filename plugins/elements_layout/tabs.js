// Renderer of "tabs": a tab bar over a body whose children are the tab containers; shows one at a time.
import { report } from "./_layout.js";

function show(el, index) {
  el.dataset.active = String(index);
  el.querySelectorAll(":scope > .k-tabbar > button").forEach((b, i) => {
    b.setAttribute("aria-selected", String(i === index));
  });
  const body = el.querySelector(":scope > .k-tabs-body");
  [...body.children].forEach((child, i) => (child.hidden = i !== index));
}

// height: "content", "stretch" or pixels (the panels scroll).
function size(el, props) {
  const body = el.querySelector(":scope > .k-tabs-body");
  body.style.height = typeof props.height === "number" ? `${props.height}px` : "";
  body.style.overflowY = typeof props.height === "number" ? "auto" : "";
  el.dataset.height = typeof props.height === "number" ? "px" : props.height || "content";
}

function bar(el, props, ctx) {
  const nav = el.querySelector(":scope > .k-tabbar");
  nav.replaceChildren();
  props.labels.forEach((markup, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.innerHTML = markup;
    b.addEventListener("click", () => {
      show(el, i);
      // Tracked tabs (with a widget id) rerun the app with the active tab's label.
      const current = el.kernelProps;
      if (current.id && current.default !== i) {
        el.dataset.widgetId = current.id;
        report(ctx, el, current, current.label_texts[i]);
      }
    });
    nav.append(b);
  });
}

export function render(el, props, ctx) {
  el.kernelProps = props;
  const nav = document.createElement("div");
  nav.className = "k-tabbar";
  nav.setAttribute("role", "tablist");
  const body = document.createElement("div");
  body.className = "k-tabs-body";
  el.append(nav, body);
  bar(el, props, ctx);
  size(el, props);
  new MutationObserver(() => show(el, Number(el.dataset.active || 0))).observe(body, { childList: true });
  show(el, props.default || 0);
  return body;
}

export function update(el, props, ctx, old) {
  el.kernelProps = props;
  size(el, props);
  if (JSON.stringify(old.labels) !== JSON.stringify(props.labels)) {
    bar(el, props, ctx);
    show(el, Math.min(Number(el.dataset.active || 0), props.labels.length - 1));
  } else if (props.id && old.default !== props.default) {
    show(el, props.default);
  }
  return true;
}

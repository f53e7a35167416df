// Renderer of "tabs": a tab bar over a body whose children are the tab containers; shows one at a time.
import "./_inputs.js";

function show(el, index) {
  el.dataset.active = String(index);
  el.querySelectorAll(":scope > .k-tabbar > button").forEach((b, i) => {
    b.setAttribute("aria-selected", String(i === index));
  });
  const body = el.querySelector(":scope > .k-tabs-body");
  [...body.children].forEach((child, i) => (child.hidden = i !== index));
}

function bar(el, props) {
  const nav = el.querySelector(":scope > .k-tabbar");
  nav.replaceChildren();
  props.labels.forEach((markup, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("role", "tab");
    b.innerHTML = markup;
    b.addEventListener("click", () => show(el, i));
    nav.append(b);
  });
}

export function render(el, props) {
  const nav = document.createElement("div");
  nav.className = "k-tabbar";
  nav.setAttribute("role", "tablist");
  const body = document.createElement("div");
  body.className = "k-tabs-body";
  el.append(nav, body);
  bar(el, props);
  new MutationObserver(() => show(el, Number(el.dataset.active || 0))).observe(body, { childList: true });
  show(el, props.default || 0);
  return body;
}

export function update(el, props, ctx, old) {
  if (JSON.stringify(old.labels) !== JSON.stringify(props.labels)) {
    bar(el, props);
    show(el, Math.min(Number(el.dataset.active || 0), props.labels.length - 1));
  }
  return true;
}

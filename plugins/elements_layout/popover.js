// Renderer of "popover": a button that opens a floating panel holding the children.
import { iconNode } from "/_kernel/static/client/elements.js";
import { help, report } from "./_layout.js";

// One listener for the page: a click outside an open popover closes it.
document.addEventListener("click", (e) => {
  for (const wrap of document.querySelectorAll(".k-popover")) {
    if (!wrap.contains(e.target) && wrap.kernelClose) wrap.kernelClose();
  }
});

function fill(button, props) {
  button.innerHTML = props.label + " ▾";
  if (props.icon) button.prepend(iconNode(props.icon), " ");
  button.disabled = !!props.disabled;
  button.dataset.type = props.type || "secondary";
  button.dataset.stretch = String(!!props.stretch);
  button.dataset.wrap = props.wrap === true ? "true" : props.wrap === false ? "false" : "auto";
}

export function render(el, props, ctx) {
  el.kernelProps = props;
  const wrap = document.createElement("div");
  wrap.className = "k-popover";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "k-popover-button";
  button.setAttribute("aria-expanded", "false");
  const panel = document.createElement("div");
  panel.className = "k-popover-panel";
  panel.hidden = true;
  const toggle = (open) => {
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    // A tracked popover (with a widget id) reruns the app when opened or closed.
    const current = el.kernelProps;
    if (current.id && open !== !!current.open) {
      el.dataset.widgetId = current.id;
      report(ctx, el, current, open);
    }
  };
  button.addEventListener("click", (e) => {
    e.stopPropagation();
    toggle(panel.hidden);
  });
  wrap.kernelClose = () => toggle(false);
  fill(button, props);
  wrap.append(button, panel);
  if (props.help) wrap.append(help(props.help, props.help_html));
  el.append(wrap);
  return panel;
}

export function update(el, props) {
  el.kernelProps = props;
  fill(el.querySelector(".k-popover-button"), props);
  return true;
}

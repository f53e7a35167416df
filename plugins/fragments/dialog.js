// Renderer of "dialog": a modal over the page holding an st.dialog's elements.
// Dismissing it (X, Esc, a click outside) hides it; with on_dismiss it also reruns.
import { iconNode, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./fragments.css", import.meta.url));

function dismiss(el, ctx) {
  if (el.dataset.dismissible !== "true" || el.hidden) return;
  el.hidden = true;
  if (el.dataset.dismissId) ctx.widgets.trigger(el.dataset.dismissId);
}

function fill(el, props) {
  el.hidden = false;
  el.dataset.fragmentId = props.fragment_id;
  el.dataset.dismissible = String(!!props.dismissible);
  el.dataset.position = props.position || "center";
  if (props.dismiss_id) el.dataset.dismissId = props.dismiss_id;
  else delete el.dataset.dismissId;
  const panel = el.querySelector(".k-dialog-panel");
  panel.dataset.width = typeof props.width === "number" ? "px" : props.width;
  panel.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  const title = el.querySelector(".k-dialog-title");
  title.innerHTML = props.title;
  if (props.icon) title.prepend(iconNode(props.icon), " ");
  el.querySelector(".k-dialog-close").hidden = !props.dismissible;
}

export function render(el, props, ctx) {
  el.classList.add("k-dialog");
  el.setAttribute("role", "dialog");
  el.setAttribute("aria-modal", "true");
  const panel = document.createElement("div");
  panel.className = "k-dialog-panel";
  const head = document.createElement("div");
  head.className = "k-dialog-head";
  const title = document.createElement("h2");
  title.className = "k-dialog-title";
  const close = document.createElement("button");
  close.type = "button";
  close.className = "k-dialog-close";
  close.setAttribute("aria-label", "Close");
  close.textContent = "×";
  close.addEventListener("click", () => dismiss(el, ctx));
  head.append(title, close);
  const body = document.createElement("div");
  body.className = "k-dialog-body";
  panel.append(head, body);
  el.append(panel);
  el.addEventListener("click", (event) => {
    if (event.target === el) dismiss(el, ctx);
  });
  const onKey = (event) => {
    if (!el.isConnected) {
      document.removeEventListener("keydown", onKey); // the dialog is gone from the page
      return;
    }
    if (event.key === "Escape") dismiss(el, ctx);
  };
  document.addEventListener("keydown", onKey);
  fill(el, props);
  return body;
}

export function update(el, props) {
  fill(el, props);
  return true;
}

// Renderer of "toast": a notification in the top-right corner that goes away after its duration.
import { html, iconNode, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

function stack() {
  let box = document.getElementById("k-toasts");
  if (!box) {
    box = document.createElement("div");
    box.id = "k-toasts";
    document.body.append(box);
  }
  return box;
}

function show(el, props) {
  if (el.kernelToast) el.kernelToast.remove();
  const note = document.createElement("div");
  note.className = "k-toast";
  note.setAttribute("role", "status");
  const icon = iconNode(props.icon);
  icon.classList.add("k-toast-icon");
  note.append(icon, html("span", "k-toast-body", props.html));
  const close = document.createElement("button");
  close.type = "button";
  close.textContent = "×";
  close.setAttribute("aria-label", "Close");
  close.addEventListener("click", () => note.remove());
  note.append(close);
  stack().append(note);
  el.kernelToast = note;
  if (props.seconds) setTimeout(() => note.remove(), props.seconds * 1000);
}

export function render(el, props) {
  el.hidden = true;
  show(el, props);
}

export function update(el, props) {
  show(el, props);
  return true;
}

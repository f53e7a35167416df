// Renderer of "chat_message": an avatar beside a body that holds the message's elements.
import "./_inputs.js";

export function render(el, props) {
  el.dataset.role = props.role;
  const avatar = document.createElement("div");
  avatar.className = "k-avatar";
  avatar.textContent = props.avatar;
  avatar.setAttribute("aria-label", props.name);
  const body = document.createElement("div");
  body.className = "k-chat-body";
  el.classList.add("k-chat-message");
  el.append(avatar, body);
  return body;
}

export function update(el, props) {
  el.dataset.role = props.role;
  el.querySelector(".k-avatar").textContent = props.avatar;
  return true;
}

// Renderer of "chat_message": an avatar (an emoji, an icon, a text or an image) beside a body that holds the message's elements.
import "./_inputs.js";
import { iconNode } from "/_kernel/static/client/elements.js";

function fillAvatar(avatar, props) {
  avatar.replaceChildren();
  if (props.avatar_src != null) {
    const img = document.createElement("img");
    img.src = props.avatar_src;
    img.alt = props.name;
    avatar.append(img);
  } else {
    avatar.append(iconNode(props.avatar));
  }
  avatar.dataset.src = props.avatar_src ?? "";
}

export function render(el, props) {
  el.dataset.role = props.role;
  const avatar = document.createElement("div");
  avatar.className = "k-avatar";
  avatar.setAttribute("aria-label", props.name);
  fillAvatar(avatar, props);
  const body = document.createElement("div");
  body.className = "k-chat-body";
  el.classList.add("k-chat-message");
  el.append(avatar, body);
  return body;
}

export function update(el, props, ctx, old) {
  el.dataset.role = props.role;
  if (old.avatar !== props.avatar || old.avatar_src !== props.avatar_src) {
    fillAvatar(el.querySelector(".k-avatar"), props);
  }
  return true;
}

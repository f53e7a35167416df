// Renderer of "feedback": thumbs, faces or stars; reports the chosen position (or null).
import { applyWidth, report } from "./_inputs.js";

const ICONS = { thumbs: ["👎", "👍"], faces: ["😞", "🙁", "😐", "🙂", "😀"], stars: ["★", "★", "★", "★", "★"] };
const NAMES = { thumbs: ["thumbs down", "thumbs up"], faces: ["very sad", "sad", "neutral", "happy", "very happy"],
  stars: ["1 star", "2 stars", "3 stars", "4 stars", "5 stars"] };

function fill(el, props, ctx) {
  const group = el.querySelector(".k-feedback");
  group.replaceChildren();
  ICONS[props.options].forEach((icon, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = icon;
    b.setAttribute("aria-label", NAMES[props.options][i]);
    const on = props.options === "stars" ? props.value != null && i <= props.value : props.value === i;
    b.setAttribute("aria-pressed", String(on));
    b.disabled = !!props.disabled;
    b.addEventListener("click", () => report(ctx, el, props, props.value === i ? null : i));
    group.append(b);
  });
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const group = document.createElement("div");
  group.className = "k-feedback";
  group.dataset.options = props.options;
  el.append(group);
  fill(el, props, ctx);
  el.kernelRefresh = (shown) => fill(el, shown, ctx);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  fill(el, props, ctx);
  return true;
}

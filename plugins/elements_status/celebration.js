// Renderer of "celebration" (st.balloons, st.snow): emoji floating across the page once.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

export function render(el, props) {
  el.dataset.type = props.type;
  const layer = document.createElement("div");
  layer.className = `k-celebration k-${props.type}`;
  layer.setAttribute("aria-hidden", "true");
  const glyphs = props.type === "snow" ? ["❄", "❅", "❆"] : ["🎈", "🎈", "🎉"];
  for (let i = 0; i < 30; i++) {
    const p = document.createElement("span");
    p.textContent = glyphs[i % glyphs.length];
    p.style.left = `${Math.random() * 100}vw`;
    p.style.animationDelay = `${Math.random() * 1.2}s`;
    p.style.fontSize = `${1.2 + Math.random() * 1.6}rem`;
    layer.append(p);
  }
  document.body.append(layer);
  setTimeout(() => layer.remove(), 5000);
}

export function update(el, props, ctx, old) {
  if (old.at === props.at) return true;
  return false;
}

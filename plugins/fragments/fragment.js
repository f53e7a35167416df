// Renderer of "fragment": the container of an st.fragment; its widgets rerun only it.
// With run_every, the page asks for a rerun of the fragment on that interval.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./fragments.css", import.meta.url));

function schedule(el, props, ctx) {
  clearInterval(Number(el.dataset.timer || 0));
  delete el.dataset.timer;
  if (!props.run_every) return;
  const timer = setInterval(() => {
    if (!el.isConnected) {
      clearInterval(timer);
      return;
    }
    ctx.rerunFragment(el.dataset.fragmentId);
  }, props.run_every * 1000);
  el.dataset.timer = String(timer);
}

export function render(el, props, ctx) {
  el.classList.add("k-fragment");
  el.dataset.fragmentId = props.fragment_id;
  schedule(el, props, ctx);
  return el;
}

export function update(el, props, ctx, old) {
  el.dataset.fragmentId = props.fragment_id;
  if (old.run_every !== props.run_every || old.fragment_id !== props.fragment_id) schedule(el, props, ctx);
  return true;
}

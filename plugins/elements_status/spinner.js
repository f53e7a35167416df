// Renderer of "spinner": shown while a `with st.spinner(...)` block runs (optionally with elapsed time).
import { html, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./status.css", import.meta.url));

export function render(el, props) {
  const row = document.createElement("div");
  row.className = "k-spinner-row";
  row.setAttribute("role", "status");
  const wheel = document.createElement("span");
  wheel.className = "k-spin";
  row.append(wheel, html("span", "k-spinner-text", props.html));
  if (props.show_time) {
    const time = document.createElement("span");
    time.className = "k-spinner-time";
    const start = Date.now();
    const tick = () => {
      if (!el.isConnected) return;
      time.textContent = `(${((Date.now() - start) / 1000).toFixed(1)} seconds)`;
      setTimeout(tick, 100);
    };
    tick();
    row.append(time);
  }
  el.append(row);
}

// Renderer of "mermaid_chart" (st.mermaid_chart): a Mermaid diagram drawn by mermaid (vendored from npm, loaded only
// by pages with such a diagram) with securityLevel "strict" (labels sanitised, no click callbacks; a diagram's
// %%{init}%% directive cannot change it), in the page's light or dark theme. A syntax error shows in its place.
import { asyncChart, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";
import { sanitizeSvg } from "./_svg_safe.js";

useStylesheet(new URL("./diagrams.css", import.meta.url));

const DARK = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
let library = null;
let counter = 0;

function loadMermaid(url) {
  if (!library) {
    library = loadScript(url).then(() => {
      const mermaid = window.mermaid;
      mermaid.initialize({
        startOnLoad: false,
        securityLevel: "strict",
        theme: DARK ? "dark" : "default",
        fontFamily: "system-ui, sans-serif",
      });
      return mermaid;
    });
  }
  return library;
}

async function draw(el, props) {
  let box = el.querySelector(".k-mermaid");
  if (!box) {
    box = make("div", "k-mermaid k-chart-box");
    el.append(box);
  }
  box.dataset.width = typeof props.width === "number" ? "px" : props.width;
  box.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  box.setAttribute("role", "img");
  if (props.alt) box.setAttribute("aria-label", props.alt);
  else box.removeAttribute("aria-label");
  const mermaid = await loadMermaid(props.bundle);
  const id = `k-mermaid-${++counter}`;
  let svg;
  try {
    ({ svg } = await mermaid.render(id, props.body));
  } catch (err) {
    throw new Error(`Mermaid could not read the diagram: ${err.message || err}`);
  } finally {
    // On an error mermaid may leave its scratch element behind in the body.
    document.getElementById(`d${id}`)?.remove();
  }
  // Parsed inert (a <template> runs nothing), cleaned, then shown.
  const holder = document.createElement("template");
  holder.innerHTML = svg;
  const root = holder.content.querySelector("svg");
  if (!root) throw new Error("Mermaid drew nothing");
  sanitizeSvg(root, { htmlLabels: true });
  root.style.maxWidth = "100%";
  box.replaceChildren(root);
  box.dataset.diagram = root.getAttribute("aria-roledescription") || "";
}

const chart = asyncChart(draw);

export function render(el, props, ctx) {
  chart.render(el, props, ctx);
}

export function update(el, props, ctx) {
  return chart.update(el, props, ctx);
}

// Renderer of "container" (st.container, and each tab of st.tabs): a box for its children.
import "./_layout.js";

const GAPS = { xxsmall: ".25rem", xsmall: ".5rem", small: "1rem", medium: "2rem", large: "4rem", xlarge: "6rem",
  xxlarge: "8rem" };

function style(el, props) {
  el.classList.add("k-container");
  if (props.tab !== undefined) {
    el.dataset.tab = String(props.tab);
    el.setAttribute("role", "tabpanel");
    return;
  }
  el.dataset.border = String(!!props.border);
  el.dataset.horizontal = String(!!props.horizontal);
  el.dataset.halign = props.halign || "left";
  el.dataset.valign = props.valign || "top";
  el.dataset.wrap = String(props.wrap !== false);
  el.style.gap = props.gap == null ? "0" : typeof props.gap === "number" ? `${props.gap}px` : GAPS[props.gap] || "";
  el.style.height = typeof props.height === "number" ? `${props.height}px` : "";
  el.style.overflowY = typeof props.height === "number" ? "auto" : "";
  el.style.width = typeof props.width === "number" ? `${props.width}px` : "";
  if (props.key !== undefined) el.classList.add(`st-key-${props.key}`);
}

// autoscroll: a container of fixed height keeps its end in view as children arrive (true),
// never (false), or when it holds chat messages (null).
function follow(el) {
  const props = el.kernelProps || {};
  if (typeof props.height !== "number" || props.autoscroll === false) return;
  if (props.autoscroll !== true && !el.querySelector(".k-kind-chat_message")) return;
  el.scrollTop = el.scrollHeight;
}

export function render(el, props) {
  style(el, props);
  el.kernelProps = props;
  if (props.tab === undefined) {
    new MutationObserver(() => follow(el)).observe(el, { childList: true, subtree: true, characterData: true });
  }
  return el;
}

export function update(el, props) {
  style(el, props);
  el.kernelProps = props;
  return true;
}

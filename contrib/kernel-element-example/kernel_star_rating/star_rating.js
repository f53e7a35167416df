// Renderer of "star_rating" (the kernel-star-rating plugin).
//
// A renderer module exports render(el, props, ctx) and, optionally, update(el, props, ctx, old)
// (return false to be rendered afresh). props are what the Python command sent; a widget reports
// its value with ctx.widgets.set(props.id, value), which reruns the script.

const STYLE = `
.kx-stars { display: flex; flex-direction: column; gap: .3rem; }
.kx-stars-row { display: inline-flex; gap: .15rem; }
.kx-stars-row button { border: 0; background: transparent; font-size: 1.6rem; line-height: 1; cursor: pointer;
  color: #c8c8c8; padding: 0; }
.kx-stars-row button[aria-pressed="true"] { color: #f5b301; }
.kx-stars-row button:disabled { cursor: default; }
`;

function addStyle() {
  if (document.getElementById("kx-stars-style")) return;
  const style = document.createElement("style");
  style.id = "kx-stars-style";
  style.textContent = STYLE;
  document.head.append(style);
}

function paint(el, props) {
  el.querySelectorAll(".kx-stars-row button").forEach((b, i) => {
    b.setAttribute("aria-pressed", String(i < props.value));
    b.disabled = !!props.disabled;
  });
  el.querySelector(".kx-stars-label").textContent = props.label;
}

export function render(el, props, ctx) {
  addStyle();
  el.classList.add("kx-stars");
  el.dataset.widgetId = props.id;
  const label = document.createElement("span");
  label.className = "kx-stars-label";
  if (props.help) label.title = props.help;
  const row = document.createElement("div");
  row.className = "kx-stars-row";
  row.setAttribute("role", "group");
  row.setAttribute("aria-label", props.label);
  for (let i = 1; i <= props.max; i++) {
    const star = document.createElement("button");
    star.type = "button";
    star.textContent = "★";
    star.setAttribute("aria-label", `${i} of ${props.max} stars`);
    // Clicking the lit star that is the current value clears the rating.
    star.addEventListener("click", () => {
      const current = Number(el.dataset.value);
      ctx.widgets.set(el.dataset.widgetId, current === i ? 0 : i);
    });
    row.append(star);
  }
  el.append(label, row);
  el.dataset.value = String(props.value);
  paint(el, props);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.max !== props.max) return false;
  el.dataset.value = String(props.value);
  paint(el, props);
  return true;
}

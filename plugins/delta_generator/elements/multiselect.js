// Renderer of "multiselect": chips of chosen options and a box to add more.
// Reports positions of chosen options (typed new options as text).
import { field, relabel, report } from "./_inputs.js";

function build(el, props, ctx) {
  const box = el.querySelector(".k-multiselect");
  box.replaceChildren();
  const chosen = props.value || [];
  const name = (v) => (typeof v === "number" ? props.options[v] : v);
  chosen.forEach((v) => {
    const chip = document.createElement("span");
    chip.className = "k-chip";
    chip.textContent = name(v);
    const x = document.createElement("button");
    x.type = "button";
    x.className = "k-chip-remove";
    x.textContent = "×";
    x.setAttribute("aria-label", `Remove ${name(v)}`);
    x.disabled = !!props.disabled;
    x.addEventListener("click", () => report(ctx, el, props, chosen.filter((c) => c !== v)));
    chip.append(x);
    box.append(chip);
  });
  const full = props.max_selections != null && chosen.length >= props.max_selections;
  const input = document.createElement("input");
  input.id = el.dataset.domId;
  input.setAttribute("list", `${el.dataset.domId}-list`);
  input.placeholder = full ? `Only ${props.max_selections} allowed` : props.placeholder;
  input.disabled = !!props.disabled || full;
  const list = document.createElement("datalist");
  list.id = `${el.dataset.domId}-list`;
  props.options.forEach((text, i) => {
    if (chosen.includes(i)) return;
    const option = document.createElement("option");
    option.value = text;
    list.append(option);
  });
  const add = () => {
    const text = input.value.trim();
    if (!text) return;
    const i = props.options.indexOf(text);
    if (i >= 0 && !chosen.includes(i)) report(ctx, el, props, [...chosen, i]);
    else if (i < 0 && props.accept_new_options && !chosen.includes(text)) report(ctx, el, props, [...chosen, text]);
    input.value = "";
  };
  input.addEventListener("change", add);
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") {
      e.preventDefault();
      add();
    }
  });
  box.append(input, list);
}

export function render(el, props, ctx) {
  el.dataset.domId = field(el, props);
  const box = document.createElement("div");
  box.className = "k-multiselect";
  el.append(box);
  build(el, props, ctx);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  build(el, props, ctx);
  relabel(el, props);
  return true;
}

// Renderer of "multiselect": chips of chosen options and a box to add more.
// Reports positions of chosen options (typed new options as text).
// filter_mode narrows the suggestions as the user types (null: a drop-down, no typing);
// select_all (decided by the server) adds a "Select all" button.
import { fillSuggestions } from "./_filter.js";
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
  if (props.filter_mode == null) {
    // No typing: pick from a drop-down of the options not chosen yet.
    const pick = document.createElement("select");
    pick.id = el.dataset.domId;
    pick.disabled = !!props.disabled || full;
    const none = document.createElement("option");
    none.value = "";
    none.textContent = full ? `Only ${props.max_selections} allowed` : props.placeholder;
    pick.append(none);
    props.options.forEach((text, i) => {
      if (chosen.includes(i)) return;
      const option = document.createElement("option");
      option.value = String(i);
      option.textContent = text;
      pick.append(option);
    });
    pick.addEventListener("change", () => {
      if (pick.value !== "") report(ctx, el, props, [...chosen, Number(pick.value)]);
    });
    box.append(pick);
    selectAll(el, props, ctx, box, chosen);
    return;
  }
  const input = document.createElement("input");
  input.id = el.dataset.domId;
  input.setAttribute("list", `${el.dataset.domId}-list`);
  input.placeholder = full ? `Only ${props.max_selections} allowed` : props.placeholder;
  input.disabled = !!props.disabled || full;
  const list = document.createElement("datalist");
  list.id = `${el.dataset.domId}-list`;
  const remaining = props.options.map((text, i) => [i, text]).filter(([i]) => !chosen.includes(i));
  const suggest = () => fillSuggestions(list, input, remaining, props.filter_mode);
  suggest();
  input.addEventListener("input", suggest);
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
  selectAll(el, props, ctx, box, chosen);
}

function selectAll(el, props, ctx, box, chosen) {
  if (!props.select_all) return;
  const all = props.options.map((_, i) => i);
  const button = document.createElement("button");
  button.type = "button";
  button.className = "k-select-all";
  button.textContent = "Select all";
  button.disabled = !!props.disabled || all.every((i) => chosen.includes(i));
  button.addEventListener("click", () => {
    const typed = chosen.filter((c) => typeof c === "string");
    report(ctx, el, props, [...chosen.filter((c) => typeof c === "number"), ...all.filter((i) => !chosen.includes(i)),
      ...typed]);
  });
  box.append(button);
}

export function render(el, props, ctx) {
  el.dataset.domId = field(el, props);
  const box = document.createElement("div");
  box.className = "k-multiselect";
  el.append(box);
  build(el, props, ctx);
  el.kernelRefresh = (shown) => build(el, shown, ctx);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  build(el, props, ctx);
  relabel(el, props);
  return true;
}

// Renderer of "text_area": reports the text on blur or Ctrl/Cmd+Enter.
import { field, markRequired, refuseClear, relabel, report } from "./_inputs.js";

export function render(el, props, ctx) {
  const id = field(el, props);
  const area = document.createElement("textarea");
  area.id = id;
  area.value = props.value ?? "";
  area.rows = 3;
  if (props.height) area.style.height = `${props.height}px`;
  if (props.placeholder) area.placeholder = props.placeholder;
  if (props.max_chars) area.maxLength = props.max_chars;
  area.disabled = !!props.disabled;
  let sent = area.value;
  const commit = () => {
    if (area.value === sent) return;
    if (refuseClear(el, el.kernelProps || props, area.value === "", () => (area.value = sent))) return;
    sent = area.value;
    report(ctx, el, props, area.value);
  };
  area.addEventListener("blur", commit);
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      commit();
    }
  });
  el.append(area);
  markRequired(el, props, area.value === "");
  area.addEventListener("input", () => markRequired(el, el.kernelProps || props, area.value === ""));
  el.kernelSync = (value) => (sent = value);
  if (props.max_chars) {
    const count = document.createElement("small");
    count.className = "k-char-count";
    const refresh = () => (count.textContent = `${area.value.length}/${props.max_chars}`);
    area.addEventListener("input", refresh);
    refresh();
    el.append(count);
  }
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  const area = el.querySelector("textarea");
  if (document.activeElement !== area) {
    area.value = props.value ?? "";
    el.kernelSync(area.value);
  }
  markRequired(el, props, area.value === "");
  area.disabled = !!props.disabled;
  relabel(el, props);
  return true;
}

// Renderer of "color_picker": reports "#rrggbb"; shows the value as given ("#ABC" too).
import { field, relabel, report } from "./_inputs.js";

// What <input type="color"> takes: "#rrggbb" in lower case ("#ABC" -> "#aabbcc").
function fullHex(value) {
  const text = String(value || "#000000");
  if (/^#[0-9a-fA-F]{3}$/.test(text)) return `#${[...text.slice(1)].map((c) => c + c).join("")}`.toLowerCase();
  return text.toLowerCase();
}

export function render(el, props, ctx) {
  const id = field(el, props);
  const row = document.createElement("div");
  row.className = "k-color-row";
  const input = document.createElement("input");
  input.type = "color";
  input.id = id;
  input.value = fullHex(props.value);
  input.disabled = !!props.disabled;
  const code = document.createElement("code");
  code.textContent = props.value;
  input.addEventListener("input", () => (code.textContent = input.value));
  input.addEventListener("change", () => report(ctx, el, props, input.value));
  row.append(input, code);
  el.append(row);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  const input = el.querySelector("input");
  input.value = fullHex(props.value);
  input.disabled = !!props.disabled;
  el.querySelector("code").textContent = props.value;
  relabel(el, props);
  return true;
}

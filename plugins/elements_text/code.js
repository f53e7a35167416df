// Renderer of "code": Pygments-highlighted HTML from the server, with a copy button.
import { useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));
useStylesheet(new URL("./code.css", import.meta.url));

export function render(el, props) {
  const pre = document.createElement("pre");
  pre.dataset.wrap = String(!!props.wrap_lines);
  if (props.height) pre.style.maxHeight = `${props.height}px`;
  const code = document.createElement("code");
  code.className = "k-code";
  if (props.language) code.dataset.language = props.language;
  if (props.line_numbers) {
    code.innerHTML = props.html
      .replace(/\n$/, "")
      .split("\n")
      .map((line, i) => `<span class="k-line-no">${i + 1}</span>${line}`)
      .join("\n");
  } else {
    code.innerHTML = props.html;
  }
  pre.append(code);
  const copy = document.createElement("button");
  copy.type = "button";
  copy.className = "k-copy";
  copy.textContent = "Copy";
  copy.addEventListener("click", () => navigator.clipboard && navigator.clipboard.writeText(props.code));
  el.append(pre, copy);
}

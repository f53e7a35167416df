// Renderer of "help": an object's name, signature, docstring and members.
import { applyWidth, make, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./text.css", import.meta.url));

export function render(el, props) {
  const box = make("div", "k-help-box");
  const head = make("div", "k-help-head");
  if (props.name) head.append(make("strong", "k-help-name", props.name));
  if (props.signature) head.append(make("code", "k-help-sig", props.signature));
  head.append(make("span", "k-help-type", props.type));
  box.append(head);
  if (props.value) box.append(make("code", "k-help-value", props.value));
  if (props.doc) box.append(make("pre", "k-help-doc", props.doc));
  if (props.members && props.members.length) {
    const table = make("table", "k-help-members");
    for (const m of props.members) {
      const row = table.insertRow();
      const name = row.insertCell();
      name.append(make("code", "", m.name + (m.signature || "")));
      row.insertCell().textContent = m.doc || m.value || m.type;
    }
    box.append(table);
  }
  el.append(box);
  applyWidth(el, props.width);
}

// Renderer of "menu_button": a button that opens a menu of options. Choosing one holds its
// position under the widget id and fires the widget as the run's trigger; opening and
// closing the menu alone sends nothing.
import { dedent, help } from "./_common.js";
import { applyWrap, buttonContent } from "./_inputs.js";

function close(el) {
  const menu = el.querySelector(".k-menu");
  const button = el.querySelector(".k-menu-button");
  if (!menu || menu.hidden) return;
  menu.hidden = true;
  button.setAttribute("aria-expanded", "false");
}

function open(el) {
  const menu = el.querySelector(".k-menu");
  menu.hidden = false;
  el.querySelector(".k-menu-button").setAttribute("aria-expanded", "true");
  const first = menu.querySelector("[role=menuitem]");
  if (first) first.focus();
}

function fill(el, props, ctx) {
  const button = el.querySelector(".k-menu-button");
  buttonContent(button, props);
  const chevron = document.createElement("span");
  chevron.className = "k-menu-chevron";
  chevron.setAttribute("aria-hidden", "true");
  chevron.textContent = "▾";
  button.append(chevron);
  button.disabled = !!props.disabled;
  button.dataset.type = props.type || "secondary";
  button.dataset.stretch = String(props.width === "stretch");
  button.title = dedent(props.help || "");
  applyWrap(el, props);
  const menu = el.querySelector(".k-menu");
  menu.replaceChildren();
  menu.setAttribute("aria-label", (props.label_text || "") + " options");
  (props.options || []).forEach((markup, i) => {
    const item = document.createElement("button");
    item.type = "button";
    item.setAttribute("role", "menuitem");
    item.className = "k-menu-item";
    item.innerHTML = markup;
    item.addEventListener("click", () => {
      close(el);
      const id = el.dataset.widgetId;
      ctx.widgets.hold(id, i);
      ctx.widgets.trigger(id);
      ctx.widgets.forget(id);
    });
    menu.append(item);
  });
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  const wrap = document.createElement("div");
  wrap.className = "k-menu-wrap";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "k-menu-button";
  button.id = `k-w-${props.id}`;
  button.setAttribute("aria-haspopup", "menu");
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", () => {
    if (el.querySelector(".k-menu").hidden) open(el);
    else close(el);
  });
  const menu = document.createElement("div");
  menu.className = "k-menu";
  menu.setAttribute("role", "menu");
  menu.hidden = true;
  menu.addEventListener("keydown", (e) => {
    const items = [...menu.querySelectorAll("[role=menuitem]")];
    const at = items.indexOf(document.activeElement);
    if (e.key === "Escape") {
      close(el);
      button.focus();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      const next = items[(at + (e.key === "ArrowDown" ? 1 : items.length - 1)) % items.length];
      if (next) next.focus();
    }
  });
  // A click anywhere else closes the menu without a rerun.
  document.addEventListener("click", (e) => {
    if (!el.isConnected || el.contains(e.target)) return;
    close(el);
  });
  wrap.append(button, menu);
  el.append(wrap);
  fill(el, props, ctx);
  if (props.help) el.append(help(props.help));
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  fill(el, props, ctx);
  return true;
}

// Renderer of "pagination": previous/next arrows around page numbers; reports the page (1-based).
import { applyWidth, report } from "./_inputs.js";

// The page numbers to show (null: a gap), at most `max` of them (null: all; 0: none).
export function visiblePages(count, current, max) {
  const all = Array.from({ length: count }, (_, i) => i + 1);
  if (max == null || count <= max) return all;
  if (max === 0) return [];
  if (max < 5) {
    const start = Math.min(Math.max(current - Math.floor((max - 1) / 2), 1), count - max + 1);
    return all.slice(start - 1, start - 1 + max);
  }
  const inner = max - 4; // besides the first, the last and two gaps
  if (current <= max - 3) return [...all.slice(0, max - 2), null, count];
  if (current >= count - (max - 4)) return [1, null, ...all.slice(count - (max - 2))];
  const start = current - Math.floor((inner - 1) / 2);
  return [1, null, ...all.slice(start - 1, start - 1 + inner), null, count];
}

function arrow(text, name, page, props, ctx, el) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "k-page-arrow";
  b.textContent = text;
  b.setAttribute("aria-label", name);
  b.disabled = !!props.disabled || page < 1 || page > props.num_pages;
  b.addEventListener("click", () => report(ctx, el, props, page));
  return b;
}

function fill(el, props, ctx) {
  const nav = el.querySelector(".k-pagination");
  nav.replaceChildren();
  const current = props.value;
  nav.append(arrow("‹", "Previous page", current - 1, props, ctx, el));
  for (const page of visiblePages(props.num_pages, current, props.max_visible_pages)) {
    if (page === null) {
      const gap = document.createElement("span");
      gap.className = "k-page-gap";
      gap.textContent = "…";
      gap.setAttribute("aria-hidden", "true");
      nav.append(gap);
      continue;
    }
    const b = document.createElement("button");
    b.type = "button";
    b.className = "k-page";
    b.textContent = String(page);
    b.setAttribute("aria-label", `Page ${page}`);
    if (page === current) b.setAttribute("aria-current", "page");
    b.disabled = !!props.disabled;
    b.addEventListener("click", () => {
      if (page !== current) report(ctx, el, props, page);
    });
    nav.append(b);
  }
  nav.append(arrow("›", "Next page", current + 1, props, ctx, el));
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  applyWidth(el, props);
  const nav = document.createElement("nav");
  nav.className = "k-pagination";
  nav.setAttribute("aria-label", "Pagination");
  el.append(nav);
  fill(el, props, ctx);
  el.kernelRefresh = (shown) => fill(el, shown, ctx);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  applyWidth(el, props);
  fill(el, props, ctx);
  return true;
}

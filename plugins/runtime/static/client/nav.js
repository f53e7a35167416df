// Multipage apps: the page menu (sidebar or top), page URLs and "page not found".
//
// A page's URL is "/" + its url_path ("" for the default page). The client sends the
// page it shows with every Rerun; the server answers each full run with a Navigation
// message (the pages, the current one) and this module keeps the URL in step.

import { dedent, iconNode } from "./elements.js";

export function pagePath(urlPath) {
  return "/" + encodeURIComponent(urlPath || "");
}

// The page the address bar names ("" for the root).
export function currentPagePath() {
  const path = location.pathname.replace(/^\/+|\/+$/g, "");
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const EMBED = ["embed", "embed_options"];

// The query string for a new page: its own parameters plus the embed ones of the URL.
export function pageQuery(queryString) {
  const next = new URLSearchParams(queryString || "");
  for (const [name, value] of new URLSearchParams(location.search)) {
    if (EMBED.includes(name.toLowerCase()) && !next.has(name)) next.append(name, value);
  }
  const text = next.toString();
  return text ? `?${text}` : "";
}

function link(page, onNavigate) {
  const a = document.createElement("a");
  a.className = "k-nav-link";
  a.dataset.page = page.url_path;
  if (page.help) a.title = dedent(page.help);
  if (page.icon) {
    const icon = iconNode(page.icon);
    icon.classList.add("k-nav-icon");
    a.append(icon);
  }
  a.append(Object.assign(document.createElement("span"), { textContent: page.title }));
  if (page.external_url) {
    a.href = page.external_url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  a.href = pagePath(page.url_path);
  a.addEventListener("click", (event) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    onNavigate(page.url_path, "");
  });
  return a;
}

export class Navigation {
  // sideEl: the <nav> in the sidebar; onNavigate(urlPath, queryString) shows a page.
  constructor(sideEl, onNavigate) {
    this.sideEl = sideEl;
    this.onNavigate = onNavigate;
    this.topEl = document.createElement("nav");
    this.topEl.id = "kernel-topnav";
    this.topEl.setAttribute("aria-label", "Pages");
    this.topEl.hidden = true;
    this.notice = document.createElement("div");
    this.notice.id = "kernel-page-not-found";
    this.notice.setAttribute("role", "alert");
    this.notice.hidden = true;
    document.body.append(this.topEl, this.notice);
    this.msg = null;
    this.expanded = false;
  }

  // The page the last Navigation named, or null for a single-page app.
  get current() {
    if (!this.msg) return null;
    return this.msg.pages.find((p) => !p.external_url && p.url_path === this.msg.current) || null;
  }

  get inSidebar() {
    return !this.sideEl.hidden;
  }

  clear() {
    this.msg = null;
    this.sideEl.hidden = true;
    this.sideEl.replaceChildren();
    this.topEl.hidden = true;
    this.topEl.replaceChildren();
    this.notice.hidden = true;
  }

  apply(msg) {
    if (!msg.pages.length) {
      this.clear();
      return;
    }
    this.msg = msg;
    this.syncUrl(msg);
    this.render(msg);
    if (msg.page_not_found !== null && msg.page_not_found !== undefined) this.showNotFound(msg);
    else this.notice.hidden = true;
  }

  syncUrl(msg) {
    const path = pagePath(msg.current);
    const target = path + pageQuery(msg.query_string);
    if (msg.switched) {
      // st.switch_page: a new history entry (none when it switched to the page shown).
      if (target !== location.pathname + location.search) history.pushState(null, "", target);
    } else if (location.pathname !== path && currentPagePath() !== msg.current) {
      // The default page asked for by name, or an unknown page: correct the address in place.
      history.replaceState(history.state, "", path + location.search);
    }
  }

  render(msg) {
    const visible = msg.pages.filter((p) => !p.hidden);
    const show = msg.position !== "hidden" && visible.length > 1;
    const target = msg.position === "top" ? this.topEl : this.sideEl;
    this.sideEl.hidden = !(show && msg.position === "sidebar");
    this.topEl.hidden = !(show && msg.position === "top");
    this.sideEl.replaceChildren();
    this.topEl.replaceChildren();
    if (!show) return;
    const limit = msg.collapsed_count && !this.expanded ? msg.collapsed_count : visible.length;
    let section = null;
    let list = null;
    visible.forEach((page, i) => {
      if (i >= limit) return;
      if (list === null || page.section !== section) {
        section = page.section;
        if (section) {
          const head = document.createElement("div");
          head.className = "k-nav-section";
          head.textContent = section;
          target.append(head);
        }
        list = document.createElement("ul");
        list.className = "k-nav-list";
        target.append(list);
      }
      const item = document.createElement("li");
      const a = link(page, this.onNavigate);
      if (!page.external_url && page.url_path === msg.current) {
        a.setAttribute("aria-current", "page");
      }
      item.append(a);
      list.append(item);
    });
    if (limit < visible.length) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "k-nav-more";
      more.textContent = `View ${visible.length - limit} more`;
      more.addEventListener("click", () => {
        this.expanded = true;
        this.render(this.msg);
      });
      target.append(more);
    }
  }

  showNotFound(msg) {
    const box = this.notice;
    box.replaceChildren();
    const title = document.createElement("strong");
    title.textContent = "Page not found";
    const text = document.createElement("p");
    text.textContent = `This app has no page at /${msg.page_not_found}. Showing the main page instead. Pages:`;
    const list = document.createElement("ul");
    for (const page of msg.pages.filter((p) => !p.hidden && !p.external_url)) {
      const item = document.createElement("li");
      item.append(link(page, (urlPath, query) => {
        box.hidden = true;
        this.onNavigate(urlPath, query);
      }));
      list.append(item);
    }
    const close = document.createElement("button");
    close.type = "button";
    close.className = "k-nav-close";
    close.textContent = "Dismiss";
    close.addEventListener("click", () => {
      box.hidden = true;
    });
    box.append(title, text, list, close);
    box.hidden = false;
  }
}

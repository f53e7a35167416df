// The sidebar's collapse control, as in Streamlit: a "«" button at the top of the sidebar
// hides it, a "»" button at the top left of the page brings it back. st.set_page_config's
// initial_sidebar_state ("auto": collapsed in windows narrower than AUTO_COLLAPSE_BELOW
// pixels, expanded otherwise; "expanded"; "collapsed"; "locked": expanded with no collapse
// control) applies when the page opens and whenever the app asks for another state; a rerun
// that asks for the same one leaves the user's choice alone. A width in pixels (the app's
// initial_sidebar_state=300) sets the sidebar's width.

export const AUTO_COLLAPSE_BELOW = 768;

// The button's name is its (visually hidden) text, not an aria-label: a test's
// get_by_label("x") of an app's widget must not find the sidebar's buttons.
function button(id, text, name, onClick) {
  const b = document.createElement("button");
  b.id = id;
  b.type = "button";
  b.title = name;
  const glyph = document.createElement("span");
  glyph.textContent = text;
  glyph.setAttribute("aria-hidden", "true");
  const said = document.createElement("span");
  said.className = "k-sr-only";
  said.textContent = name;
  b.append(glyph, said);
  b.addEventListener("click", onClick);
  return b;
}

export class SidebarControl {
  // sidebar: the <aside>; its data-collapsed says whether the user (or the app) hid it.
  constructor(sidebar) {
    this.sidebar = sidebar;
    this.available = false;
    this.applied = null;
    this.collapseButton = button("k-sidebar-collapse", "«", "Collapse sidebar", () => this.setCollapsed(true));
    this.expandButton = button("k-sidebar-expand", "»", "Expand sidebar", () => this.setCollapsed(false));
    sidebar.prepend(this.collapseButton);
  }

  get collapsed() {
    return this.sidebar.dataset.collapsed === "true";
  }

  setCollapsed(on) {
    this.sidebar.dataset.collapsed = on ? "true" : "false";
    this.sync();
  }

  // Whether the sidebar has anything to show (elements, the page menu).
  setAvailable(available) {
    this.available = available;
    this.sidebar.hidden = !available;
    this.sync();
  }

  // The app's initial_sidebar_state (null or undefined: "auto") and sidebar width in pixels
  // (null: the default), applied when they change.
  applyInitialState(state, width) {
    this.sidebar.style.width = width ? `${width}px` : "";
    const wanted = state || "auto";
    if (wanted === this.applied) return;
    this.applied = wanted;
    this.sidebar.dataset.locked = wanted === "locked" ? "true" : "false";
    if (wanted === "locked") this.collapseButton.remove();
    else if (!this.collapseButton.isConnected) this.sidebar.prepend(this.collapseButton);
    if (wanted === "collapsed") this.setCollapsed(true);
    else if (wanted === "expanded" || wanted === "locked") this.setCollapsed(false);
    else this.setCollapsed(window.innerWidth < AUTO_COLLAPSE_BELOW);
  }

  // The expand button is on the page only while there is a collapsed sidebar to bring back.
  sync() {
    if (this.available && this.collapsed) {
      if (!this.expandButton.isConnected) document.body.append(this.expandButton);
    } else {
      this.expandButton.remove();
    }
  }
}

// The element tree of the page: applies deltas at paths and trims stale children.

function makeNode(kind, block) {
  const el = document.createElement("div");
  el.className = kind ? `k-el k-kind-${kind}` : "k-el k-placeholder";
  if (kind) el.dataset.kind = kind;
  return { kind, block, props: null, el, childEl: block ? el : null, children: [] };
}

export class Tree {
  // roots: {name: HTMLElement}; renderers: {kind: module}; ctx: passed to renderers.
  constructor(roots, renderers, ctx, onForget) {
    this.renderers = renderers;
    this.ctx = ctx;
    this.onForget = onForget;
    this.roots = new Map();
    for (const [name, el] of Object.entries(roots)) {
      this.roots.set(name, { kind: "root", block: true, props: {}, el, childEl: el, children: [] });
    }
  }

  root(name) {
    let node = this.roots.get(name);
    if (!node) {
      // An unknown root (from a plugin): give it a section after the main area.
      const el = document.createElement("section");
      el.dataset.root = name;
      document.getElementById("kernel-main").after(el);
      node = { kind: "root", block: true, props: {}, el, childEl: el, children: [] };
      this.roots.set(name, node);
    }
    return node;
  }

  // The child at `index` of `parent`, creating placeholders up to it if asked.
  child(parent, index, create) {
    while (create && parent.children.length <= index) {
      const holder = makeNode(null, true);
      parent.childEl.append(holder.el);
      parent.children.push(holder);
    }
    const node = parent.children[index];
    if (node && create && !node.childEl) {
      node.childEl = node.el;
    }
    return node;
  }

  apply(delta) {
    let parent = this.root(delta.root);
    const path = delta.path;
    for (let i = 0; i < path.length - 1; i++) parent = this.child(parent, path[i], true);
    const index = path[path.length - 1];
    const element = delta.element;
    const block = !!element.block;
    const existing = parent.children[index];
    const props = this.widgetProps(element.props);
    if (existing && existing.kind === element.kind && existing.block === block) {
      this.update(existing, props);
      return;
    }
    const node = makeNode(element.kind, block);
    this.render(node, props);
    if (existing) {
      if (existing.kind === null && block) {
        // A placeholder made for early children keeps them.
        node.children = existing.children;
        for (const c of node.children) node.childEl.append(c.el);
      } else {
        this.forgetSubtree(existing);
      }
      existing.el.replaceWith(node.el);
      parent.children[index] = node;
    } else {
      this.child(parent, index - 1, true);
      parent.childEl.append(node.el);
      parent.children[index] = node;
    }
    this.place(parent, index, node);
  }

  // A renderer may dock its element at the bottom of the page (el.dataset.dock = "bottom":
  // st.chat_input at the top level of the main area), below everything the app writes
  // later; the others keep their place among their siblings (one that replaced a docked
  // element goes back among them).
  place(parent, index, node) {
    const dock = document.getElementById("kernel-bottom");
    if (!dock) return;
    if (node.el.dataset.dock === "bottom") {
      if (node.el.parentNode !== dock) dock.append(node.el);
      return;
    }
    if (node.el.parentNode !== dock) return;
    const next = parent.children.slice(index + 1).find((c) => c.el.parentNode === parent.childEl);
    parent.childEl.insertBefore(node.el, next ? next.el : null);
  }

  // A widget's props with the value the page should show (WidgetStore.shown: a delta of a
  // run that predates the user's latest change does not take that change back).
  widgetProps(props) {
    const widgets = this.ctx && this.ctx.widgets;
    if (!widgets || !props || typeof props.id !== "string" || !("value" in props)) return props;
    const value = widgets.shown(props.id, props.value);
    return value === props.value ? props : { ...props, value };
  }

  renderer(kind) {
    const mod = this.renderers[kind];
    if (!mod) {
      return {
        render(el) {
          el.classList.add("k-unknown");
          el.textContent = `No renderer for element kind "${kind}". Is its plugin installed?`;
        },
      };
    }
    return mod;
  }

  render(node, props) {
    const mod = this.renderer(node.kind);
    node.props = props;
    node.el.kernelProps = props;
    const target = mod.render(node.el, props, this.ctx);
    if (node.block) node.childEl = target || node.el;
  }

  update(node, props) {
    const mod = this.renderer(node.kind);
    if (mod.update && mod.update(node.el, props, this.ctx, node.props) !== false) {
      node.props = props;
      node.el.kernelProps = props;
      return;
    }
    const kids = node.children;
    node.el.replaceChildren();
    this.render(node, props);
    if (node.block) for (const c of kids) node.childEl.append(c.el);
  }

  trim(trim) {
    let node = this.root(trim.root);
    for (const i of trim.path) {
      node = node.children[i];
      if (!node) return;
    }
    const removed = node.children.splice(trim.keep);
    for (const r of removed) {
      r.el.remove();
      this.forgetSubtree(r);
    }
  }

  forgetSubtree(node) {
    if (node.props && typeof node.props.id === "string") this.onForget(node.props.id);
    for (const c of node.children) this.forgetSubtree(c);
  }

  clear() {
    for (const root of this.roots.values()) {
      for (const c of root.children) {
        this.forgetSubtree(c);
        c.el.remove(); // docked elements live outside their root's element
      }
      root.children = [];
      root.childEl.replaceChildren();
    }
  }

  isEmpty(name) {
    const root = this.roots.get(name);
    return !root || root.children.length === 0;
  }
}

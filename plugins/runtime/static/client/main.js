// The web client: connects to the stream, applies messages, reports widget values.

import { Connection } from "./connection.js";
import { Navigation, currentPagePath, pagePath, pageQuery } from "./nav.js";
import { applyPageConfig } from "./page.js";
import { SidebarControl } from "./sidebar.js";
import { StatusBar } from "./status.js";
import { Tree } from "./tree.js";
import { Uploads } from "./uploads.js";
import { WidgetStore } from "./widgets.js";

const config = JSON.parse(document.getElementById("kernel-config").textContent);
const defaultTitle = document.title;

async function loadRenderers() {
  const entries = await Promise.all(
    Object.entries(config.renderers).map(async ([kind, url]) => {
      try {
        return [kind, await import(url)];
      } catch (err) {
        console.error(`kernel: the renderer of "${kind}" (${url}) failed to load`, err);
        return [kind, null];
      }
    }),
  );
  return Object.fromEntries(entries.filter(([, mod]) => mod));
}

function isTyping(target) {
  return target instanceof HTMLElement &&
    (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

// Charts fit their container when the window resizes; the main area also changes width
// when the sidebar shows, hides or collapses and when the layout switches: tell them then.
function announceMainResizes() {
  let last = 0;
  new ResizeObserver((entries) => {
    const width = Math.round(entries[0].contentRect.width);
    if (last && width !== last) window.dispatchEvent(new Event("resize"));
    last = width;
  }).observe(document.getElementById("kernel-main"));
}

async function boot() {
  const renderers = await loadRenderers();
  const sidebar = new SidebarControl(document.getElementById("kernel-sidebar"));
  const sidebarRoot = document.getElementById("kernel-sidebar-root");
  announceMainResizes();
  let connection = null;
  let running = false;
  // Title and icon: st.set_page_config's win over the current page's.
  let pageConfig = {};
  let configRun = -1;
  let runSeq = 0;

  const widgets = new WidgetStore((trigger, source) => rerun(trigger, fragmentOf(source)));
  // Files sent in chunks (the file uploader, chat input attachments): see uploads.js.
  const uploads = new Uploads((msgs) => connection.send(msgs));
  // Renderers get ctx: the widget store, uploads, and a way for a fragment's timer to rerun it.
  const ctx = {
    widgets,
    uploads,
    rerunFragment: (fragmentId) => rerun(null, fragmentId, true),
    navigate: (urlPath, queryString) => navigate(urlPath, queryString),
  };
  const nav = new Navigation(document.getElementById("kernel-nav"), (urlPath, query) => navigate(urlPath, query));
  // Whether a script run is going on (document.body.dataset.running, set by the status bar),
  // announced to renderers (st.chat_input's submit_mode) by a "kernel:running" event.
  function setRunning(on) {
    running = on;
    status.setRunning(on);
    document.dispatchEvent(new CustomEvent("kernel:running", { detail: on }));
  }
  ctx.stop = () => connection.send([{ type: "Stop" }]);
  const tree = new Tree(
    {
      main: document.getElementById("kernel-main"),
      sidebar: sidebarRoot,
      bottom: document.getElementById("kernel-bottom-root"), // st.bottom, above docked elements
    },
    renderers,
    ctx,
    (id) => widgets.forget(id),
  );

  // The st.fragment a widget sits in (its changes rerun only that fragment), or null.
  function fragmentOf(widgetId) {
    if (!widgetId) return null;
    const el = document.querySelector(`[data-widget-id="${CSS.escape(widgetId)}"]`);
    const fragment = el && el.closest("[data-fragment-id]");
    return fragment ? fragment.dataset.fragmentId : null;
  }

  // Browser facts for st.context, sent with the first rerun of each connection.
  let sendContext = true;
  function browserContext() {
    return {
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      timezone_offset: new Date().getTimezoneOffset(),
      locale: navigator.language,
      url: location.origin + location.pathname,
      theme: matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light",
    };
  }

  // Whether the URL changed by the user navigating since the last rerun request went out: the
  // page was opened (or reloaded), back/forward, a link to a page. Only then does the URL's query
  // string win over what the server last wrote into it (Rerun.navigation); otherwise a request
  // sent before the server's PageInfo arrived would undo the server's change.
  let navigated = true;

  // What the rerun requests sent since the last ScriptStarted asked for (their trigger and
  // changed widgets). When a draining worker closes the connection (1012) before their run
  // started, the worker did not take them, and they are sent again once the session resumes
  // elsewhere. (A run the drain interrupted stays pending on the server and runs again there.)
  let unacked = null;

  function rerun(trigger = null, fragment_id = null, is_auto_rerun = false) {
    const query_string = location.search.replace(/^\?/, "");
    const context = sendContext ? browserContext() : null;
    const page = currentPagePath();
    const changed = widgets.changes();
    const sent = connection.send([{
      type: "Rerun", widget_states: widgets.snapshot(), changed, trigger, query_string,
      navigation: navigated, fragment_id, is_auto_rerun, context, page,
    }]);
    if (sent) {
      sendContext = false;
      navigated = false;
      widgets.sent();
      if (trigger !== null || changed.length) {
        const before = unacked || { trigger: null, changed: [] };
        unacked = { trigger: trigger ?? before.trigger, changed: [...new Set([...before.changed, ...changed])] };
      }
    }
  }

  // Show another page of the app (a menu entry or st.page_link): new history entry, rerun.
  function navigate(urlPath, queryString) {
    history.pushState(null, "", pagePath(urlPath) + pageQuery(queryString));
    navigated = true;
    rerun();
  }

  function applyTitle() {
    const page = nav.current;
    applyPageConfig({
      ...pageConfig,
      title: pageConfig.title || (page && page.title) || null,
      icon: pageConfig.icon || (page && page.icon) || null,
    }, defaultTitle);
    sidebar.applyInitialState(pageConfig.initial_sidebar_state, pageConfig.sidebar_width);
  }

  const status = new StatusBar(document.getElementById("kernel-status"), {
    onRerun: () => rerun(),
    onStop: () => connection.send([{ type: "Stop" }]),
    onAlwaysRerun: () => connection.send([{ type: "SetRunOnSave", enabled: true }]),
  });

  function syncSidebar() {
    sidebar.setAvailable(!(tree.isEmpty("sidebar") && !nav.inSidebar));
  }

  const handlers = {
    NewSession(msg) {
      if (msg.protocol_version !== config.protocolVersion) {
        connection.fail(`server protocol ${msg.protocol_version}, client ${config.protocolVersion}; reload`);
        return;
      }
      connection.setToken(msg.token, Boolean(msg.keep_token));
      sendContext = true;
      if (msg.resumed) uploads.resume();
      else uploads.abandon("the connection to the server was lost and the session ended; pick the file again");
      if (!msg.resumed) {
        tree.clear();
        widgets.clear();
        nav.clear();
        pageConfig = {};
        applyPageConfig({}, defaultTitle);
        sidebar.applyInitialState(null, null);
      }
      document.body.dataset.sessionId = msg.session_id;
      const again = msg.resumed && connection.restarted ? unacked : null;
      unacked = null;
      if (again) widgets.changedAgain(again.changed);
      rerun(again ? again.trigger : null);
    },
    ScriptStarted() {
      unacked = null;
      runSeq += 1;
      setRunning(true);
    },
    Delta(msg) {
      tree.apply(msg);
    },
    ScriptFinished(msg) {
      for (const t of msg.trim) tree.trim(t);
      if (msg.status !== "rerun") setRunning(false);
      document.body.dataset.runs = String(Number(document.body.dataset.runs || 0) + 1);
    },
    PageInfo(msg) {
      // st.query_params changed: show it in the URL (same history entry, no rerun).
      const url = new URL(location.href);
      url.search = msg.query_string;
      history.replaceState(history.state, "", url);
    },
    PageConfig(msg) {
      pageConfig = msg;
      configRun = runSeq;
      applyTitle();
    },
    Navigation(msg) {
      const before = nav.msg && nav.msg.current;
      nav.apply(msg);
      // Another page: the last page's st.set_page_config no longer applies (unless this
      // run already set one before calling st.navigation).
      if (before !== msg.current && configRun !== runSeq) pageConfig = {};
      applyTitle();
      document.body.dataset.page = msg.current;
    },
    SessionStatus(msg) {
      status.setSourceChanged(msg.source_changed);
    },
    UploadAck(msg) {
      uploads.handleAck(msg);
    },
    UploadRefused(msg) {
      uploads.handleRefused(msg);
    },
    Error(msg) {
      console.warn(`kernel: the server reported an error (${msg.code}): ${msg.message}`);
      if (msg.code === "protocol_version") connection.fail(msg.message);
      else status.showMessage(msg.message);
    },
  };

  function onFrame(msgs) {
    for (const msg of msgs) {
      const handle = handlers[msg.type];
      if (handle) handle(msg);
      else console.warn(`kernel: unknown message type ${msg.type}`);
    }
    syncSidebar();
  }

  connection = new Connection({
    url: config.streamPath,
    protocolVersion: config.protocolVersion,
    onFrame,
    onState: (state, detail) => {
      status.setConnection(state, detail);
      if (state !== "connected" && running) setRunning(false);
    },
  });

  // Back/forward: rerun for the page and query parameters the URL now names.
  window.addEventListener("popstate", () => {
    navigated = true;
    rerun();
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) return;
    if (event.key === "r" || event.key === "R") {
      event.preventDefault();
      rerun();
    }
  });

  connection.open();
  window.kernelClient = { connection, tree, widgets, nav, uploads };
}

boot();

// The stream connection: one WebSocket, reconnect with backoff, visible state.
//
// States: "connecting" (first attempt), "connected", "reconnecting" (after a drop,
// waiting or retrying), "failed" (the server refused us for good, e.g. a protocol
// version mismatch, or the session moved to another connection). The session token
// from NewSession is sent back on reconnect so the server resumes the same session; it is
// kept in the tab's sessionStorage, so a reload of the tab resumes it too, on whichever
// worker of the app the connection reaches (scale-out: docs/scaleout.md).

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;
const HEARTBEAT_MS = 15000;
const TOKEN_KEY = "kernel.resume-token";
// Close code of a connection whose session another connection took over on another
// worker (another tab with the same token): reconnecting would take it back and forth.
const MOVED = 4002;

// Close code of an older connection of a session that a newer one took over (same worker).
const TAKEN_OVER = 4000;

// Close code of a worker that drains (a rolling restart): the session was handed back to the
// store, and the reason says how long to wait ("retry=<ms>", random per page, so the pages
// of one worker do not all arrive at the others at once) before reconnecting elsewhere.
const SERVICE_RESTART = 1012;
const MAX_RETRY_HINT_MS = 10000;

// The delay a 1012 close asks for: its hint (capped), or a random one of up to 2 s.
function restartDelay(reason) {
  const match = /(?:^|\s)retry=(\d+)(?:\s|$)/.exec(reason || "");
  if (match) return Math.min(MAX_RETRY_HINT_MS, Number(match[1]));
  return Math.round(Math.random() * 2000);
}

// The token kept by an earlier page of this tab, used only when the tab was reloaded: a
// duplicated tab copies sessionStorage too, and two tabs sharing a session would take it
// from each other.
function storedToken() {
  try {
    const [nav] = performance.getEntriesByType("navigation");
    if (!nav || nav.type !== "reload") return null;
    return sessionStorage.getItem(TOKEN_KEY);
  } catch (err) {
    return null; // storage disabled: a reload starts a new session, as without it
  }
}

export class Connection {
  constructor({ url, protocolVersion, onFrame, onState }) {
    this.url = url;
    this.protocolVersion = protocolVersion;
    this.onFrame = onFrame;
    this.onState = onState;
    this.token = storedToken();
    this.ws = null;
    this.attempt = 0;
    this.state = null;
    this.stopped = false;
    this.heartbeat = null;
    // Whether the last connection that got frames was closed by a drain (1012): then the
    // server sent everything it had before closing, and a request whose run never started
    // was not taken (main.js sends it again). After any other drop that is unknown.
    this.restarted = false;
  }

  // keep: whether a reload of the tab should resume the session (the server says so
  // when scale-out is on); otherwise a reload starts a new session, as in Streamlit.
  setToken(token, keep) {
    this.token = token;
    try {
      if (keep) sessionStorage.setItem(TOKEN_KEY, token);
      else sessionStorage.removeItem(TOKEN_KEY);
    } catch (err) {
      // storage disabled or full: the token still serves reconnects of this page
    }
  }

  setState(state, detail = {}) {
    this.state = state;
    this.onState(state, { attempt: this.attempt, ...detail });
  }

  open() {
    if (this.stopped) return;
    const params = new URLSearchParams({ v: String(this.protocolVersion) });
    if (this.token) params.set("token", this.token);
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const ws = new WebSocket(`${scheme}//${location.host}${this.url}?${params}`);
    this.ws = ws;
    if (this.state === null) this.setState("connecting");
    let received = false;
    ws.onopen = () => {
      this.attempt = 0;
      this.setState("connected");
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => this.send([{ type: "Heartbeat" }]), HEARTBEAT_MS);
    };
    ws.onmessage = (event) => {
      received = true;
      let msgs;
      try {
        msgs = JSON.parse(event.data);
      } catch (err) {
        console.error("kernel: the server sent a frame that is not JSON", err);
        return;
      }
      this.onFrame(msgs);
    };
    ws.onclose = (event) => {
      clearInterval(this.heartbeat);
      if (this.ws !== ws) return;
      this.ws = null;
      if (received) this.restarted = event.code === SERVICE_RESTART;
      if (this.stopped) return;
      if (event.code === MOVED || event.code === TAKEN_OVER) {
        this.fail("this session continues in another tab or window; reload the page to take it back here");
        return;
      }
      if (event.code === SERVICE_RESTART) {
        this.attempt = 0;
        const delay = restartDelay(event.reason);
        this.setState("reconnecting", { delay });
        setTimeout(() => this.open(), delay);
        return;
      }
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    this.attempt += 1;
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** (this.attempt - 1));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.setState("reconnecting", { delay });
    setTimeout(() => this.open(), delay);
  }

  send(msgs) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(msgs));
      return true;
    }
    return false;
  }

  fail(reason) {
    this.stopped = true;
    clearInterval(this.heartbeat);
    if (this.ws) this.ws.close();
    this.setState("failed", { reason });
  }
}

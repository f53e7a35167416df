// The stream connection: one WebSocket, reconnect with backoff, visible state.
//
// States: "connecting" (first attempt), "connected", "reconnecting" (after a drop,
// waiting or retrying), "failed" (the server refused us for good, e.g. a protocol
// version mismatch). The session token from NewSession is sent back on reconnect so
// the server resumes the same session.

const MIN_DELAY_MS = 100;
const MAX_DELAY_MS = 5000;
const HEARTBEAT_MS = 15000;

export class Connection {
  constructor({ url, protocolVersion, onFrame, onState }) {
    this.url = url;
    this.protocolVersion = protocolVersion;
    this.onFrame = onFrame;
    this.onState = onState;
    this.token = null;
    this.ws = null;
    this.attempt = 0;
    this.state = null;
    this.stopped = false;
    this.heartbeat = null;
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
    ws.onopen = () => {
      this.attempt = 0;
      this.setState("connected");
      clearInterval(this.heartbeat);
      this.heartbeat = setInterval(() => this.send([{ type: "Heartbeat" }]), HEARTBEAT_MS);
    };
    ws.onmessage = (event) => {
      let msgs;
      try {
        msgs = JSON.parse(event.data);
      } catch (err) {
        console.error("kernel: the server sent a frame that is not JSON", err);
        return;
      }
      this.onFrame(msgs);
    };
    ws.onclose = () => {
      clearInterval(this.heartbeat);
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
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

// The status bar: connection state, running indicator, rerun/stop, source-changed prompt.

const STATE_TEXT = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  failed: "Disconnected",
};

function button(id, text, title, onClick) {
  const b = document.createElement("button");
  b.id = id;
  b.type = "button";
  b.textContent = text;
  b.title = title;
  b.addEventListener("click", onClick);
  return b;
}

export class StatusBar {
  constructor(el, { onRerun, onStop, onAlwaysRerun }) {
    this.el = el;
    this.conn = document.createElement("span");
    this.conn.id = "k-conn-state";
    this.running = document.createElement("span");
    this.running.id = "k-running";
    this.running.hidden = true;
    this.running.innerHTML = '<span class="k-spinner" aria-hidden="true"></span>Running…';
    this.stop = button("k-stop", "Stop", "Stop the running script", onStop);
    this.stop.hidden = true;
    this.rerun = button("k-rerun", "Rerun", "Rerun the script (R)", onRerun);
    this.changed = document.createElement("span");
    this.changed.id = "k-source-changed";
    this.changed.hidden = true;
    this.changed.append(
      "Source file changed.",
      button("k-changed-rerun", "Rerun", "Rerun now", onRerun),
      button("k-always-rerun", "Always rerun", "Rerun whenever the source changes", onAlwaysRerun),
    );
    this.message = document.createElement("span");
    this.message.id = "k-message";
    this.message.hidden = true;
    el.append(this.changed, this.message, this.running, this.stop, this.rerun, this.conn);
  }

  setConnection(state, detail) {
    this.conn.dataset.state = state;
    let text = STATE_TEXT[state] || state;
    if (state === "reconnecting" && detail.delay !== undefined) {
      text = `Reconnecting (attempt ${detail.attempt})…`;
    }
    if (state === "failed" && detail.reason) text = `Disconnected: ${detail.reason}`;
    this.conn.textContent = text;
    document.body.dataset.connection = state;
  }

  setRunning(running) {
    this.running.hidden = !running;
    this.stop.hidden = !running;
    document.body.dataset.running = running ? "true" : "false";
  }

  setSourceChanged(changed) {
    this.changed.hidden = !changed;
  }

  showMessage(text) {
    this.message.textContent = text;
    this.message.hidden = !text;
    clearTimeout(this.messageTimer);
    if (text) this.messageTimer = setTimeout(() => (this.message.hidden = true), 8000);
  }
}

// Widget values the page reports: id -> value, sent whole with every rerun request, and
// the ids the user changed since the last request that went out (Rerun.changed). The
// server takes exactly those as changes: a value the user picked again after the script
// set the widget counts, and the other values (echoes of what the page shows, which may
// predate a value the server set) do not.
//
// Values in flight: a run that started before the server took the user's latest change
// still shows the widget's older value, and its delta may arrive after the user moved on
// (a slider driven by the arrow keys faster than the runs end). The page remembers the
// values it sent for each widget until a run shows the latest one, and keeps its own value
// when a delta shows an older one it sent: the last change always wins. A value the page
// never sent is the server's own (st.session_state, a form cleared on submit): it is shown.

export class WidgetStore {
  // requestRerun(trigger, sourceWidgetId): the page builds and sends the Rerun.
  constructor(requestRerun) {
    this.values = new Map();
    this.changed = new Set();
    // id -> the values (as JSON) sent as changes that no run has shown yet, oldest first.
    this.inflight = new Map();
    this.requestRerun = requestRerun;
  }

  value(id, fallback) {
    return this.values.has(id) ? this.values.get(id) : fallback;
  }

  // A widget changed: remember its value and rerun. The map and the changed set keep the
  // order of the latest changes (the server calls callbacks in that order).
  set(id, value) {
    this.hold(id, value);
    this.requestRerun(null, id);
  }

  // Record a change without rerunning: a widget with on_change="ignore", a form's edits on
  // submit, an upload's files. The value goes to the server, as a change, with the next
  // rerun something else causes.
  hold(id, value) {
    this.values.delete(id);
    this.values.set(id, value);
    this.changed.delete(id);
    this.changed.add(id);
  }

  // A one-shot widget (a button) fired: rerun with it as the trigger.
  trigger(id) {
    this.requestRerun(id, id);
  }

  forget(id) {
    this.values.delete(id);
    this.changed.delete(id);
    this.inflight.delete(id);
  }

  clear() {
    this.values.clear();
    this.changed.clear();
    this.inflight.clear();
  }

  snapshot() {
    return Object.fromEntries(this.values);
  }

  // The ids for Rerun.changed (only those the page still has a value for).
  changes() {
    return [...this.changed].filter((id) => this.values.has(id));
  }

  // Count `ids` as changed again (a request the server did not acknowledge is sent again).
  changedAgain(ids) {
    for (const id of ids) {
      if (this.values.has(id) && !this.changed.has(id)) this.changed.add(id);
    }
  }

  // A rerun request went out: its changes are the server's now (and in flight).
  sent() {
    for (const id of this.changes()) {
      const list = this.inflight.get(id) || [];
      list.push(JSON.stringify(this.values.get(id)));
      this.inflight.set(id, list);
    }
    this.changed.clear();
  }

  // A run's delta shows widget `id` with `value`: the value the page should show. An older
  // value the page sent (from a run that started before the server took the latest change)
  // gives way to the page's own; the latest one, or one the page never sent, is taken.
  shown(id, value) {
    const list = this.inflight.get(id);
    if (!list) return value;
    const text = JSON.stringify(value);
    const at = list.lastIndexOf(text);
    if (at >= 0 && at < list.length - 1 && this.values.has(id)) {
      list.splice(0, at + 1);
      return this.values.get(id);
    }
    this.inflight.delete(id);
    return value;
  }
}

// Widget values the page reports: id -> value, sent whole with every rerun request, and
// the ids the user changed since the last request that went out (Rerun.changed). The
// server takes exactly those as changes: a value the user picked again after the script
// set the widget counts, and the other values (echoes of what the page shows, which may
// predate a value the server set) do not.

export class WidgetStore {
  // requestRerun(trigger, sourceWidgetId): the page builds and sends the Rerun.
  constructor(requestRerun) {
    this.values = new Map();
    this.changed = new Set();
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
  }

  clear() {
    this.values.clear();
    this.changed.clear();
  }

  snapshot() {
    return Object.fromEntries(this.values);
  }

  // The ids for Rerun.changed (only those the page still has a value for).
  changes() {
    return [...this.changed].filter((id) => this.values.has(id));
  }

  // A rerun request went out: its changes are the server's now.
  sent() {
    this.changed.clear();
  }
}

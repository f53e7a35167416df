// Widget values the page reports: id -> value, sent whole with every rerun request.

export class WidgetStore {
  // requestRerun(trigger, sourceWidgetId): the page builds and sends the Rerun.
  constructor(requestRerun) {
    this.values = new Map();
    this.requestRerun = requestRerun;
  }

  value(id, fallback) {
    return this.values.has(id) ? this.values.get(id) : fallback;
  }

  // A widget changed: remember its value and rerun. The map keeps the order of the
  // latest changes (the server calls callbacks in that order).
  set(id, value) {
    this.values.delete(id);
    this.values.set(id, value);
    this.requestRerun(null, id);
  }

  // A widget with on_change="ignore" changed: keep its value without rerunning; it goes
  // to the server with the next rerun something else causes.
  hold(id, value) {
    this.values.delete(id);
    this.values.set(id, value);
  }

  // A one-shot widget (a button) fired: rerun with it as the trigger.
  trigger(id) {
    this.requestRerun(id, id);
  }

  forget(id) {
    this.values.delete(id);
  }

  clear() {
    this.values.clear();
  }

  snapshot() {
    return Object.fromEntries(this.values);
  }
}

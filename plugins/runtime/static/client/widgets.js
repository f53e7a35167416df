// Widget values the page reports: id -> value, sent whole with every rerun request.

export class WidgetStore {
  constructor(requestRerun) {
    this.values = new Map();
    this.requestRerun = requestRerun;
  }

  value(id, fallback) {
    return this.values.has(id) ? this.values.get(id) : fallback;
  }

  // A widget changed: remember its value and rerun.
  set(id, value) {
    this.values.set(id, value);
    this.requestRerun(null);
  }

  // A one-shot widget (a button) fired: rerun with it as the trigger.
  trigger(id) {
    this.requestRerun(id);
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

// Helpers of the layout renderers: the public element helpers, the plugin's stylesheet, and
// how a tracked container (expander, tabs, popover with on_change) reports its open state.
import { help, html, useStylesheet } from "/_kernel/static/client/elements.js";

export { help, html };

useStylesheet(new URL("./layout.css", import.meta.url));

// Report the open state (or the active tab) of a tracked container: it reruns the app.
export function report(ctx, el, props, value) {
  ctx.widgets.set(el.dataset.widgetId, value);
}

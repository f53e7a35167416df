// Helpers of the layout renderers: the public element helpers, the plugin's stylesheet, and
// how a tracked container (expander, tabs, popover with on_change) reports its open state.
import { help, html, useStylesheet } from "/_kernel/static/client/elements.js";

export { help, html };

useStylesheet(new URL("./layout.css", import.meta.url));

// Report the open state (or the active tab) of a tracked container: it reruns the app. A
// container bound to the URL (bind="query-params") updates its parameter first, so the rerun
// request carries a URL that agrees with the new state.
export function report(ctx, el, props, value) {
  if (props.bind) {
    const url = new URL(location.href);
    url.searchParams.set(props.bind, typeof value === "boolean" ? String(value) : value);
    history.replaceState(history.state, "", url);
  }
  ctx.widgets.set(el.dataset.widgetId, value);
}

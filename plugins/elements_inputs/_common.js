// Helpers of the renderers in this plugin: the public element helpers, plus the plugin's stylesheet.
import { dedent, domId, help, label, useStylesheet } from "/_kernel/static/client/elements.js";

export { dedent, domId, help, label, useStylesheet };

useStylesheet(new URL("./elements.css", import.meta.url));

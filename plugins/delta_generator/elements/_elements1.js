// Helpers of the data, chart and media renderers: the public element helpers, plus their stylesheet.
import { applyWidth, asyncChart, help, iconNode, loadScript, make, useStylesheet } from "/_kernel/static/client/elements.js";

export { applyWidth, asyncChart, help, iconNode, loadScript, make };

useStylesheet(new URL("./elements1.css", import.meta.url));

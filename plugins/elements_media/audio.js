// Renderer of "audio": the browser's audio player (files come from the media route, with Range).
import { setupPlayer } from "./_player.js";
import { applyWidth, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./media.css", import.meta.url));

export function render(el, props) {
  const audio = document.createElement("audio");
  setupPlayer(audio, props);
  el.append(audio);
  applyWidth(el, props.width);
}

// Renderer of "audio": the browser's audio player (files come from the media route, with Range).
import { setupPlayer } from "./_player.js";
import { applyWidth } from "./_elements1.js";

export function render(el, props) {
  const audio = document.createElement("audio");
  setupPlayer(audio, props);
  el.append(audio);
  applyWidth(el, props.width);
}

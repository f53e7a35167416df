// Renderer of "video": the browser's video player with subtitle tracks, or a YouTube embed.
import { setupPlayer } from "./_player.js";
import { applyWidth, useStylesheet } from "/_kernel/static/client/elements.js";

useStylesheet(new URL("./media.css", import.meta.url));

export function render(el, props) {
  applyWidth(el, props.width);
  if (props.format === "youtube") {
    const frame = document.createElement("iframe");
    const params = new URLSearchParams();
    if (props.start_time) params.set("start", String(props.start_time));
    if (props.end_time) params.set("end", String(props.end_time));
    if (props.autoplay) params.set("autoplay", "1");
    if (props.muted) params.set("mute", "1");
    if (props.loop) params.set("loop", "1");
    frame.src = `${props.src}?${params}`;
    frame.className = "k-youtube";
    frame.allow = "autoplay; encrypted-media; picture-in-picture";
    frame.allowFullscreen = true;
    if (props.alt) frame.title = props.alt;
    el.append(frame);
    return;
  }
  const video = document.createElement("video");
  video.muted = !!props.muted;
  video.playsInline = true;
  setupPlayer(video, props);
  props.subtitles.forEach((sub, i) => {
    const track = document.createElement("track");
    track.kind = "subtitles";
    track.label = sub.label;
    track.src = sub.src;
    if (i === 0) track.default = true;
    video.append(track);
  });
  el.append(video);
}

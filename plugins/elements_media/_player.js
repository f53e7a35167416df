// Shared by the audio and video renderers: start/end times and looping within them.

export function setupPlayer(media, props) {
  media.controls = true;
  media.preload = "metadata";
  media.src = props.end_time ? `${props.src}#t=${props.start_time},${props.end_time}` : props.src;
  media.autoplay = !!props.autoplay;
  if (props.alt) media.setAttribute("aria-label", props.alt);
  media.addEventListener("loadedmetadata", () => {
    if (props.start_time && media.currentTime < props.start_time) media.currentTime = props.start_time;
  }, { once: true });
  media.addEventListener("timeupdate", () => {
    if (props.end_time && media.currentTime >= props.end_time) {
      if (props.loop) media.currentTime = props.start_time || 0;
      else media.pause();
    }
  });
  media.loop = !!props.loop && !props.end_time;
}

// Renderer of "audio_input": a microphone recorder. "Record" starts a MediaRecorder on the
// microphone, "Stop recording" ends it; the clip becomes 16-bit mono WAV at props.sample_rate
// (null: the microphone's rate) and is sent like file_uploader's files (see uploads.py), so the
// script gets an UploadedFile (audio/wav). The last clip plays back from the page's own copy.
import { microphoneMessage, toWav } from "./_audio.js";
import { appendUploadErrors, field, relabel, sendFiles } from "./_inputs.js";

function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

function problem(el, message) {
  const line = el.querySelector(".k-audio-problem");
  line.textContent = message || "";
  line.hidden = !message;
}

function showFiles(el, props, ctx) {
  const box = el.querySelector(".k-audio-files");
  box.replaceChildren();
  const player = el.querySelector("audio");
  const clear = el.querySelector(".k-audio-clear");
  const has = (props.files || []).length > 0;
  clear.hidden = !has;
  if (!has) {
    player.hidden = true;
    player.removeAttribute("src");
  } else if (el.kernelClipUrl) {
    player.src = el.kernelClipUrl;
    player.hidden = false;
  }
  appendUploadErrors(box, props.errors);
  clear.onclick = () => ctx.widgets.set(el.dataset.widgetId, []);
}

export function render(el, props, ctx) {
  field(el, props);
  el.kernelProps = props;
  const box = document.createElement("div");
  box.className = "k-audio-input";
  const record = document.createElement("button");
  record.type = "button";
  record.className = "k-audio-record";
  record.dataset.recording = "false";
  record.setAttribute("aria-label", "Record");
  record.textContent = "🎙";
  record.disabled = !!props.disabled;
  const time = document.createElement("span");
  time.className = "k-audio-time";
  time.textContent = clock(0);
  const player = document.createElement("audio");
  player.controls = true;
  player.hidden = true;
  const clear = document.createElement("button");
  clear.type = "button";
  clear.className = "k-audio-clear";
  clear.textContent = "×";
  clear.setAttribute("aria-label", "Clear recording");
  clear.hidden = true;
  box.append(record, time, player, clear);
  const line = document.createElement("div");
  line.className = "k-audio-problem k-upload-error";
  line.setAttribute("role", "alert");
  line.hidden = true;
  const files = document.createElement("div");
  files.className = "k-audio-files";
  el.append(box, line, files);
  showFiles(el, props, ctx);

  let recorder = null;
  let ticker = null;
  record.addEventListener("click", async () => {
    if (recorder) {
      recorder.stop();
      return;
    }
    if (record.dataset.recording === "starting") return; // still waiting for the permission
    record.dataset.recording = "starting";
    let stream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      recorder = new MediaRecorder(stream);
    } catch (err) {
      if (stream) stream.getTracks().forEach((t) => t.stop());
      recorder = null;
      record.dataset.recording = "false";
      problem(el, microphoneMessage(err));
      return;
    }
    problem(el, null);
    const chunks = [];
    const started = Date.now();
    recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
    recorder.addEventListener("stop", async () => {
      stream.getTracks().forEach((t) => t.stop());
      clearInterval(ticker);
      recorder = null;
      record.dataset.recording = "false";
      record.setAttribute("aria-label", "Record");
      record.textContent = "🎙";
      let file;
      try {
        file = await toWav(new Blob(chunks, { type: chunks[0]?.type }), el.kernelProps.sample_rate);
      } catch (err) {
        console.warn("kernel: st.audio_input could not read the recording", err);
        problem(el, "The recording could not be read; try recording again.");
        return;
      }
      if (el.kernelClipUrl) URL.revokeObjectURL(el.kernelClipUrl);
      el.kernelClipUrl = URL.createObjectURL(file);
      sendFiles(ctx, el, el.kernelProps, [file], false);
    });
    recorder.start();
    record.dataset.recording = "true";
    record.setAttribute("aria-label", "Stop recording");
    record.textContent = "⏹";
    ticker = setInterval(() => { time.textContent = clock(Date.now() - started); }, 250);
  });
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  el.kernelProps = props;
  el.querySelector(".k-audio-record").disabled = !!props.disabled;
  showFiles(el, props, ctx);
  relabel(el, props);
  return true;
}

// Renderer of "chat_input": a message box; Enter submits the text for exactly one run.
// With accept_file, attached files travel like file_uploader's (see uploads.py) and the value
// is {text, files: [ids]}. With accept_audio a microphone button records a clip, sent as a
// WAV file ({text, audio: id}). submit_mode "disable" disables the box while the script runs,
// "stop" turns the send button into a stop button then.
import { microphoneMessage, toWav } from "./_audio.js";
import { appendUploadErrors, applyWidth, readFiles } from "./_inputs.js";

function showRunning(el) {
  const props = el.kernelProps;
  const on = document.body.dataset.running === "true";
  const area = el.querySelector("textarea");
  const send = el.querySelector("button[type=submit]");
  area.disabled = !!props.disabled || (on && props.submit_mode === "disable");
  send.disabled = !!props.disabled || (on && props.submit_mode === "disable");
  const stopping = on && props.submit_mode === "stop" && el.dataset.sent === "true";
  send.dataset.stop = String(stopping);
  send.textContent = stopping ? "■" : "➤";
  send.setAttribute("aria-label", stopping ? "Stop" : "Send");
  if (!on) el.dataset.sent = "false";
}

// Chat inputs on the page, told when a script run starts or ends. One listener for the page:
// a re-render reuses its element, so a listener per render would pile up.
const chatInputs = new Set();
document.addEventListener("kernel:running", () => {
  for (const el of chatInputs) {
    if (el.isConnected) showRunning(el);
    else chatInputs.delete(el);
  }
});

function errors(el, props) {
  let box = el.querySelector(".k-chat-errors");
  if (!box) {
    box = document.createElement("div");
    box.className = "k-chat-errors";
    el.append(box);
  }
  box.replaceChildren();
  appendUploadErrors(box, props.errors);
}

// A line under the box about the microphone (null: none). Kept apart from the server's upload
// errors, which every update replaces.
function showMicProblem(el, message) {
  let line = el.querySelector(".k-chat-mic-error");
  if (!message) {
    if (line) line.remove();
    return;
  }
  if (!line) {
    line = document.createElement("div");
    line.className = "k-chat-mic-error k-upload-error";
    line.setAttribute("role", "alert");
    el.append(line);
  }
  line.textContent = message;
}

export function render(el, props, ctx) {
  el.dataset.widgetId = props.id;
  el.dataset.pinned = String(!!props.pinned);
  // Pinned (the top level of the main area): docked at the bottom of the page, below the
  // messages the app writes after it; elsewhere (a container, the sidebar) inline.
  if (props.pinned) el.dataset.dock = "bottom";
  else delete el.dataset.dock;
  el.kernelProps = props;
  const form = document.createElement("form");
  form.className = "k-chat-input";
  let staged = [];
  let clip = null;
  applyWidth(el, props);
  const chips = document.createElement("div");
  chips.className = "k-chat-files";
  const showStaged = () => {
    chips.replaceChildren(...staged.map((f) => {
      const chip = document.createElement("span");
      chip.className = "k-chip";
      chip.textContent = f.name;
      return chip;
    }));
  };
  if (props.accept_file) {
    const attach = document.createElement("input");
    attach.type = "file";
    attach.className = "k-chat-attach";
    attach.setAttribute("aria-label", "Attach files");
    attach.multiple = props.accept_file !== true;
    if (props.accept.length) attach.accept = props.accept.join(",");
    attach.addEventListener("change", () => {
      staged = props.accept_file === true ? [...attach.files].slice(0, 1) : [...staged, ...attach.files];
      attach.value = "";
      showStaged();
    });
    form.append(attach);
  }
  if (props.accept_audio) {
    const mic = document.createElement("button");
    mic.type = "button";
    mic.className = "k-chat-mic";
    mic.textContent = "🎤";
    mic.setAttribute("aria-label", "Record audio");
    let recorder = null;
    mic.addEventListener("click", async () => {
      if (recorder) {
        recorder.stop();
        return;
      }
      if (mic.dataset.recording === "starting") return; // still waiting for the permission
      mic.dataset.recording = "starting";
      let stream;
      try {
        stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        recorder = new MediaRecorder(stream);
      } catch (err) {
        if (stream) stream.getTracks().forEach((t) => t.stop());
        recorder = null;
        mic.dataset.recording = "false";
        showMicProblem(el, microphoneMessage(err));
        return;
      }
      showMicProblem(el, null);
      const chunks = [];
      recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
      recorder.addEventListener("stop", async () => {
        stream.getTracks().forEach((t) => t.stop());
        recorder = null;
        mic.dataset.recording = "false";
        mic.setAttribute("aria-label", "Record audio");
        try {
          clip = await toWav(new Blob(chunks, { type: chunks[0]?.type }), el.kernelProps.audio_sample_rate);
        } catch (err) {
          console.warn("kernel: st.chat_input could not read the recording", err);
          showMicProblem(el, "The recording could not be read; try recording again.");
          return;
        }
        staged = staged.filter((f) => f.name !== "audio.wav");
        showStaged();
        chips.append(Object.assign(document.createElement("span"), { className: "k-chip", textContent: "🎤 audio" }));
      });
      recorder.start();
      mic.dataset.recording = "true";
      mic.setAttribute("aria-label", "Stop recording");
    });
    form.append(mic);
  }
  const area = document.createElement("textarea");
  area.rows = 1;
  if (typeof props.height === "number") area.style.height = `${props.height}px`;
  area.placeholder = props.placeholder;
  area.setAttribute("aria-label", props.placeholder || "Chat message");
  if (props.max_chars) area.maxLength = props.max_chars;
  area.disabled = !!props.disabled;
  const send = document.createElement("button");
  send.type = "submit";
  send.textContent = "➤";
  send.setAttribute("aria-label", "Send");
  send.disabled = !!props.disabled;
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const current = el.kernelProps;
    if (send.dataset.stop === "true") {
      ctx.stop();
      return;
    }
    const text = area.value;
    if (!text.trim() && !staged.length && !clip) return;
    area.value = "";
    el.dataset.sent = "true";
    const id = el.dataset.widgetId;
    if (current.accept_file || current.accept_audio) {
      const { payload, ids } = await readFiles(ctx, el, clip ? [...staged, clip] : staged, current);
      const audio = clip ? ids.pop() : null;
      staged = [];
      clip = null;
      showStaged();
      ctx.widgets.hold(current.upload_key, payload);
      ctx.widgets.hold(id, { text, files: ids, audio });
      ctx.widgets.trigger(id);
      ctx.widgets.forget(current.upload_key);
    } else {
      ctx.widgets.hold(id, text);
      ctx.widgets.trigger(id);
    }
    ctx.widgets.forget(id);
  });
  area.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      form.requestSubmit();
    }
  });
  form.append(area, send);
  el.append(chips, form);
  errors(el, props);
  el.dataset.sent = "false";
  chatInputs.add(el);
  showRunning(el);
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id || old.accept_file !== props.accept_file || old.accept_audio !== props.accept_audio ||
      old.pinned !== props.pinned) {
    return false;
  }
  el.kernelProps = props;
  applyWidth(el, props);
  showRunning(el);
  errors(el, props);
  return true;
}

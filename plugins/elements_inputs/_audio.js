// Recording helpers shared by st.audio_input and st.chat_input(accept_audio=True).

// A recorded clip as 16-bit mono WAV at `rate` (null: the recording's own rate).
export async function toWav(blob, rate) {
  const decoder = new AudioContext();
  const decoded = await decoder.decodeAudioData(await blob.arrayBuffer());
  decoder.close();
  const target = rate || decoded.sampleRate;
  const offline = new OfflineAudioContext(1, Math.max(1, Math.ceil(decoded.duration * target)), target);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const samples = (await offline.startRendering()).getChannelData(0);
  const view = new DataView(new ArrayBuffer(44 + samples.length * 2));
  const text = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, "RIFF");
  view.setUint32(4, 36 + samples.length * 2, true);
  text(8, "WAVEfmt ");
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, target, true);
  view.setUint32(28, target * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  text(36, "data");
  view.setUint32(40, samples.length * 2, true);
  samples.forEach((x, i) => view.setInt16(44 + i * 2, Math.max(-1, Math.min(1, x)) * 0x7fff, true));
  return new File([view.buffer], "audio.wav", { type: "audio/wav" });
}

// What to tell the user when the microphone cannot be used (getUserMedia's error names).
export function microphoneMessage(err) {
  const name = err && err.name;
  if (name === "NotAllowedError" || name === "SecurityError") {
    return "Microphone access was denied; allow it in the browser to record.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") return "No microphone was found to record with.";
  if (name === "NotReadableError") return "The microphone is in use by another program or could not be started.";
  if (!navigator.mediaDevices) return "Recording needs a secure page (https or localhost).";
  return `The microphone could not be used${err && err.message ? `: ${err.message}` : ""}.`;
}


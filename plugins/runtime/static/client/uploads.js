// Files sent to the session in chunks over the stream (see docs/protocol.md, "Uploads").
//
// upload() announces a file (UploadStart), then sends 1 MiB chunks, base64 in JSON, keeping
// at most WINDOW chunks unacknowledged. Each UploadAck moves the progress on. After a
// reconnect to the same session, resume() asks where each upload stands and goes on from
// the server's offset; a new session (the old one is gone) fails them.

const CHUNK_BYTES = 1024 * 1024;
const WINDOW = 4;

function readBase64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

// An unguessable id for an upload (it also names the file in the widget's value).
export function uploadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return "f-" + [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class Uploads {
  constructor(send) {
    this.send = send; // (msgs) => whether the frame went out
    this.active = new Map();
    this.stats = { acks: 0, started: 0, resumed: 0, done: 0 };
  }

  // Send file for the upload field with upload key target. Resolves when the server holds
  // every byte; rejects with the server's message when it refuses the file.
  upload(file, id, target, name, onProgress = () => {}) {
    return new Promise((resolve, reject) => {
      const up = { id, file, target, name, acked: 0, next: 0, started: false, gen: 0, pumping: false,
        resolve, reject, onProgress };
      this.active.set(id, up);
      this.stats.started += 1;
      onProgress(0, file.size);
      this.start(up);
    });
  }

  start(up) {
    up.started = false;
    up.gen += 1;
    this.send([{ type: "UploadStart", upload_id: up.id, target: up.target, name: up.name, size: up.file.size,
      mime: up.file.type || "" }]);
  }

  // After a reconnect to the same session: ask where each upload stands, then go on.
  resume() {
    for (const up of this.active.values()) {
      this.stats.resumed += 1;
      this.start(up);
    }
  }

  // The session is new: the server has none of the bytes any more.
  abandon(message) {
    for (const up of this.active.values()) up.reject(new Error(`${up.name}: ${message}`));
    this.active.clear();
  }

  cancel(id) {
    if (this.active.delete(id)) this.send([{ type: "UploadCancel", upload_id: id }]);
  }

  handleAck(msg) {
    const up = this.active.get(msg.upload_id);
    if (!up) return;
    this.stats.acks += 1;
    if (msg.start) {
      up.started = true;
      up.acked = msg.offset;
      up.next = msg.offset;
    } else if (!up.started || msg.offset <= up.acked) {
      return; // an answer from before a reconnect
    } else {
      up.acked = msg.offset;
    }
    up.onProgress(up.acked, up.file.size);
    if (up.acked >= up.file.size) {
      this.active.delete(up.id);
      this.stats.done += 1;
      up.resolve(up.id);
      return;
    }
    this.pump(up);
  }

  handleRefused(msg) {
    const up = this.active.get(msg.upload_id);
    if (!up) return;
    this.active.delete(up.id);
    up.reject(new Error(msg.message));
  }

  async pump(up) {
    if (up.pumping) return;
    up.pumping = true;
    const gen = up.gen;
    try {
      while (up.started && up.gen === gen && this.active.has(up.id) && up.next < up.file.size &&
             up.next - up.acked < WINDOW * CHUNK_BYTES) {
        const offset = up.next;
        const end = Math.min(up.file.size, offset + CHUNK_BYTES);
        const data = await readBase64(up.file.slice(offset, end));
        if (up.gen !== gen || !up.started || up.next !== offset) return;
        if (!this.send([{ type: "UploadChunk", upload_id: up.id, offset, data }])) {
          up.started = false; // disconnected: resume() starts again where the server stands
          return;
        }
        up.next = end;
      }
    } catch (err) {
      this.active.delete(up.id);
      up.reject(err);
    } finally {
      up.pumping = false;
      // A resume while a chunk was being read: go on for the new start.
      if (up.gen !== gen && up.started) this.pump(up);
    }
  }
}

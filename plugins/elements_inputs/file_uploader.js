// Renderer of "file_uploader": a drop zone and file picker; files go to the server once (see uploads.py).
import { field, fileList, relabel, sendFiles } from "./_inputs.js";

export function render(el, props, ctx) {
  const id = field(el, props);
  const zone = document.createElement("div");
  zone.className = "k-dropzone";
  const input = document.createElement("input");
  input.type = "file";
  input.id = id;
  input.multiple = !!props.multiple;
  if (props.directory) input.webkitdirectory = true;
  if (props.accept.length) input.accept = props.accept.join(",");
  input.disabled = !!props.disabled;
  const hint = document.createElement("small");
  hint.textContent = `Drag and drop or browse · limit ${props.max_mb} MB per file` +
    (props.accept.length ? ` · ${props.accept.join(", ")}` : "");
  zone.append(input, hint);
  const pick = (files) => {
    const list = props.multiple ? [...files] : [...files].slice(0, 1);
    if (list.length) sendFiles(ctx, el, el.kernelProps || props, list, !!props.multiple);
  };
  input.addEventListener("change", () => {
    pick(input.files);
    input.value = "";
  });
  zone.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.dataset.over = "true";
  });
  zone.addEventListener("dragleave", () => delete zone.dataset.over);
  zone.addEventListener("drop", (e) => {
    e.preventDefault();
    delete zone.dataset.over;
    if (!input.disabled) pick(e.dataTransfer.files);
  });
  el.kernelProps = props;
  el.append(zone, fileList(el, props, ctx));
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  el.kernelProps = props;
  el.querySelector("input").disabled = !!props.disabled;
  el.querySelector(".k-files").replaceWith(fileList(el, props, ctx));
  relabel(el, props);
  return true;
}

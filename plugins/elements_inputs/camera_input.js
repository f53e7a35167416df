// Renderer of "camera_input": a camera preview and "Take photo" (a picker where no camera is available).
import { field, fileList, relabel, sendFiles } from "./_inputs.js";

const SIZES = { "480p": [640, 480], "720p": [1280, 720], "1080p": [1920, 1080] };

export function render(el, props, ctx) {
  const id = field(el, props);
  el.kernelProps = props;
  const box = document.createElement("div");
  box.className = "k-camera";
  const video = document.createElement("video");
  video.autoplay = true;
  video.muted = true;
  video.playsInline = true;
  video.hidden = true;
  const shoot = document.createElement("button");
  shoot.type = "button";
  shoot.textContent = "Take photo";
  shoot.disabled = true;
  const picker = document.createElement("input");
  picker.type = "file";
  picker.accept = "image/*";
  picker.capture = "user";
  picker.id = id;
  picker.disabled = !!props.disabled;
  picker.addEventListener("change", () => {
    if (picker.files.length) sendFiles(ctx, el, el.kernelProps, [picker.files[0]], false);
    picker.value = "";
  });
  box.append(video, shoot, picker);
  el.append(box, fileList(el, props, ctx));
  if (props.disabled || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  const [width, height] = SIZES[props.resolution] || [];
  navigator.mediaDevices.getUserMedia({ video: width ? { width, height } : true }).then((stream) => {
    video.srcObject = stream;
    video.hidden = false;
    // A photo needs a frame: the button waits until the camera delivered one.
    const ready = () => { shoot.disabled = !video.videoWidth; };
    video.addEventListener("loadeddata", ready);
    video.addEventListener("resize", ready);
    ready();
    shoot.addEventListener("click", () => {
      if (!video.videoWidth) return;
      const canvas = document.createElement("canvas");
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext("2d").drawImage(video, 0, 0);
      canvas.toBlob((blob) => {
        if (!blob) return; // no image could be encoded: send nothing rather than an empty file
        const file = new File([blob], "camera.jpg", { type: "image/jpeg" });
        sendFiles(ctx, el, el.kernelProps, [file], false);
      }, "image/jpeg", 0.9);
    });
  }).catch(() => {});
}

export function update(el, props, ctx, old) {
  if (old.id !== props.id) return false;
  el.kernelProps = props;
  el.querySelector(".k-files").replaceWith(fileList(el, props, ctx));
  relabel(el, props);
  return true;
}

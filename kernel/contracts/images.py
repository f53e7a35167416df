"""Images as URLs the browser can load: what ``st.image``, ``st.logo`` and chat avatars accept.

Part of the element plugin API (re-exported by :mod:`kernel.elements`): :func:`image_url`
turns a URL, a path, an SVG string, bytes, a file, a numpy array or a PIL image into a
URL; everything but a URL is kept with :func:`~kernel.contracts.media_files.add_media`.
numpy and Pillow are imported only for arrays and PIL images.
"""

from __future__ import annotations

import io
import mimetypes
import re
from pathlib import Path
from typing import Any

from kernel.contracts.element_args import argument_error as fail
from kernel.contracts.media_files import add_media

__all__ = ["image_url", "is_image_url", "sniff_image"]

_URL = re.compile(r"^(https?://|data:|/)", re.I)


def is_image_url(text: str) -> bool:
    """Whether ``text`` is a URL (``http(s)://``, ``data:``, an absolute path on the server) rather than a file."""
    return bool(_URL.match(text.strip())) and not Path(text.strip()).is_file()


def sniff_image(data: bytes) -> str:
    """The MIME type of image bytes by their signature (PNG, JPEG, GIF, WebP, SVG)."""
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:512].lstrip().lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:2048].lower()):
        return "image/svg+xml"
    return "application/octet-stream"


def _array_to_image(command: str, param: str, array: Any, clamp: bool, channels: str,
                    output_format: str) -> tuple[bytes, str]:
    import numpy as np
    from PIL import Image

    arr = np.asarray(array)
    if arr.ndim == 3 and arr.shape[2] == 1:
        arr = arr[:, :, 0]
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in (3, 4)):
        raise fail(command, param, f"<array of shape {arr.shape}>",
                   "a numpy image must be H×W, H×W×1, H×W×3 or H×W×4")
    if arr.dtype.kind == "f":
        lo, hi = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 1.0)
        if lo < 0 or hi > 1:
            if not clamp:
                raise fail(command, "clamp", clamp, f"float pixel values must lie in [0, 1], found [{lo}, {hi}]; "
                           "pass clamp=True to clip them")
            arr = np.clip(arr, 0, 1)
        arr = (arr * 255).astype(np.uint8)
    elif arr.dtype != np.uint8:
        lo, hi = (int(arr.min()), int(arr.max())) if arr.size else (0, 0)
        if lo < 0 or hi > 255:
            if not clamp:
                raise fail(command, "clamp", clamp, f"pixel values must lie in [0, 255], found [{lo}, {hi}]; "
                           "pass clamp=True to clip them")
            arr = np.clip(arr, 0, 255)
        arr = arr.astype(np.uint8)
    if channels == "BGR" and arr.ndim == 3:
        arr = arr[:, :, [2, 1, 0, 3][: arr.shape[2]]]
    return _pil_to_bytes(Image.fromarray(arr), output_format)


def _pil_to_bytes(image: Any, output_format: str) -> tuple[bytes, str]:
    fmt = output_format.upper()
    if fmt == "AUTO":
        fmt = "JPEG" if (image.format == "JPEG" and image.mode == "RGB") else "PNG"
    if fmt == "JPG":
        fmt = "JPEG"
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    buf = io.BytesIO()
    image.save(buf, format=fmt)
    return buf.getvalue(), "image/jpeg" if fmt == "JPEG" else "image/png"


def image_url(image: Any, *, command: str = "image", param: str = "image", clamp: bool = False, channels: str = "RGB",
              output_format: str = "auto") -> str:
    """A URL the browser can load ``image`` from (a URL is used as is; anything else goes to the media route).

    ``command`` and ``param`` name the argument in the error raised for something that is
    no image (``st.logo(icon_image=...)``); ``clamp``, ``channels`` and ``output_format``
    are ``st.image``'s.
    """
    if isinstance(image, str):
        stripped = image.strip()
        if stripped.startswith("<svg") or stripped.startswith("<?xml"):
            return add_media(stripped.encode(), "image/svg+xml")
        if _URL.match(stripped) and not Path(stripped).is_file():
            return stripped
        image = Path(image)
    if isinstance(image, Path):
        if not image.is_file():
            raise fail(command, param, str(image), "no such file; give a path relative to the working "
                       "directory, a URL, bytes, a numpy array or a PIL image")
        data = image.read_bytes()
        mimetype = mimetypes.guess_type(image.name)[0] or sniff_image(data)
        return add_media(data, mimetype, image.name)
    if isinstance(image, io.IOBase) and hasattr(image, "read"):
        image = image.read()
    if isinstance(image, bytes | bytearray | memoryview):
        data = bytes(image)
        return add_media(data, sniff_image(data))
    module = type(image).__module__
    if module.startswith("PIL."):
        return add_media(*_pil_to_bytes(image, output_format))
    if hasattr(image, "__array__") or (isinstance(image, list) and image and isinstance(image[0], list)):
        return add_media(*_array_to_image(command, param, image, clamp, channels, output_format))
    raise fail(command, param, image, "use a URL, a path, an SVG string, bytes, a numpy array, a PIL image "
               "or a list of these")

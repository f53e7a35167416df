"""``st.image``, ``st.audio`` and ``st.video``: media kept per session and served from the media route."""

from __future__ import annotations

import datetime as dt
import io
import math
import mimetypes
import re
import wave
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import add_media, check_choice, check_width, container_width, image_url, is_safe_url
from kernel.elements import argument_error as fail

_URL = re.compile(r"^(https?://|data:|/)", re.I)
_YOUTUBE = re.compile(r"^https?://(www\.)?(youtube\.com/watch\?v=|youtu\.be/|youtube\.com/embed/)([\w-]{6,})", re.I)
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(h|m|s|ms)", re.I)
_SRT_TIME = re.compile(r"(\d\d:\d\d:\d\d),(\d\d\d)")


# -- images ------------------------------------------------------------------------


def image_src(image: Any, clamp: bool = False, channels: str = "RGB", output_format: str = "auto") -> str:
    """A URL the browser can load ``image`` from (``kernel.elements.image_url``, with st.image's errors)."""
    return image_url(image, clamp=clamp, channels=channels, output_format=output_format)


def _is_image_list(image: Any) -> bool:
    if isinstance(image, list | tuple):
        return not (image and isinstance(image[0], list | tuple | int | float))
    return False


def image(dg: DeltaGenerator, image: Any, caption: Any = None, width: Any = "content", clamp: bool = False,
          channels: str = "RGB", output_format: str = "auto", *, use_container_width: bool | None = None,
          link: str | None = None, use_column_width: Any = None, alt: str | None = None) -> DeltaGenerator:
    """``st.image``: one image or a row of images, each with an optional caption."""
    check_choice("image", "channels", channels, ("RGB", "BGR"))
    check_choice("image", "output_format", str(output_format).upper(), ("AUTO", "PNG", "JPEG", "JPG"))
    images = list(image) if _is_image_list(image) else [image]
    if isinstance(caption, list | tuple):
        captions = [None if c is None else str(c) for c in caption]
        if len(captions) != len(images):
            raise fail("image", "caption", caption,
                       f"Cannot pair {len(captions)} captions with {len(images)} images.")
    else:
        captions = [None if caption is None else str(caption)] * len(images)
    if link is not None and len(images) != 1:
        raise fail("image", "link", link, "a link works with a single image only")
    if link is not None and not (isinstance(link, str) and is_safe_url(link)):
        raise fail("image", "link", link, "use an http, https or mailto URL or a relative one; a javascript:, "
                   "vbscript: or data: link would run code on the app's page when clicked")
    width = container_width("image", width, use_container_width)
    items = [{"src": image_src(im, clamp, channels, output_format), "caption": cap}
             for im, cap in zip(images, captions, strict=True)]
    return dg.add_element("image", {"images": items, "width": width, "link": link, "alt": alt})


# -- audio and video ---------------------------------------------------------------


def seconds(command: str, param: str, value: Any) -> int | None:
    """A time offset in whole seconds from an int, float, timedelta or a string like ``"1m14s"``."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise fail(command, param, value, "use seconds (int or float), a timedelta or a string like '1m14s'")
    if isinstance(value, int | float):
        if value < 0:
            raise fail(command, param, value, "a time must not be negative")
        return int(math.floor(value))
    if isinstance(value, dt.timedelta):
        return int(value.total_seconds())
    if isinstance(value, str):
        text = value.strip()
        try:
            return int(math.floor(float(text)))
        except ValueError:
            pass
        parts = _DURATION.findall(text)
        if parts and "".join(f"{n}{u}" for n, u in parts).lower() == re.sub(r"\s", "", text).lower():
            factor = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
            return int(sum(float(n) * factor[u.lower()] for n, u in parts))
    raise fail(command, param, value, "use seconds (int or float), a timedelta or a string like '1m14s'")


def _wav_bytes(array: Any, sample_rate: int) -> bytes:
    import numpy as np

    data = np.asarray(array, dtype=float)
    if data.ndim == 1:
        data = data[np.newaxis, :]
    if data.ndim != 2:
        raise fail("audio", "data", f"<array of shape {data.shape}>",
                   "a numpy audio array is 1-D or (channels, samples)")
    peak = float(np.max(np.abs(data))) if data.size else 0.0
    scaled = (data / peak * 32767).astype("<i2") if peak > 0 else data.astype("<i2")
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(scaled.shape[0])
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(scaled.T.tobytes())
    return buf.getvalue()


def _media_src(command: str, data: Any, mimetype: str, sample_rate: int | None = None) -> tuple[str, str]:
    if isinstance(data, str) and _URL.match(data) and not Path(data).is_file():
        return data, mimetype
    if isinstance(data, str | Path):
        path = Path(data)
        if not path.is_file():
            raise fail(command, "data", str(data), "no such file; give a URL, a path, bytes or a file object")
        guessed = mimetypes.guess_type(path.name)[0]
        real_type = guessed if guessed and guessed.split("/")[0] == mimetype.split("/")[0] else mimetype
        return add_media(path.read_bytes(), real_type, path.name), real_type
    if hasattr(data, "read"):
        data = data.read()
    if isinstance(data, bytes | bytearray | memoryview):
        return add_media(bytes(data), mimetype), mimetype
    if hasattr(data, "__array__") or isinstance(data, list):
        if command != "audio":
            raise fail(command, "data", data, "use a URL, a path, bytes or a file object")
        if sample_rate is None:
            raise fail("audio", "sample_rate", None, "a numpy array needs sample_rate (samples per second)")
        return add_media(_wav_bytes(data, sample_rate), "audio/wav"), "audio/wav"
    if data is None:
        raise fail(command, "data", data, "give a URL, a path, bytes or a file object")
    raise fail(command, "data", data, "use a URL, a path, bytes, a file object" +
               (" or a numpy array" if command == "audio" else ""))


def _times(command: str, start_time: Any, end_time: Any) -> tuple[int, int | None]:
    start = seconds(command, "start_time", start_time) or 0
    end = seconds(command, "end_time", end_time)
    if end is not None and end <= start:
        raise fail(command, "end_time", end_time, f"must be after start_time ({start}s)")
    return start, end


def audio(dg: DeltaGenerator, data: Any, format: str = "audio/wav", start_time: Any = 0, *,
          sample_rate: int | None = None, end_time: Any = None, loop: bool = False, autoplay: bool = False,
          alt: str | None = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.audio``: an audio player for a URL, a file, bytes or a numpy array (with ``sample_rate``)."""
    if sample_rate is not None and (isinstance(sample_rate, bool) or not isinstance(sample_rate, int)
                                    or sample_rate <= 0):
        raise fail("audio", "sample_rate", sample_rate, "use a positive int (samples per second)")
    start, end = _times("audio", start_time, end_time)
    src, mimetype = _media_src("audio", data, format, sample_rate)
    props = {"src": src, "format": mimetype, "start_time": start, "end_time": end, "loop": bool(loop),
             "autoplay": bool(autoplay), "alt": alt, "width": check_width("audio", width)}
    return dg.add_element("audio", props)


def _vtt(data: Any) -> str:
    if isinstance(data, Path) or (isinstance(data, str) and "\n" not in data and Path(data).is_file()):
        data = Path(data).read_text(encoding="utf-8")
    elif hasattr(data, "read"):
        data = data.read()
    if isinstance(data, bytes):
        data = data.decode("utf-8")
    if not isinstance(data, str):
        raise fail("video", "subtitles", data, "use a path, a str, bytes or a file object with WebVTT or SRT text")
    text = data.strip()
    if not text.startswith("WEBVTT"):
        text = "WEBVTT\n\n" + _SRT_TIME.sub(r"\1.\2", text)
    return text + "\n"


def video(dg: DeltaGenerator, data: Any, format: str = "video/mp4", start_time: Any = 0, *,
          subtitles: Any = None, end_time: Any = None, loop: bool = False, autoplay: bool = False,
          muted: bool = False, alt: str | None = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.video``: a video player (files and bytes served with Range support; YouTube URLs embedded)."""
    start, end = _times("video", start_time, end_time)
    youtube = _YOUTUBE.match(data) if isinstance(data, str) else None
    if youtube is not None:
        src, mimetype = f"https://www.youtube.com/embed/{youtube.group(3)}", "youtube"
    else:
        src, mimetype = _media_src("video", data, format)
    tracks = []
    if subtitles is not None:
        sources: Mapping[str, Any] = subtitles if isinstance(subtitles, Mapping) else {"default": subtitles}
        for label, source in sources.items():
            tracks.append({"label": str(label), "src": add_media(_vtt(source).encode(), "text/vtt")})
    props = {"src": src, "format": mimetype, "start_time": start, "end_time": end, "loop": bool(loop),
             "autoplay": bool(autoplay), "muted": bool(muted), "subtitles": tracks, "alt": alt,
             "width": check_width("video", width)}
    return dg.add_element("video", props)


def pdf(dg: DeltaGenerator, data: Any, *, height: Any = 500, key: Any = None, alt: str | None = None) -> DeltaGenerator:
    """``st.pdf``: a PDF shown by the browser's own viewer (files and bytes served from the media route)."""
    if isinstance(height, bool) or not (height == "stretch" or (isinstance(height, int) and height > 0)):
        raise fail("pdf", "height", height, "use a positive int (px) or 'stretch'")
    if hasattr(data, "getvalue") and not hasattr(data, "read"):
        data = data.getvalue()
    if isinstance(data, bytes | bytearray | memoryview) and not bytes(data[:5]) == b"%PDF-":
        raise fail("pdf", "data", f"<{len(data)} bytes>", "these bytes are not a PDF (they do not start with %PDF-)")
    src, _ = _media_src("pdf", data, "application/pdf")
    return dg.add_element("pdf", {"src": src, "height": height, "alt": alt})

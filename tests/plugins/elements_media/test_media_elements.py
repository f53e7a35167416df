"""Media elements: st.image, st.audio, st.video and the media route (Range, per-session lifetime)."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
import trio

from kernel._app import AppOptions, build_app
from kernel._lifecycle import serve_app
from kernel.contracts.media_files import media_store
from kernel_plugins.app_session._headless import HeadlessSession
from tests.plugins.headless_run import RunScript, script_runner

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f00000101000518d84e0000000049454e44ae426082"
)


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_image_from_numpy_pil_bytes_path_and_url(run: RunScript, tmp_path: Path) -> None:
    (tmp_path / "dot.png").write_bytes(PNG_1X1)
    ran = run(f"""
        import numpy as np
        from PIL import Image
        from kernel import st
        st.image(np.zeros((4, 6, 3), dtype=np.uint8), caption="zeros")
        st.image(Image.new("RGB", (3, 3), "red"), width=120)
        from pathlib import Path
        st.image(Path("{tmp_path}/dot.png").read_bytes())
        st.image("{tmp_path}/dot.png", use_container_width=True)
        st.image("https://example.com/cat.png", link="https://example.com")
        st.image("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'></svg>")
    """)
    images = ran.props("image")
    assert len(images) == 6
    srcs = [p["images"][0]["src"] for p in images]
    assert all(s.startswith("/_kernel/media/") and s.endswith(".png") for s in srcs[:4])
    assert srcs[2] == srcs[3], "the same bytes are served once, at one URL"
    assert srcs[4] == "https://example.com/cat.png" and images[4]["link"] == "https://example.com"
    assert srcs[5].endswith(".svg")
    assert images[0]["images"][0]["caption"] == "zeros" and images[0]["width"] == "content"
    assert images[1]["width"] == 120 and images[3]["width"] == "stretch"
    store = media_store(ran.app)
    decoded = store.get(srcs[0].rsplit("/", 1)[1])
    assert decoded is not None and decoded.data.startswith(b"\x89PNG")


def test_a_list_of_images_with_captions(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        from kernel import st
        st.image([np.zeros((2, 2)), np.ones((2, 2))], caption=["black", "white"], width=50)
    """)
    items = ran.one("image")["images"]
    assert [i["caption"] for i in items] == ["black", "white"]
    assert items[0]["src"] != items[1]["src"]


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.image([np.zeros((2, 2)), np.ones((2, 2))], caption=['one'])",
         "st.image(caption=['one']): Cannot pair 1 captions with 2 images."),
        ("st.image(np.full((2, 2), 300))", "st.image(clamp=False): pixel values must lie in [0, 255]"),
        ("st.image(np.zeros((2, 2)), channels='HSV')", "st.image(channels='HSV'): use one of 'RGB', 'BGR'"),
        ("st.image('missing.png')", "st.image(image='missing.png'): no such file"),
        ("st.image(np.zeros((2, 2)), width='huge')", "st.image(width='huge')"),
        ("st.image(3.5)", "st.image(image=3.5)"),
        ("st.image(np.zeros((2, 2)), link='javascript:alert(1)')",
         "st.image(link='javascript:alert(1)'): use an http, https or mailto URL"),
        ("st.image(np.zeros((2, 2)), link=' data:text/html,<script>x</script>')", "a javascript:, vbscript: or data:"),
    ],
)
def test_image_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    error = run(f"import numpy as np\nfrom kernel import st\n{call}\n").error()
    assert fragment in error["message"], error["message"]


def test_image_clamp_and_bgr(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        from kernel import st
        st.image(np.full((1, 1, 3), [300, 0, -5]), clamp=True, channels="BGR")
    """)
    src = ran.one("image")["images"][0]["src"]
    from PIL import Image

    data = media_store(ran.app).get(src.rsplit("/", 1)[1]).data
    assert Image.open(io.BytesIO(data)).getpixel((0, 0)) == (0, 0, 255)


def test_audio_from_numpy_is_a_wav_and_times_are_parsed(run: RunScript) -> None:
    ran = run("""
        import numpy as np
        from kernel import st
        st.audio(np.sin(np.linspace(0, 100, 8000)), sample_rate=8000, start_time="1m14s", end_time=80, loop=True)
        st.audio("https://example.com/a.mp3", format="audio/mpeg")
    """)
    generated, remote = ran.props("audio")
    assert generated["format"] == "audio/wav" and generated["start_time"] == 74 and generated["end_time"] == 80
    assert generated["loop"] is True
    data = media_store(ran.app).get(generated["src"].rsplit("/", 1)[1]).data
    with wave.open(io.BytesIO(data)) as wav:
        assert wav.getframerate() == 8000 and wav.getnframes() == 8000
    assert remote["src"] == "https://example.com/a.mp3" and remote["format"] == "audio/mpeg"


@pytest.mark.parametrize(
    "call, fragment",
    [
        ("st.audio(np.zeros(10))", "st.audio(sample_rate=None): a numpy array needs sample_rate"),
        ("st.audio(b'x', start_time='soon')", "st.audio(start_time='soon')"),
        ("st.audio(b'x', start_time=5, end_time=2)", "st.audio(end_time=2): must be after start_time"),
        ("st.video(np.zeros(10))", "st.video(data="),
        ("st.video(b'x', subtitles=3)", "st.video(subtitles=3)"),
    ],
)
def test_audio_video_errors_name_the_parameter(run: RunScript, call: str, fragment: str) -> None:
    error = run(f"import numpy as np\nfrom kernel import st\n{call}\n").error()
    assert fragment in error["message"], error["message"]


def test_video_with_subtitles_and_youtube(run: RunScript, tmp_path: Path) -> None:
    (tmp_path / "clip.mp4").write_bytes(b"\x00\x00\x00\x18ftypmp42" + bytes(100))
    ran = run(f"""
        from kernel import st
        st.video("{tmp_path}/clip.mp4", subtitles={{"English": "1\\n00:00:01,000 --> 00:00:02,000\\nHello\\n"}},
                 muted=True,
                 autoplay=True)
        st.video("https://www.youtube.com/watch?v=abcdefghijk")
    """)
    clip, tube = ran.props("video")
    assert clip["src"].endswith(".mp4") and clip["muted"] and clip["autoplay"]
    track = clip["subtitles"][0]
    assert track["label"] == "English"
    vtt = media_store(ran.app).get(track["src"].rsplit("/", 1)[1]).data.decode()
    assert vtt.startswith("WEBVTT") and "00:00:01.000 --> 00:00:02.000" in vtt
    assert tube["src"] == "https://www.youtube.com/embed/abcdefghijk" and tube["format"] == "youtube"


def test_media_a_rerun_no_longer_shows_is_released(tmp_path: Path, run: RunScript) -> None:
    flag = tmp_path / "flag"
    ran = run(f"""
        from pathlib import Path
        from kernel import st
        if not Path({str(flag)!r}).exists():
            st.audio(b"RIFF-first", format="audio/wav")
        st.audio(b"RIFF-always", format="audio/wav")
    """)
    store = media_store(ran.app)
    assert len(store) == 2
    flag.write_text("x")
    ran.rerun()
    assert len(store) == 1
    ran.session.close()
    assert len(store) == 0


async def _get(url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
    def fetch() -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()

    return await trio.to_thread.run_sync(fetch)


async def test_media_route_serves_ranges(tmp_path: Path) -> None:
    payload = bytes(range(256)) * 40
    (tmp_path / "data.bin").write_bytes(payload)
    script = tmp_path / "app.py"
    data_path = str(tmp_path / "data.bin")
    script.write_text(f"from pathlib import Path\nfrom kernel import st\nst.video(Path({data_path!r}).read_bytes())\n")
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={},
                               config_options={"server.port": "0", "server.file_watcher_type": "none"}))
    stop = trio.Event()
    async with trio.open_nursery() as nursery:
        runtime = await nursery.start(serve_app, app, stop)
        session = HeadlessSession(app)
        try:
            msgs = await trio.to_thread.run_sync(session.run)
            src = next(m.element.props["src"] for m in msgs if getattr(m, "element", None) is not None
                       and m.element.kind == "video")
            url = runtime.url.rstrip("/") + src
            status, headers, body = await _get(url, {})
            assert status == 200 and body == payload and headers["accept-ranges"] == "bytes"
            assert headers["content-type"] == "video/mp4"
            status, headers, body = await _get(url, {"Range": "bytes=100-199"})
            assert status == 206 and body == payload[100:200]
            assert headers["content-range"] == f"bytes 100-199/{len(payload)}"
            status, headers, body = await _get(url, {"Range": "bytes=-10"})
            assert status == 206 and body == payload[-10:]
            status, headers, body = await _get(url, {"Range": f"bytes={len(payload)}-"})
            assert status == 416 and headers["content-range"] == f"bytes */{len(payload)}"
            status, _, _ = await _get(runtime.url.rstrip("/") + "/_kernel/media/" + "0" * 32 + ".mp4", {})
            assert status == 404
            await trio.to_thread.run_sync(session.close)
            status, _, _ = await _get(url, {})
            assert status == 404, "a closed session's media is gone"
        finally:
            stop.set()


def test_pdf_from_bytes_is_served_and_bad_input_is_named(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.pdf(b"%PDF-1.4 tiny", height=300)
        st.pdf("https://example.com/a.pdf")
    """)
    served, remote = ran.props("pdf")
    assert served["src"].endswith(".pdf") and served["height"] == 300
    assert media_store(ran.app).get(served["src"].rsplit("/", 1)[1]).mimetype == "application/pdf"
    assert remote["src"] == "https://example.com/a.pdf"
    assert "st.pdf(data='<4 bytes>'): these bytes are not a PDF" in run(
        "from kernel import st\nst.pdf(b'nope')\n").error()["message"]
    assert "st.pdf(height=0)" in run("from kernel import st\nst.pdf(b'%PDF-', height=0)\n").error()["message"]

"""st.chat_message(avatar=...): an emoji, an icon or text, or an image in any form st.image takes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.plugins.headless_run import RunScript, script_runner

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_avatars_as_images_are_served_from_the_media_route(run: RunScript, tmp_path: Path) -> None:
    (tmp_path / "face.png").write_bytes(PNG)
    ran = run(f"""
        import numpy as np
        from PIL import Image
        from kernel import st
        png = {PNG!r}
        st.chat_message("user", avatar=Image.new("RGB", (4, 4), "red"))
        st.chat_message("assistant", avatar=np.zeros((4, 4, 3), dtype=np.uint8))
        st.chat_message("bot", avatar=png)
        st.chat_message("bot", avatar={str(tmp_path / "face.png")!r})
        st.chat_message("bot", avatar="https://example.com/a.png")
        st.chat_message("bot", avatar="🦜")
        st.chat_message("bot", avatar=":material/smart_toy:")
        st.chat_message("ai")
    """)
    blocks = [d.element.props for d in ran.deltas if d.element.kind == "chat_message"]
    srcs = [b.get("avatar_src") for b in blocks]
    assert all(s.startswith("/_kernel/media/") for s in srcs[:4]), srcs
    assert srcs[2] == srcs[3], "the same bytes are one media file"
    assert srcs[4] == "https://example.com/a.png"
    assert srcs[5:] == [None, None, None]
    assert [b.get("avatar") for b in blocks] == [None] * 5 + ["🦜", ":material/smart_toy:", "🤖"]


def test_an_avatar_that_is_no_image_names_what_it_takes(run: RunScript) -> None:
    ran = run("""
        from kernel import st
        st.chat_message("user", avatar=3.5)
    """)
    message = ran.error()["message"]
    assert "st.chat_message(avatar=3.5): avatar must be an emoji" in message and "a PIL image" in message

"""What a browser test reads off the page's WebSocket."""

from __future__ import annotations

from typing import Any

__all__ = ["record_frame_sizes"]


def record_frame_sizes(page: Any) -> list[int]:
    """Sizes in bytes of every WebSocket frame ``page`` receives from now on (the list fills as they arrive)."""
    sizes: list[int] = []

    def on_socket(ws: Any) -> None:
        ws.on("framereceived", lambda payload: sizes.append(len(payload if isinstance(payload, bytes)
                                                                  else payload.encode())))

    page.on("websocket", on_socket)
    return sizes

"""Core plugin ``components``: ``st.iframe`` and ``st.components.v1`` (``html``, ``iframe``,
``declare_component``), Streamlit's ways of embedding HTML and other pages in a frame.

Start-up imports only this module; the commands load on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kernel import Command, KernelApp, hookimpl

RENDERER = Path(__file__).parent / "iframe.js"


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    return [
        Command("iframe", "kernel_plugins.components._iframe:iframe", renderer=RENDERER),
        Command("components", "kernel_plugins.components._namespace:components", kind="module"),
    ]

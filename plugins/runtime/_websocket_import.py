"""Import trio-websocket without loading ``importlib.metadata`` for it.

When it is imported, trio-websocket asks ``importlib.metadata.version("trio")`` (to know
whether trio is older than 0.22). Importing ``importlib.metadata`` (email, zipfile, csv...)
and finding trio's distribution among everything installed cost about 13 ms of CPU, most of
what the first WebSocket of a ``kernel run`` loads, for a number ``trio.__version__`` holds.

:func:`import_trio_websocket` imports it with a stand-in at ``importlib.metadata``
(:func:`kernel.import_with_stand_in`) that answers ``version("trio")`` from
``trio.__version__``; any other distribution, any other attribute, is the real module's.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any

from kernel import import_with_stand_in

__all__ = ["import_trio_websocket", "metadata_answers"]


def metadata_answers(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    """The stand-in's ``version``: trio's from trio itself, every other from the real
    ``importlib.metadata`` (``real()``)."""

    def version(distribution_name: str) -> str:
        if distribution_name == "trio":
            import trio

            return str(trio.__version__)
        return str(real().version(distribution_name))

    return {"version": version}


def import_trio_websocket() -> None:
    """Import ``trio_websocket`` with a stand-in at ``importlib.metadata`` (unless the real
    one is already loaded); then ``import trio_websocket`` finds it loaded."""
    import_with_stand_in("trio_websocket", {"importlib.metadata": metadata_answers})

"""``st.runtime``: whether the app runs under kernel (``st.runtime.exists()``)."""

from __future__ import annotations

from kernel import StashKey, current_app
from kernel.context import get_run_context

SERVING: StashKey[bool] = StashKey("app_api.serving")
"""Set on the app between ``kernel_startup`` and ``kernel_shutdown``."""


class RuntimeNamespace:
    """What ``st.runtime`` offers apps: :meth:`exists`."""

    @staticmethod
    def exists() -> bool:
        """True when the code runs inside a kernel app: a script run (``kernel run``,
        ``AppTest``) or a process serving one; False in a plain ``python app.py``.

        Apps use it to start themselves: ``if not st.runtime.exists(): ...``.
        """
        if get_run_context() is not None:
            return True
        return bool(current_app().stash.get(SERVING, False))

    def __repr__(self) -> str:
        return "st.runtime"


runtime = RuntimeNamespace()

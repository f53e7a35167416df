"""Per-run limits on what a script writes: elements, and output waiting to be sent.

``while True: st.write(1)`` never ends on its own and grew the server's memory without
bound (the queue of unsent output, the mirror of the page) and the page's. Every
element or container a run adds counts against ``[runner] max_elements_per_run``; and
before each one, the session's output still waiting to be sent (the queue's optional
``queued_bytes()``) is held against ``[runner] max_queued_mib``. Past either, the run
ends with :class:`~kernel.contracts.script_runner.RunLimitExceeded`, whose message the
page shows: which limit, its value, and the option that raises it. A run trips a limit
once: what is written after that (the message itself) is not counted again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kernel import KernelApp, StashKey
from kernel.contracts import AppSession
from kernel.contracts.script_runner import RunLimitExceeded

MIB = 1024 * 1024

DEFAULT_MAX_ELEMENTS = 100_000
"""``[runner] max_elements_per_run`` when no config section says otherwise."""

DEFAULT_MAX_QUEUED_MIB = 256.0
"""``[runner] max_queued_mib`` when no config section says otherwise."""


class RunTally:
    """What one run wrote so far, against the limits (kept in the run's stash)."""

    __slots__ = ("elements", "enqueue_leaf", "max_elements", "max_queued_bytes", "max_queued_mib", "queued_bytes",
                 "tripped")

    def __init__(self, app: KernelApp, session: AppSession) -> None:
        runner = app.config.sections.get("runner")
        self.max_elements = int(getattr(runner, "max_elements_per_run", DEFAULT_MAX_ELEMENTS)) or (1 << 62)
        self.max_queued_mib = float(getattr(runner, "max_queued_mib", DEFAULT_MAX_QUEUED_MIB))
        self.max_queued_bytes = int(self.max_queued_mib * MIB)
        self.queued_bytes: Callable[[], int] | None = (
            getattr(session.queue, "queued_bytes", None) if self.max_queued_bytes else None)
        """The queue's count of bytes waiting, when it has one and the limit is on."""
        self.elements = 0
        self.tripped = False
        # Not a limit, but looked up once per run for the same reason: the queue's optional
        # method for elements known by a digest (kernel.contracts.ForwardMsgQueue).
        self.enqueue_leaf: Callable[[str, tuple[int, ...], str, Mapping[str, Any], int], None] | None = getattr(
            session.queue, "enqueue_leaf", None)

    def count(self) -> None:
        """One more element for this run; raises :class:`RunLimitExceeded` past a limit.

        The delta generator inlines the common case (no limit reached): keep the two in step.
        """
        if self.tripped:
            return
        self.elements += 1
        self.check()

    def check(self) -> None:
        """Raise :class:`RunLimitExceeded` if :attr:`elements` or the queued bytes are past a limit."""
        if self.tripped:
            return
        if self.elements > self.max_elements:
            self.tripped = True
            raise RunLimitExceeded(
                f"This run wrote {self.max_elements:,} elements, the most that [runner] max_elements_per_run "
                "allows, so it was stopped. A script that writes in an endless loop (while True: st.write(...)) "
                "ends here instead of filling the server's memory and the page. If the page really needs more "
                f"elements, raise the limit (e.g. --runner.max_elements_per_run={self.max_elements * 2}; "
                "0 turns it off).")
        if self.max_queued_bytes and self.queued_bytes is not None:
            queued = self.queued_bytes()
            if queued > self.max_queued_bytes:
                self.tripped = True
                raise RunLimitExceeded(
                    f"This session had {queued / MIB:,.1f} MiB of output waiting to be sent, more than the "
                    f"{self.max_queued_mib:g} MiB that [runner] max_queued_mib allows, so the run was stopped. "
                    "The script writes faster than the browser takes it (or no browser is connected). Write "
                    f"less, or raise the limit (e.g. --runner.max_queued_mib={self.max_queued_mib * 2:g}; "
                    "0 turns it off).")


TALLY: StashKey[RunTally] = StashKey("delta_generator.run_tally")
"""Where a run's :class:`RunTally` is kept (``RunContext.stash``)."""

"""The fragments contract: what other plugins may know of a run's ``st.fragment`` calls.

The plugin that implements fragments (the core ``fragments`` plugin) owns the
requests for partial reruns and the registry of fragments. It publishes, in the run
context's stash, the few facts the widget engine needs, under the keys below, and a
session's pending requests through :func:`session_fragment_requests` (so that a session's
whole state can be read and written through contracts). Nothing else about fragments is
shared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kernel._stash import StashKey
from kernel.contracts.hookspecs import call_declared_hook, hookspec

if TYPE_CHECKING:
    from kernel._stash import Stash
    from kernel.contracts.app_session import AppSession

__all__ = ["DIALOG_FRAGMENTS", "FRAGMENTS_RERUN", "FRAGMENT_STACK", "RERUN_TARGETS", "FragmentRequests",
           "in_dialog", "session_fragment_requests"]

FRAGMENT_STACK: StashKey[list[str]] = StashKey("fragment_stack")
"""Run context: ids of the fragments whose function is executing, innermost last.
Kept by the fragments plugin; a widget made now belongs to the innermost one."""

DIALOG_FRAGMENTS: StashKey[set[str]] = StashKey("dialog_fragments")
"""Session stash: ids of the fragments that are ``st.dialog`` functions (kept by the
fragments plugin). With :data:`FRAGMENT_STACK` it tells whether code runs inside a dialog,
where some containers (``st.bottom``) may not be used."""


def in_dialog(stash: Stash, session_stash: Stash) -> bool:
    """Whether a run (its context's ``stash``, its session's ``session_stash``) is executing
    an ``st.dialog`` function now."""
    stack = stash.get(FRAGMENT_STACK) or []
    dialogs = session_stash.get(DIALOG_FRAGMENTS) or set()
    return any(fid in dialogs for fid in stack)


FRAGMENTS_RERUN: StashKey[tuple[str, ...]] = StashKey("fragments_rerun")
"""Run context: in a partial run of fragments, the ids of the fragments it reruns (set
by the fragments plugin at the start of the run). At its end only widgets of these
fragments may be forgotten."""

RERUN_TARGETS: StashKey[list[str]] = StashKey("rerun_targets")
"""Run context: fragment keys the callbacks of the user's interaction named with
``st.rerun("<key>")`` (the fragments plugin appends them). The run continues as a
rerun of just those fragments, unless the code that runs the callbacks empties the list
because another callback of the same interaction did not name fragments (it wants the
whole app)."""


@runtime_checkable
class FragmentRequests(Protocol):
    """The fragments a session asked to rerun, waiting for its next run; thread safe.

    Empty means the next run is a full run. Written from the trio main thread (a
    ``Rerun`` names a fragment) and the script thread (``st.rerun(scope="fragment")``);
    taken at the start of a run.
    """

    def add(self, fragment_id: str) -> None:
        """Ask for a rerun of ``fragment_id`` (several requests run together, in order)."""
        ...

    def clear(self) -> None:
        """A full rerun was asked for: it absorbs the pending requests."""
        ...

    def take(self) -> tuple[str, ...]:
        """The pending fragment ids, in order (and forget them)."""
        ...

    def pending(self) -> tuple[str, ...]:
        """The pending fragment ids, in order (kept)."""
        ...


@hookspec(firstresult=True)
def kernel_session_fragment_requests(session: AppSession) -> FragmentRequests | None:
    """The :class:`FragmentRequests` of ``session``, made on first use.

    Declared by the plugin that implements fragments (through ``add_hookspecs_once``) and
    answered by it. **Called:** from any thread; must not block. First result wins.

    :param session: the session.
    """


def session_fragment_requests(session: AppSession) -> FragmentRequests | None:
    """The pending fragment requests of ``session``; ``None`` when no plugin implements fragments."""
    result: FragmentRequests | None = call_declared_hook(session.app.hook, "kernel_session_fragment_requests",
                                                         session=session)
    return result


"""The fragments contract: what other plugins may know of a run's ``st.fragment`` calls.

The plugin that implements fragments (the core ``fragments`` plugin) owns the
requests for partial reruns and the registry of fragments; it publishes, in the run
context's stash, the few facts the widget engine needs, under the keys below. Nothing
else about fragments is shared.
"""

from __future__ import annotations

from kernel._stash import StashKey

__all__ = ["FRAGMENT_STACK", "FRAGMENTS_RERUN", "RERUN_TARGETS"]

FRAGMENT_STACK: StashKey[list[str]] = StashKey("fragment_stack")
"""Run context: ids of the fragments whose function is executing, innermost last.
Kept by the fragments plugin; a widget made now belongs to the innermost one."""

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

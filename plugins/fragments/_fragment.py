"""``st.fragment``: a function whose widgets rerun only that function.

Calling a fragment function during a full run writes its elements into a container
of its own and records the function, its arguments and where the container is in the
session's registry. When one of its widgets changes (or its ``run_every`` timer
fires) the page asks for a rerun of that fragment; at the start of that run
:func:`begin_fragment_run` makes it a partial run: the run context's ``run_body`` calls
just the function, writing into a fresh container at the same place (made by the delta
generator plugin), and its ``run_scope`` tells the queue that only that container may be
cleaned up.
"""

from __future__ import annotations

import datetime
import functools
import re
import threading
from collections.abc import Callable
from typing import Any, cast

import attrs

from kernel import KernelAPIException, StashKey
from kernel.context import RunContext, get_run_context
from kernel.contracts import AppSession, DeltaGenerator
from kernel.contracts.elements import DuplicateElementKey, InvalidLayoutContextError
from kernel.contracts.fragments import DIALOG_FRAGMENTS, FRAGMENT_STACK, FRAGMENTS_RERUN, RERUN_TARGETS
from kernel.contracts.messages import ContainerRef
from kernel_plugins.fragments._requests import REGISTRY, REQUESTS, fragment_requests, fragments_shown

_UNITS = {"d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)\s*(ms|d|h|m|s)")


class FragmentError(KernelAPIException, ValueError):
    """``st.fragment`` was given arguments it cannot use."""


@attrs.define
class FragmentEntry:
    """A fragment as the last full run called it: function, arguments and container."""

    fragment_id: str
    fn: Callable[..., Any]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    root: str
    path: tuple[int, ...]
    run_every: float | None = None
    page: str = ""
    """The page scope the fragment was called in (``kernel.context.RunContext.id_scope``)."""


class FragmentRegistry:
    """The fragments of one session, by id (thread safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[str, FragmentEntry] = {}

    def put(self, entry: FragmentEntry) -> None:
        """Record (or refresh) a fragment."""
        with self._lock:
            self._entries[entry.fragment_id] = entry

    def get(self, fragment_id: str) -> FragmentEntry | None:
        """The fragment with ``fragment_id``, if the last full run called it."""
        with self._lock:
            return self._entries.get(fragment_id)

    def keep_only(self, fragment_ids: set[str]) -> None:
        """Forget fragments a complete full run did not call."""
        with self._lock:
            for fid in [f for f in self._entries if f not in fragment_ids]:
                del self._entries[fid]

    def ids(self) -> list[str]:
        """The ids of the registered fragments."""
        with self._lock:
            return list(self._entries)


CALLED: StashKey[dict[str, None]] = StashKey("fragments_called")
"""Run context: fragments called (or rerun) in this run, in order."""
COUNTS: StashKey[dict[str, int]] = StashKey("fragment_call_counts")
"""Run context: calls of each fragment function so far (unkeyed ids count them)."""


def registry(session: AppSession) -> FragmentRegistry:
    """The fragment registry of ``session``."""
    return session.stash.get_or_create(REGISTRY, FragmentRegistry)


def parse_interval(run_every: Any) -> float | None:
    """``run_every`` in seconds: a number, a ``timedelta`` or a string like ``"10s"``, ``"1h23s"``."""
    if run_every is None:
        return None
    if isinstance(run_every, datetime.timedelta):
        seconds = run_every.total_seconds()
    elif isinstance(run_every, int | float) and not isinstance(run_every, bool):
        seconds = float(run_every)
    elif isinstance(run_every, str):
        text = run_every.strip().lower()
        parts = _PART.findall(text)
        if not parts or _PART.sub("", text).strip():
            raise FragmentError(f"st.fragment(run_every={run_every!r}): use seconds, a timedelta, or a duration "
                                "such as '10s', '500ms' or '1h23s'")
        seconds = sum(float(n) * _UNITS[unit] for n, unit in parts)
    else:
        raise FragmentError(f"st.fragment(run_every={run_every!r}): use seconds (int or float), a timedelta or "
                            "a string such as '10s'")
    if seconds <= 0:
        raise FragmentError(f"st.fragment(run_every={run_every!r}): the interval must be positive")
    return seconds


def fragment(func: Callable[..., Any] | None = None, *, run_every: Any = None, parallel: bool = False,
             key: Any = None) -> Any:
    """``st.fragment``: decorate a function so that its widgets rerun only it.

    Usable bare (``@st.fragment``) or with arguments (``@st.fragment(run_every="5s")``).
    """
    if func is None:
        return functools.partial(fragment, run_every=run_every, parallel=parallel, key=key)
    if not callable(func):
        raise FragmentError(f"st.fragment decorates a function, not {func!r}")
    seconds = parse_interval(run_every)
    if key is not None and str(key) in ("app", "fragment"):
        raise FragmentError(f"st.fragment(key={key!r}): 'app' and 'fragment' are reserved; choose another key")
    return _wrap(func, kind="fragment", props={"run_every": seconds}, key=key)


def _wrap(func: Callable[..., Any], *, kind: str, props: dict[str, Any], key: Any,
          before: Callable[[RunContext], None] | None = None) -> Callable[..., Any]:
    qualname = f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"

    @functools.wraps(func)
    def call(*args: Any, **kwargs: Any) -> Any:
        ctx = get_run_context()
        if ctx is None:
            return func(*args, **kwargs)
        ctx.checkpoint()
        if before is not None:
            before(ctx)
        fid = _fragment_id(ctx, qualname, key)
        if kind == "dialog":
            ctx.session.stash.get_or_create(DIALOG_FRAGMENTS, set).add(fid)
        container = ctx.current_container().add_block(kind, {**props, "fragment_id": fid})
        registry(ctx.session).put(FragmentEntry(fid, func, args, dict(kwargs), container.root,
                                                tuple(container.path), props.get("run_every"),
                                                ctx.id_scope))
        return call_in(ctx, container, fid, func, args, kwargs)

    return call


def _fragment_id(ctx: RunContext, qualname: str, key: Any) -> str:
    called = ctx.stash.setdefault(CALLED, {})
    if key is not None:
        fid = f"fragment-{key}"
        if fid in called:
            raise DuplicateElementKey(f"There are multiple fragments with the same key={key!r}; fragment keys must "
                                      "be unique in a run.")
    else:
        counts = ctx.stash.setdefault(COUNTS, {})
        n = counts.get(qualname, 0)
        counts[qualname] = n + 1
        import hashlib  # here, not at start-up

        digest = hashlib.blake2b(repr((qualname, n)).encode(), digest_size=8).hexdigest()
        fid = f"fragment-{digest}"
    called[fid] = None
    return fid


def call_in(ctx: RunContext, container: DeltaGenerator, fid: str, func: Callable[..., Any],
            args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Call a fragment's function with ``st`` writing into ``container``."""
    stack = ctx.stash.setdefault(FRAGMENT_STACK, [])
    ctx.containers.append(container)
    stack.append(fid)
    try:
        return func(*args, **kwargs)
    except Exception:
        # The run ends here; the exception is shown in this fragment (the innermost one).
        if ctx.error_container is None:
            ctx.error_container = container
        raise
    finally:
        stack.pop()
        for i in range(len(ctx.containers) - 1, 0, -1):
            if ctx.containers[i] is container:
                del ctx.containers[i]
                break


def begin_fragment_run(ctx: RunContext, wanted: tuple[str, ...]) -> bool:
    """Make this run a rerun of the ``wanted`` fragments (the session's requests);
    ``True`` if it is one (``False``: they are gone, the whole app runs).

    Called at the start of a run, before callbacks: elements written by callbacks (and
    an uncaught exception) go into the (first) fragment's container.
    """
    session = ctx.session
    known = registry(session)
    entries = [e for e in (known.get(fid) for fid in wanted) if e is not None]
    if not entries:
        return False  # the fragments are gone: run the whole app instead
    _make_fragment_run(ctx, entries)
    return True


def retarget(ctx: RunContext) -> None:
    """After callbacks: if they all named fragments with ``st.rerun("<key>")``, this run
    reruns just those fragments."""
    keys = ctx.stash.get(RERUN_TARGETS)
    if not keys:
        return
    known = registry(ctx.session)
    entries = []
    for key in dict.fromkeys(keys):
        entry = known.get(f"fragment-{key}")
        if entry is None:
            raise FragmentError(f"st.rerun({key!r}): no fragment with key={key!r} was shown; keyed fragments: "
                                f"{', '.join(repr(f[len('fragment-'):]) for f in known.ids()) or 'none'}")
        entries.append(entry)
    _make_fragment_run(ctx, entries)


class _OutsideTheFragment:
    """Stands in for ``st.sidebar`` during a fragment rerun: using it is a clear error
    rather than a write over the sidebar's first element."""

    def _refuse(self) -> FragmentError:
        return FragmentError("st.sidebar cannot be used while an st.fragment reruns on its own: a fragment writes "
                             "into its own container. Move the sidebar elements out of the fragment.")

    def __getattr__(self, name: str) -> Any:
        raise self._refuse()

    def __enter__(self) -> Any:
        raise self._refuse()

    def __exit__(self, *exc: object) -> None:
        return None


def _container(ctx: RunContext, entry: FragmentEntry) -> DeltaGenerator:
    """A fresh container where ``entry``'s function wrote in the full run, made by the
    session's delta generator plugin (``kernel_make_delta_generator`` with its path)."""
    container: DeltaGenerator = ctx.app.make("delta_generator", session=ctx.session, root=entry.root,
                                             path=entry.path)
    if (container.root, tuple(container.path)) != (entry.root, entry.path):
        raise FragmentError(
            f"st.fragment cannot rerun on its own: the delta generator plugin made a container at "
            f"{container.root}{list(container.path)} when asked for {entry.root}{list(entry.path)}. Its "
            "kernel_make_delta_generator must honour the path argument."
        )
    return container


def _make_fragment_run(ctx: RunContext, entries: list[FragmentEntry]) -> None:
    ctx.roots["sidebar"] = cast("DeltaGenerator", _OutsideTheFragment())
    containers = [_container(ctx, e) for e in entries]
    ctx.containers[0] = containers[0]
    ctx.run_scope = tuple(ContainerRef(e.root, e.path) for e in entries)
    ctx.stash[FRAGMENTS_RERUN] = tuple(e.fragment_id for e in entries)

    def body() -> None:
        called = ctx.stash.setdefault(CALLED, {})
        for entry, container in zip(entries, containers, strict=True):
            called[entry.fragment_id] = None
            ctx.id_scope = entry.page
            call_in(ctx, container, entry.fragment_id, entry.fn, entry.args, entry.kwargs)

    ctx.run_body = body


def end_run(ctx: RunContext, outcome: str) -> None:
    """After a complete full run, forget fragments it did not call."""
    known = ctx.session.stash.get(REGISTRY)
    if known is not None and outcome == "ok" and not ctx.run_scope:
        known.keep_only(set(ctx.stash.get(CALLED) or ()))


def rerun_scope(session: AppSession, scope: Any) -> bool | None:
    """``st.rerun(scope=...)`` for fragments (the ``kernel_rerun_scope`` hook).

    ``"app"`` drops waiting fragment requests (a full run covers them). ``"fragment"``
    asks for a rerun of the fragment it is called in, during that fragment's rerun.
    Fragment keys, from a widget callback, make the interaction's rerun one of just
    those fragments (:func:`retarget`).
    """
    ctx = get_run_context()
    if ctx is None or ctx.session is not session:
        return None
    if scope == "app":
        if session.stash.get(REQUESTS) is not None or fragments_shown(session):
            fragment_requests(session).clear()  # until the next run starts, requests are covered
        return None
    if scope != "fragment":
        keys = [scope] if isinstance(scope, str | int) else list(scope) if isinstance(scope, list | tuple) else None
        if not keys or not all(isinstance(k, str | int) for k in keys):
            raise ValueError(f"st.rerun(scope={scope!r}): use 'app', 'fragment', or fragment keys from a callback")
        if not ctx.in_callback:
            raise InvalidLayoutContextError(
                f"st.rerun({scope!r}) names fragments to rerun; that only works in a widget callback. In the script "
                "use st.rerun() or, inside a fragment's rerun, st.rerun(scope='fragment')."
            )
        ctx.stash.setdefault(RERUN_TARGETS, []).extend(str(k) for k in keys)
        return False
    if ctx.in_callback:
        return False  # in a widget callback: the rerun it belongs to is about to run anyway
    stack = ctx.stash.get(FRAGMENT_STACK)
    if not stack or not ctx.run_scope:
        raise InvalidLayoutContextError(
            'st.rerun(scope="fragment") can only be specified from @st.fragment-decorated functions during '
            'fragment reruns. Use st.rerun() to rerun the whole app.'
        )
    fragment_requests(session).add(stack[-1])
    return True

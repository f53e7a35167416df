"""Runs a session's script in a worker thread, with stop and rerun at ``st`` calls."""

from __future__ import annotations

import ast
import logging
import queue
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Callable
from pathlib import Path
from types import CodeType
from typing import Any

from kernel import KernelApp
from kernel.context import RunContext, get_run_context
from kernel.contracts import AppSession
from kernel.contracts.script_runner import ForcedStop, RerunRun, StopRun
from kernel.runs import execute_run
from kernel_plugins.script_runner._force import KERNEL_PACKAGES, cancel_in_thread, in_app_code, raise_in_thread, reaper
from kernel_plugins.script_runner._magic import MAGIC_NAME, add_magic
from kernel_plugins.script_runner._priority import Demoter
from kernel_plugins.script_runner._sleep import script_builtins

DEFAULT_STOP_GRACE = 2.0
"""Seconds a script may ignore a request before it is stopped by force (``[runner]
stop_grace_seconds``)."""

FORCE_REPEAT = 0.25
"""Seconds between two forced stops of a script that caught the first one and goes on."""

NOT_NOW_RETRY = 0.005
"""Seconds until the next look when the script thread is inside the kernel's code."""

FLUSH_WAIT = 0.1
"""Seconds, at most, a worker thread waits after a run loop for the session's queue
to be flushed (an optional ``wait_flushed(timeout)`` of the queue; the core queue has it)."""

log = logging.getLogger("kernel.script_runner")


class ScriptThreads:
    """Worker threads for script runs: reused, and only a few young runs at a time.

    Under the GIL, many runs at once finish no sooner than a few at a time, and they
    keep more memory alive at the peak: the transient objects of every run in progress
    interleave with the long-lived ones of the sessions, and what they leave behind is
    fragmented heap. So at most ``max_fresh`` run loops that started less than
    ``fresh_for`` seconds ago run at once (a typical run ends within that), and at most
    ``max_young`` that started less than ``long_run`` seconds ago; more wait in FIFO
    order. A run loop that runs longer (waiting for I/O, a ``while True`` script, a long
    computation) stops counting, so it never holds the others up for more than
    ``long_run`` seconds, and runs that wait for I/O still overlap.
    Finished workers wait for the next loop (at most ``max_idle`` of them). A run that
    goes on for long runs at a lower CPU priority (:mod:`._priority`), so the server's
    thread and short runs go first.
    """

    def __init__(self, max_young: int = 8, long_run: float = 0.25, max_idle: int = 16, *,
                 max_fresh: int = 3, fresh_for: float = 0.03) -> None:
        self._max_young = max_young
        self._long_run = long_run
        self._max_fresh = max_fresh
        self._fresh_for = min(fresh_for, long_run)
        self._max_idle = max_idle
        self._lock = threading.Lock()
        self._idle = 0
        self._handoff: queue.SimpleQueue[tuple[Callable[[], None], list[float]]] = queue.SimpleQueue()
        self._pending: deque[Callable[[], None]] = deque()
        self._running: list[list[float]] = []  # the start time of each dispatched task
        self._watchdog: threading.Thread | None = None
        self._demoter = Demoter()

    def submit(self, task: Callable[[], None]) -> None:
        """Run ``task`` in a worker thread, now or as soon as the limits allow."""
        with self._lock:
            if self._full():
                self._pending.append(task)
                self._ensure_watchdog()
                return
            self._dispatch(task)

    def crowded(self) -> bool:
        """Whether other run loops run or wait for a worker besides the caller's."""
        return len(self._running) > 1 or bool(self._pending)

    def _full(self) -> bool:
        """Whether the limits on fresh and young runs are reached (lock held)."""
        now = time.monotonic()
        fresh = young = 0
        for stamp in self._running:
            age = now - stamp[0]
            if age < self._long_run:
                young += 1
                if age < self._fresh_for:
                    fresh += 1
        return fresh >= self._max_fresh or young >= self._max_young

    def _dispatch(self, task: Callable[[], None]) -> None:
        # Called with the lock held; the task counts as running from now on.
        stamp = [time.monotonic()]
        self._running.append(stamp)
        if self._idle:
            self._idle -= 1
            self._handoff.put((task, stamp))
        else:
            # The first job travels in a list the worker empties: a Thread keeps its
            # arguments until it ends, and a reused worker must not pin a finished
            # run's session for as long as it lives.
            threading.Thread(target=self._work, args=([(task, stamp)],), name="kernel-script", daemon=True).start()

    def _ensure_watchdog(self) -> None:
        if self._watchdog is None:
            self._watchdog = threading.Thread(target=self._watch, name="kernel-script-watchdog", daemon=True)
            self._watchdog.start()

    def _watch(self) -> None:
        while True:
            time.sleep(self._fresh_for / 4)
            with self._lock:
                while self._pending and not self._full():
                    self._dispatch(self._pending.popleft())
                if not self._pending:
                    self._watchdog = None
                    return

    def _work(self, first: list[tuple[Callable[[], None], list[float]]]) -> None:
        job: tuple[Callable[[], None], list[float]] | None = first.pop()
        while job is not None:
            task, stamp = job
            job = None
            self._demoter.started()
            try:
                task()
            except BaseException:  # pragma: no cover - the run loop handles script errors itself
                log.exception("a script run loop failed")
            # Nothing of the finished task stays referenced while this worker waits:
            # an idle worker must not keep a closed session (its runner, queue, state) alive.
            del task
            if not self._demoter.finished():
                with self._lock:  # a thread stuck at a lower priority serves no other run
                    self._running.remove(stamp)
                return
            with self._lock:
                self._running.remove(stamp)
                if self._pending and not self._full():
                    stamp = [time.monotonic()]
                    self._running.append(stamp)
                    job = (self._pending.popleft(), stamp)
                    continue
                if self._idle >= self._max_idle:
                    return
                self._idle += 1
            job = self._handoff.get()


_threads = ScriptThreads()
"""Where a run's context keeps the runner executing it (``st.rerun`` finds it there)."""


class CompiledScript:
    """The script's code object, compiled (with magic) once per change of the file."""

    def __init__(self, path: Path, *, magic: bool = True) -> None:
        self.path = path
        self.magic = magic
        self._stamp: tuple[int, int] | None = None
        self._code: CodeType | None = None
        self._lock = threading.Lock()

    def invalidate(self) -> None:
        """Forget the compiled code; the next run compiles again."""
        with self._lock:
            self._code = None

    def code(self) -> CodeType:
        """The code object for the file as it is now."""
        stat = self.path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._code is None or stamp != self._stamp:
                source = self.path.read_bytes()
                tree = ast.parse(source, str(self.path))
                if self.magic:
                    tree = add_magic(tree)
                self._code = compile(tree, str(self.path), "exec", dont_inherit=True)
                self._stamp = stamp
            return self._code


_scripts: dict[tuple[Path, bool], CompiledScript] = {}
_scripts_lock = threading.Lock()


def compiled_script(path: Path, *, magic: bool) -> CompiledScript:
    """The shared :class:`CompiledScript` of ``path`` (one per process, used by every session)."""
    key = (path, magic)
    with _scripts_lock:
        script = _scripts.get(key)
        if script is None:
            script = _scripts[key] = CompiledScript(path, magic=magic)
        return script


def invalidate_scripts() -> None:
    """Forget every compiled script (a source file changed)."""
    with _scripts_lock:
        for script in _scripts.values():
            script.invalidate()


class ThreadScriptRunner:
    """Runs the script in a worker thread; ``request_*`` set flags checked at ``st`` calls.

    A rerun request during a run ends that run at its next ``st`` call and starts the
    next one in the same thread (the latest widget values win); one made with
    ``wait=True`` (a fragment's) lets the run end on its own first. The thread ends when
    no rerun is pending, so an idle session holds no thread (nor an Event: :meth:`join`
    makes one only when it has to wait for a run).

    A script that reaches no ``st`` call for ``[runner] stop_grace_seconds`` after a
    stop, rerun or close request is stopped by force: the process's reaper thread
    raises :class:`~kernel.contracts.script_runner.ForcedStop` in the script thread
    (again every :data:`FORCE_REPEAT` seconds while the script catches it), and the
    page shows why. The script's own ``time.sleep`` wakes for a request at once
    (:mod:`kernel_plugins.script_runner._sleep`).
    """

    __slots__ = ("__weakref__", "_active", "_after", "_app", "_closed", "_done", "_grace", "_lock",
                 "_not_now_since", "_requested_at", "_rerun", "_run_id", "_run_thread", "_script", "_session",
                 "_stop", "_wake")

    def __init__(self, app: KernelApp, session: AppSession) -> None:
        if app.script_path is None:
            raise ValueError("the app has no script to run (app.script_path is None); "
                             "pass the script: kernel run app.py")
        self._app = app
        self._session = session
        self._script = compiled_script(Path(app.script_path), magic=magic_enabled(app))
        self._grace = stop_grace_seconds(app)
        self._lock = threading.Lock()
        self._active = False
        self._done: threading.Event | None = None
        """Set when the active run loop ends (made by :meth:`join` when it waits)."""
        self._rerun = False
        self._after = False
        """A run was asked for that waits for the current one to end (no checkpoint acts on it)."""
        self._stop = False
        self._closed = False
        self._run_id = 0
        self._run_thread: int | None = None
        """The thread executing a run right now (the one a forced stop is raised in)."""
        self._requested_at: float | None = None
        """When the oldest request the current run has not acted on arrived (monotonic)."""
        self._not_now_since: float | None = None
        """Since when a due forced stop waits for the script thread to leave the kernel's code."""
        self._wake: threading.Event | None = None
        """Set by the next request; made only while the script sleeps (:meth:`wait_for_request`)."""

    @property
    def is_running(self) -> bool:
        """Whether a run is in progress (or about to start)."""
        return self._active

    @property
    def run_id(self) -> int:
        """The number of the latest run (0 before the first)."""
        return self._run_id

    def request_rerun(self, *, wait: bool = False) -> None:
        """Start a run, or make the current one end at its next ``st`` call and start over;
        with ``wait``, start over once the current run has ended on its own."""
        with self._lock:
            if self._closed:
                return
            if self._active:
                if wait:
                    # Not a request the run acts on: no checkpoint, sleep or reaper sees it,
                    # and a stop asked for stays asked for (the next run follows it).
                    self._after = True
                    return
                self._stop = False
                self._rerun = True
                self._requested()
                return
            self._stop = False
            self._rerun = False
            self._after = False
            self._active = True
        _threads.submit(self._loop_then_wait)

    def request_stop(self) -> None:
        """End the current run at its next ``st`` call (by force after the grace period);
        the runs asked for so far are dropped."""
        with self._lock:
            if self._active:
                self._stop = True
                self._requested()
            self._rerun = False
            self._after = False

    def join(self, timeout: float | None = None) -> bool:
        """Stop for good and wait for the thread; ``True`` if it ended in time."""
        with self._lock:
            self._closed = True
            self._stop = True
            if not self._active:
                return True
            self._requested()
            if self._done is None:
                self._done = threading.Event()
            done = self._done
        ctx = get_run_context()
        if ctx is not None and ctx.runner is self:
            return False  # called from this runner's own script: it cannot wait for itself
        return done.wait(timeout)

    def wait_for_request(self, timeout: float) -> bool:
        """Block the script thread for up to ``timeout`` seconds, or until a stop, rerun
        or close request arrives for the current run; ``True`` if one did."""
        with self._lock:
            if self._stop or self._rerun or self._closed:
                return True
            if self._wake is None:
                self._wake = threading.Event()
            wake = self._wake
        return wake.wait(timeout)

    def _requested(self) -> None:
        """A request the running script must act on arrived (lock held): wake its sleep,
        and have the reaper look when its grace period is over."""
        if self._wake is not None:
            self._wake.set()
        if self._requested_at is not None or self._run_thread == threading.get_ident():
            return  # already watched; or st.rerun() in the script itself, which ends the run now
        self._requested_at = time.monotonic()
        reaper.watch(self, self._requested_at + self._grace)

    def force_if_due(self, now: float) -> float | None:
        """Stop the current run by force if it ignored a request for the grace period
        (called by the reaper); when to look again, or ``None``."""
        with self._lock:
            thread, since = self._run_thread, self._requested_at
            if thread is None or since is None:
                self._not_now_since = None
                return None  # the run ended, or acted on the request
            due = since + self._grace
            if now < due:
                return due
            if not in_app_code(thread, self._protected_packages()):
                # Inside the kernel's own code (an st call about to reach its checkpoint,
                # the end-of-run hooks): look again soon; force it anyway if it stays
                # there for another grace period.
                if self._not_now_since is None:
                    self._not_now_since = now
                if now - self._not_now_since < max(self._grace, 1.0):
                    return now + NOT_NOW_RETRY
            self._not_now_since = None
            exc = ForcedStop.saying(forced_stop_message(self._request_name(), self._grace))
            if not raise_in_thread(thread, exc):
                return None
            log.warning("session %s: the script ignored the %s for %.1fs; it was stopped by force",
                        self._session.id, self._request_name(), now - since)
            return now + FORCE_REPEAT

    def _request_name(self) -> str:
        if self._closed:
            return "end of its session"
        return "Stop request" if self._stop else "rerun request"

    def _protected_packages(self) -> frozenset[str]:
        names = {str(getattr(plugin, "__name__", None) or getattr(type(plugin), "__module__", "")).partition(".")[0]
                 for _, plugin in self._app.pm.list_name_plugin()}
        return KERNEL_PACKAGES | {name for name in names if name and name != "__main__"}

    def _checkpoint(self) -> None:
        if self._stop:
            raise StopRun
        if self._rerun:
            raise RerunRun

    def _loop_then_wait(self) -> None:
        self._loop()
        # Backpressure while other runs are under way: the worker thread (still counted
        # as a young run by ScriptThreads) waits until the session's flush task took
        # this run's output. When many sessions run at once, their script threads would
        # otherwise outpace the one event-loop thread that sends, and the output of
        # dozens of runs would wait in queues at the same time: a peak of memory that
        # stays in the process as fragmented heap after it is sent. A lone run does not
        # wait (waking this thread while the frame is sent would only slow that down),
        # and a new run of this session never waits for this: the runner already
        # accepts it (on another worker).
        wait_flushed = getattr(self._session.queue, "wait_flushed", None)
        if wait_flushed is not None and _threads.crowded():
            wait_flushed(FLUSH_WAIT)

    def _loop(self) -> None:
        done: threading.Event | None = None
        ended = False
        try:
            while True:
                self._run_once()
                with self._lock:
                    if (self._rerun or self._after) and not self._closed:
                        # A rerun request cleared any stop; a waiting one came after the stop.
                        self._rerun = self._after = self._stop = False
                        continue
                    # Deciding to end and going idle are one step: a rerun requested
                    # right after it finds the runner idle and starts a new loop.
                    done = self._go_idle()
                    ended = True
                    return
        finally:
            if not ended:
                # Whatever happened (even a failing hook), the runner must accept the next run.
                with self._lock:
                    done = self._go_idle()
            if done is not None:
                done.set()

    def _go_idle(self) -> threading.Event | None:
        """Mark the runner idle (lock held); the Event a :meth:`join` waits on, if any."""
        self._active = False
        self._stop = False
        self._rerun = False
        self._after = False
        self._requested_at = None
        self._wake = None
        done, self._done = self._done, None
        return done

    def _run_once(self) -> str:
        thread = threading.get_ident()
        with self._lock:
            self._run_id += 1
            self._run_thread = thread
            if not (self._stop or self._closed):
                # This run takes what every request so far delivered (widget values and a
                # button's trigger, fragment requests): one made after the run was asked
                # for but before it started (its thread was on the way) is this run. To end
                # the run at its first st call for it would drop the trigger the run took.
                self._rerun = self._after = False
                self._requested_at = None  # the previous run acted on the requests so far
                self._wake = None
        try:
            return execute_run(self._app, self._session, self._run_id, runner=self, checkpoint=self._checkpoint,
                               execute=self._execute)
        finally:
            with self._lock:
                # From here on no forced stop reaches this thread: none is raised any
                # more, and one raised a moment ago that it has not met is withdrawn.
                self._run_thread = None
                cancel_in_thread(thread)

    def _execute(self, ctx: RunContext) -> None:
        path = ctx.script_path or self._script.path
        script_dir = str(self._script.path.parent)
        if script_dir not in sys.path:
            sys.path.insert(0, script_dir)
        sys.argv = [str(self._script.path), *self._app.script_args]
        module = types.ModuleType("__main__")
        module.__file__ = str(path)
        namespace: dict[str, Any] = module.__dict__
        namespace["__builtins__"] = script_builtins()  # its `import time` gets a sleep that wakes for requests
        namespace[MAGIC_NAME] = magic_write
        script = self._script if path == self._script.path else compiled_script(path, magic=self._script.magic)
        exec(script.code(), namespace)


def forced_stop_message(request: str, grace: float) -> str:
    """What the page says when a script was stopped by force after ignoring ``request``."""
    return (f"The script was stopped by force: it reached no st call within {grace:g} s of the {request}, "
            "so it was interrupted where the traceback shows. A loop that makes no st call cannot be stopped "
            "gently; to wait longer before forcing, raise stop_grace_seconds in the [runner] section of the "
            "config (e.g. --runner.stop_grace_seconds=10).")


def stop_grace_seconds(app: KernelApp) -> float:
    """``[runner] stop_grace_seconds``: how long a script may ignore a request."""
    return float(getattr(app.config.sections.get("runner"), "stop_grace_seconds", DEFAULT_STOP_GRACE))


def magic_enabled(app: KernelApp) -> bool:
    """Whether ``[runner] magic_enabled`` is on (bare expressions are written)."""
    return bool(getattr(app.config.sections.get("runner"), "magic_enabled", True))


def magic_write(*values: Any) -> None:
    """What a bare expression in the script calls: ``st.write(*values)``."""
    ctx = get_run_context()
    if ctx is None:
        return
    command = ctx.app.commands.get("write")
    if command is None:
        return
    ctx.checkpoint()
    command.load()(ctx.current_container(), *values)

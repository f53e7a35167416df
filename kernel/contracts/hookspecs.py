"""The hook specifications: the whole contract between the kernel and its plugins.

Three kinds of hooks, named so the return value is obvious:

* ``kernel_make_<component>`` -- *factories*, ``firstresult``: the first plugin that
  returns something other than ``None`` provides the component. Core plugins mark
  their factories ``trylast`` so any other plugin answering the same hook wins.
* ``kernel_register_<things>`` -- *collectors*: every plugin may return a list; the
  kernel concatenates them.
* ``kernel_<something>_<past tense>`` / ``kernel_warm_up`` / ``kernel_startup`` /
  ``kernel_shutdown`` --
  *events*: observers only; they return nothing (startup and shutdown may return an
  awaitable, which the kernel awaits).

Events a plugin fires for its own feature (``kernel_secrets_changed``, ...) are not
here: the plugin declares them in ``kernel_add_hookspecs`` from a ``hookspecs`` module
of its own, and ``docs/hooks.md`` documents them under "Hooks declared by plugins".

Hooks are always called with keyword arguments; an implementation may accept fewer
arguments than its spec lists. ``docs/hooks.md`` repeats each hook with an example and
``tests/kernel/test_docs.py`` keeps the two in step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from kernel._app import KernelApp
    from kernel._cli_registry import CliCommand
    from kernel._commands import Command
    from kernel._config import ConfigSection
    from kernel._routes import HttpRoute
    from kernel._static import StaticAsset
    from kernel.contracts import (
        AppSession,
        CacheSettings,
        CacheStorage,
        DeltaGenerator,
        ForwardMsgQueue,
        Runtime,
        ScriptRunner,
        Secrets,
        SecretSource,
        SessionState,
    )
    from kernel.contracts.messages import Rerun
    from kernel.contracts.scaleout import DroppedKey, MessageBus, SessionStore
    from kernel.contracts.widgets import WidgetEngine
    from kernel.testing.nodes import TestNodeType

PROJECT = "kernel"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


def add_hookspecs_once(pm: pluggy.PluginManager, module: ModuleType) -> None:
    """Declare the hooks specified in ``module`` unless ``pm`` has them already.

    For hooks a contract module specifies (``kernel.contracts.pages``,
    ``kernel.contracts.fragments``): every plugin that implements the contract declares
    them from its ``kernel_add_hookspecs``, and the first one to do so wins.
    """
    names = [name for name in dir(module) if pm.parse_hookspec_opts(module, name) is not None]
    if all(getattr(getattr(pm.hook, name, None), "spec", None) is None for name in names):
        pm.add_hookspecs(module)


def call_declared_hook(hook: pluggy.HookRelay, name: str, **kwargs: Any) -> Any:
    """Call the hook ``name`` of a plugin's own; ``None`` when no loaded plugin has it.

    For hooks declared by plugins (``kernel_add_hookspecs``), which exist only while their
    plugin, or one of their implementers, is loaded.
    """
    caller = getattr(hook, name, None)
    return caller(**kwargs) if caller is not None else None

# ----------------------------------------------------------------------------------
# Factories: one per core component (firstresult)
# ----------------------------------------------------------------------------------


@hookspec(firstresult=True)
def kernel_make_runtime(app: KernelApp) -> Runtime | None:
    """Make the runtime: the server, the session registry and the message flow.

    **Called:** once per ``kernel run``, in the trio main thread, before startup hooks.

    **Returns:** an object satisfying :class:`kernel.contracts.Runtime`, or ``None``
    to let the next plugin answer. The first non-``None`` result wins.

    :param app: the assembled kernel (config, plugin manager, commands).

    **Default provider:** ``plugins/runtime``.
    """


@hookspec(firstresult=True)
def kernel_make_app_session(app: KernelApp, session_id: str) -> AppSession | None:
    """Make the session of one connected user (or of a headless test).

    **Called:** in the trio main thread, when a client connects without a session to
    resume, or when ``kernel.testing`` starts an app.

    **Returns:** an :class:`kernel.contracts.AppSession`, or ``None``. First result wins.

    :param app: the assembled kernel.
    :param session_id: the new session's id, unique in this process.

    **Default provider:** ``plugins/app_session``.
    """


@hookspec(firstresult=True)
def kernel_make_widget_engine(app: KernelApp) -> WidgetEngine | None:
    """Make the widget engine that :func:`kernel.elements.register_widget` hands every
    widget to (ids, values, ``st.session_state`` keys, forms, callbacks).

    **Called:** in the script thread, the first time a widget of the app registers
    (the answer is kept for the app's lifetime).

    **Returns:** a :class:`kernel.contracts.widgets.WidgetEngine`, or ``None``. First
    result wins.

    :param app: the assembled kernel.

    **Default provider:** ``plugins/widgets``.
    """


@hookspec(firstresult=True)
def kernel_make_script_runner(app: KernelApp, session: AppSession) -> ScriptRunner | None:
    """Make the script runner of a session.

    **Called:** in the trio main thread, once per session, by the session.

    **Returns:** a :class:`kernel.contracts.ScriptRunner`, or ``None``. First result wins.

    :param app: the assembled kernel; ``app.script_path`` is the script to run.
    :param session: the session the runner belongs to.

    **Default provider:** ``plugins/script_runner``.
    """


@hookspec(firstresult=True)
def kernel_make_delta_generator(app: KernelApp, session: AppSession, root: str,
                                path: tuple[int, ...]) -> DeltaGenerator | None:
    """Make a container a run writes its elements to: a root, or one inside a root.

    **Called:** in the script thread, at the start of every run, once per root
    container (``"main"``, ``"sidebar"``, ...) with ``path=()``; and for a partial
    run, with the path of each container it writes into again.

    **Returns:** a :class:`kernel.contracts.DeltaGenerator` that writes its first
    element at ``(*path, 0)`` of ``root``, or ``None``. First result wins.

    :param app: the assembled kernel.
    :param session: the session whose script is running.
    :param root: the name of the root container.
    :param path: the container's delta path within ``root``; ``()`` for the root
        itself (``app.make("delta_generator", ...)`` passes ``()`` when left out).

    **Default provider:** ``plugins/delta_generator``.
    """


@hookspec(firstresult=True)
def kernel_make_forward_msg_queue(app: KernelApp, session: AppSession) -> ForwardMsgQueue | None:
    """Make the outgoing message queue of a session.

    **Called:** in the trio main thread, once per session, by the session.

    **Returns:** a :class:`kernel.contracts.ForwardMsgQueue`, or ``None``. First result wins.

    :param app: the assembled kernel.
    :param session: the session the queue belongs to.

    **Default provider:** ``plugins/forward_msg_queue``.
    """


@hookspec(firstresult=True)
def kernel_make_session_state(app: KernelApp, session: AppSession) -> SessionState | None:
    """Make the state of a session: ``st.session_state`` and the stores it owns (its
    ``widgets``, ``query_string`` and ``client``).

    **Called:** in the trio main thread, once per session, by the session.

    **Returns:** a :class:`kernel.contracts.SessionState`, or ``None``. First result wins.

    :param app: the assembled kernel.
    :param session: the session the state belongs to.

    **Default provider:** ``plugins/session_state``.
    """


@hookspec(firstresult=True)
def kernel_make_cache_storage(app: KernelApp, cache_kind: str, settings: CacheSettings) -> CacheStorage | None:
    """Make the storage behind one cached function.

    **Called:** by the essential ``caching_api`` plugin, in a script thread, the first
    time a cached function is called in this process (once per session for
    ``scope="session"``); and from any thread with ``settings.function_key ==
    ALL_FUNCTIONS`` for the backend-wide view that ``st.cache_data.clear()`` and
    ``kernel cache clear|stats`` use. ``caching_api`` leaves ``settings.backend``
    ``None``; the core caching plugin, asked last, selects the backend from ``[cache]
    backend`` or ``persist="disk"`` and, for one that is not its own, asks again with
    ``settings.backend`` set. A backend plugin returns ``None`` unless
    ``settings.backend`` names it; a replacement of the whole component may answer
    every request. Backends that can only hold ``bytes`` return ``None`` for
    ``"resource"``.

    **Returns:** a :class:`kernel.contracts.CacheStorage`, or ``None``. First result wins.

    :param app: the assembled kernel.
    :param cache_kind: ``"data"`` (values are pickled ``bytes``) or ``"resource"``
        (values are shared live objects).
    :param settings: the cached function's identity and cache parameters.

    **Notes:** storages made for the same kind and function key share their entries.
    ``kernel.testing.cache_conformance.check_cache_storage`` is the test suite of a backend.

    **Default provider:** ``plugins/caching``.
    """


@hookspec(firstresult=True)
def kernel_make_secrets(app: KernelApp) -> Secrets | None:
    """Make the app's merged, read-only secrets (``st.secrets``).

    **Called:** once per app, lazily, by the essential ``secrets_api`` plugin on first
    use of ``st.secrets``, from whichever thread uses it first. The object lives as long
    as the app. While the core ``secrets`` plugin is loaded it calls the object's
    ``reload_if_changed()`` at the start of every run (firing its own hook
    ``kernel_secrets_changed`` when that returns ``True``) and its ``redact()`` for tracebacks, whichever plugin
    made it.

    **Returns:** a :class:`kernel.contracts.Secrets`, or ``None``. First result wins.

    :param app: the assembled kernel.

    **Default provider:** ``plugins/secrets``.
    """


@hookspec(firstresult=True)
def kernel_make_session_store(app: KernelApp) -> SessionStore | None:
    """Make this worker's session store: where sessions outlive their worker (scale-out).

    **Called:** in the trio main thread, once, when the runtime starts.

    **Returns:** a :class:`kernel.contracts.scaleout.SessionStore`, or ``None`` (the
    default: scale-out is off, and sessions live only in this process, as always).

    :param app: the assembled kernel.

    **Default provider:** ``plugins/scaleout`` (an in-memory store, only when
    ``[scaleout] enabled = true``).
    """


@hookspec(firstresult=True)
def kernel_make_message_bus(app: KernelApp) -> MessageBus | None:
    """Make this worker's message bus: fire-and-forget messages between the workers of
    the app (scale-out).

    **Called:** in the trio main thread, once, by the plugin that serves scale-out.

    **Returns:** a :class:`kernel.contracts.scaleout.MessageBus`, or ``None`` (scale-out off).

    :param app: the assembled kernel.

    **Default provider:** ``plugins/scaleout`` (an in-process bus, only when
    ``[scaleout] enabled = true``).
    """


# ----------------------------------------------------------------------------------
# Collectors: every plugin contributes a list
# ----------------------------------------------------------------------------------


@hookspec
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    """Contribute ``st`` commands (elements, widgets, module functions and objects).

    **Called:** once, in the main thread, while the app is assembled.

    **Returns:** a list of :class:`kernel.Command`. An element command names its web
    renderer module; two plugins registering the same name is an error naming both.

    :param app: the assembled kernel (its config is already loaded).
    """


@hookspec
def kernel_register_command_hints(app: KernelApp) -> Sequence[tuple[str, str]]:
    """Contribute hints for ``st`` names that no command has (names another framework removed or renamed).

    **Called:** once per app, in whichever thread first looks up an ``st`` name that no
    loaded plugin provides (never at start-up).

    **Returns:** ``(name, hint)`` pairs: ``st.<name>`` then raises
    :class:`kernel.UnknownCommandError` whose message ends with ``hint`` (e.g.
    ``("beta_columns", "Streamlit removed st.beta_columns: use st.columns instead.")``).
    A registered command of that name always wins over a hint.

    :param app: the assembled kernel.
    """


@hookspec
def kernel_register_secret_sources(app: KernelApp) -> Sequence[SecretSource]:
    """Contribute sources of secrets, merged by priority into ``st.secrets``.

    **Called:** every time the secrets are (re)loaded -- on first use of
    ``st.secrets`` and after a watched file changed -- from the thread that loads them
    (a script thread or the trio main thread). Must not block for long.

    **Returns:** a list of :class:`kernel.contracts.SecretSource`. Higher ``priority``
    wins key by key; the core plugin uses 100-150 for files and 1000 for the
    environment (see ``docs/secrets.md``).

    :param app: the assembled kernel; ``app.config`` holds the plugin's section.
    """


@hookspec
def kernel_register_redactors(app: KernelApp) -> Sequence[Callable[[str], str]]:
    """Contribute functions that scrub sensitive text before it leaves the process.

    **Called:** whenever text produced by user code is about to be shown to the
    browser or written to a log -- e.g. by the script runner for an exception's
    message and traceback lines -- from that thread (usually a script thread).

    **Returns:** a list of callables ``redact(text) -> text``; each is applied in turn.
    A redactor must be fast, thread-safe and never raise; the secrets plugin's
    replaces every secret value with ``***``.

    :param app: the assembled kernel.

    **Default provider:** ``plugins/secrets``.
    """


@hookspec
def kernel_register_static_assets(app: KernelApp) -> Sequence[StaticAsset]:
    """Contribute files the runtime serves over HTTP (web client modules, renderers).

    **Called:** once, in the main thread, when the runtime starts.

    **Returns:** a list of :class:`kernel.StaticAsset` (a URL prefix and a folder).

    :param app: the assembled kernel.
    """


@hookspec
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    """Contribute dynamic HTTP routes (media files, data pages, generated bundles).

    **Called:** once, in the trio main thread, when the runtime starts.

    **Returns:** a list of :class:`kernel._routes.HttpRoute`. Handlers are called in the
    trio main thread for GET and HEAD requests under their prefix and must not block.

    :param app: the assembled kernel.
    """


@hookspec
def kernel_register_cli_commands(app: KernelApp) -> Sequence[CliCommand]:
    """Contribute ``kernel`` subcommands (for example ``kernel cache clear``).

    **Called:** once per CLI invocation, after plugins are loaded, before the
    command line is parsed.

    **Returns:** a list of :class:`kernel.CliCommand`.

    :param app: the assembled kernel.
    """


@hookspec
def kernel_register_test_nodes(app: KernelApp) -> Sequence[TestNodeType]:
    """Contribute AppTest node classes for the element kinds a plugin renders.

    **Called:** once per :class:`kernel.testing.AppTest`, in the test's thread, when
    its app is built.

    **Returns:** a list of :class:`kernel.testing.nodes.TestNodeType`: which node class
    wraps an element kind and under which accessors (``at.button``) it is listed.
    Kinds nobody registers appear as ``UnknownElement`` (``at.get(kind)``).

    :param app: the app under test.
    """


@hookspec
def kernel_register_config_sections(app: KernelApp) -> Sequence[ConfigSection]:
    """Contribute configuration sections (an attrs class per ``[section]``).

    **Called:** once, while the app is assembled, after plugins are loaded and
    before any config value is read. ``app.config`` is not available yet.

    **Returns:** a list of :class:`kernel.ConfigSection`.

    :param app: the app being assembled.
    """


# ----------------------------------------------------------------------------------
# Events: observers only
# ----------------------------------------------------------------------------------


@hookspec(historic=True)
def kernel_add_hookspecs(pm: pluggy.PluginManager) -> None:
    """Add hook specifications of a plugin's own (``pm.add_hookspecs(module)``).

    **Called:** for every plugin as it is registered, before any other hook of it is
    called (historic: a plugin registered later is called at registration). A plugin
    that fires events of its own declares them here instead of in the kernel's contract,
    so other plugins can implement them and ``check_pending`` still catches typos.

    :param pm: the plugin manager.
    """


@hookspec
def kernel_rerun_requested(session: AppSession, request: Rerun, running: bool) -> bool | str | None:
    """The client asked the session to run its script again (a ``Rerun`` message).

    **Called:** in the trio main thread by the session, for each ``Rerun`` it receives,
    before it asks its runner for the run. Every plugin that keeps session state the
    request carries (widget values, the URL, the browser's facts, a partial run) takes
    its part here. Must not block.

    :param session: the session.
    :param request: the message, as decoded.
    :param running: whether a run of the session was in progress when it arrived.
    :return: ``False`` to drop the request (its state is taken, but no run starts, e.g.
        an automatic rerun that must never interrupt a run);
        :data:`kernel.contracts.app_session.WAIT` (``"wait"``) to let a run under way
        finish first (the requested run starts after it, e.g. a fragment's request);
        anything else lets it start, interrupting a run under way. Every observer is
        called either way; one ``False`` is enough, and it beats ``WAIT``.
    """


@hookspec
def kernel_clear_caches(app: KernelApp) -> None:
    """Empty every cache of the app: the user asked for it.

    **Called:** in the trio main thread when a client sends ``ClearCache`` (the page's
    "Clear cache" action). Every plugin that caches values on the app's behalf empties
    them; must not block for long.

    :param app: the assembled kernel.

    **Default provider:** ``plugins/caching_api`` (``st.cache_data`` and ``st.cache_resource``).
    """


@hookspec
def kernel_configured(app: KernelApp) -> None:
    """The app is assembled: plugins loaded, config read, commands collected.

    **Called:** once, in the main thread, before anything runs. A plugin reads its
    config section here.

    :param app: the assembled kernel.
    """


@hookspec
def kernel_warm_up(app: KernelApp) -> None:
    """Do now what the first session would otherwise pay for: the worker accepts no
    connection yet.

    **Called:** once, in the trio main thread, before the runtime listens, when
    ``server.warm_up`` is on (``kernel run --workers N`` turns it on for its workers, so a
    worker that a rolling restart starts is not slow for the pages that move to it). Import
    the modules a session's first connection and first run import lazily, build lookup
    tables, compile: nothing that runs the app's script, writes shared state (a session
    store, a cache backend) or needs the network. Each implementation is called on its own:
    a failing one is logged and the others still run (so a hook wrapper, ``wrapper=True``,
    is not called: wrap nothing here), and the worker serves anyway.

    :param app: the assembled kernel.
    """


@hookspec
def kernel_startup(app: KernelApp, runtime: Runtime) -> Any:
    """The server is accepting connections.

    **Called:** once, in the trio main thread. May return an awaitable, which is
    awaited before the app counts as started.

    :param app: the assembled kernel.
    :param runtime: the running runtime; ``runtime.url`` is set (``None`` when another server hosts it).
    """


@hookspec
def kernel_shutdown(app: KernelApp, runtime: Runtime) -> Any:
    """The app is shutting down (Ctrl-C, SIGTERM, or the end of a test).

    **Called:** once, in the trio main thread, on every exit path after startup,
    within the shutdown deadline. May return an awaitable.

    :param app: the assembled kernel.
    :param runtime: the runtime being stopped.
    """


@hookspec
def kernel_session_opened(session: AppSession) -> None:
    """A session was created.

    **Called:** in the trio main thread, right after the session is made.

    :param session: the new session.
    """


@hookspec
def kernel_client_connected(session: AppSession, request_head: bytes, ip_address: str | None) -> None:
    """A client connected to the session (it opened it, or resumed it after a reconnect).

    **Called:** in the trio main thread by the runtime, once per connection, after the
    session greeted the client and before the connection's first message is handled.
    Must not block. The session-state component records the request for ``st.context``.

    :param session: the session the connection belongs to.
    :param request_head: the head of the HTTP request that opened the connection, as
        received: the request line and the header lines, each ending in CRLF (parse it
        only when needed: most sessions never read it).
    :param ip_address: the client's address, or ``None`` when unknown.
    """


@hookspec
def kernel_session_restored(session: AppSession, dropped_keys: Sequence[DroppedKey]) -> None:
    """A worker took over a session from the session store (scale-out) and put its
    snapshot in place, before the session's first run here.

    **Called:** in the trio main thread, by the runtime, right after the session was
    rebuilt and before its script reruns. Must not block.

    :param session: the restored session (a new object with the old session's id).
    :param dropped_keys: the ``kernel.contracts.scaleout.DroppedKey`` entries that were
        not restored (a class that moved, a bad signature), each with its reason; the
        other keys were. Raise nothing: to start such a session afresh, clear
        ``session.state`` here.
    """


@hookspec
def kernel_session_closed(session: AppSession, reason: str) -> None:
    """A session was disposed of and its resources released.

    **Called:** in the trio main thread at shutdown; in a worker thread when a
    disconnected session's grace period ends (closing joins its script thread, which
    must not stall the server). Must not touch trio objects.

    :param session: the closed session.
    :param reason: why, e.g. ``"disconnected"``, ``"shutdown"``.
    """


@hookspec
def kernel_script_run_started(session: AppSession, run_id: int) -> None:
    """A run of the session's script began.

    **Called:** in the script thread, before the first line of the script runs.
    Must not block.

    **Notes:** the run context is set (:func:`kernel.context.get_run_context`); an impl
    may make the run a partial one by setting its ``run_body`` (called instead of the
    script) and ``run_scope`` (the containers it writes), or point ``script_path`` at
    another file. An exception raised here is shown like a script error and ends the run.

    :param session: the session.
    :param run_id: the run's number within the session.
    """


@hookspec
def kernel_script_run_finished(session: AppSession, run_id: int, outcome: str) -> None:
    """A run of the session's script ended.

    **Called:** in the script thread, after the last line ran and before the client
    is sent the run's ``ScriptFinished`` (elements written here belong to the run).
    Must not block. ``st`` calls here are not interrupted by a stop or rerun requested
    meanwhile (the runner acts on it once the hooks returned).

    :param session: the session.
    :param run_id: the run's number within the session.
    :param outcome: ``"ok"``, ``"error"``, ``"stopped"`` or ``"rerun"``.
    """


@hookspec(firstresult=True)
def kernel_script_error(session: AppSession, error: BaseException) -> bool | None:
    """The script (or a widget callback of the run) raised ``error`` and did not catch it.

    **Called:** in the script thread, before the error is shown. Not called for
    ``st.stop()``, ``st.rerun()``, ``SystemExit``, ``KeyboardInterrupt`` or a syntax
    error in the main script itself. Must not block.

    **Returns:** ``True`` to say the error was handled, so the page does not show it;
    ``None`` (or ``False``) to let the next plugin answer and, failing all, show it. An
    exception raised here is logged and the error is shown.

    :param session: the session.
    :param error: the uncaught exception.
    """


@hookspec(firstresult=True)
def kernel_serve_script(app: KernelApp, script: Path, workers: int) -> int | None:
    """Serve ``kernel run SCRIPT`` some other way than the kernel's runtime.

    **Called:** by ``kernel run`` in the main thread, before any server (or worker
    process) starts, with the app assembled from the command line. A plugin that recognises
    the script (``kernel_contrib.asgi``: a file that builds an ASGI application, such as
    ``app = st.App("dashboard.py")``) serves it until it stops and returns the exit code.
    Read the file without running it to decide; raise ``KernelError`` with a message that
    says how to fix what is missing.

    **Returns:** the exit code once served; ``None`` to leave the script to the next
    plugin and, failing all, to the kernel's runtime (a plain script).

    :param app: the kernel app of ``kernel run`` (its config and ``options`` carry the
        command line's ``--section.option`` values, ``-p`` plugins and script arguments).
    :param script: the script given to ``kernel run``.
    :param workers: the worker processes asked for (``--workers``; 1 without). A plugin
        that cannot serve several should say so rather than serve one.
    """


@hookspec
def kernel_source_changed(app: KernelApp, paths: Sequence[Path]) -> None:
    """Files of the app changed on disk.

    **Called:** in the trio main thread, debounced, by the file watcher.

    :param app: the assembled kernel.
    :param paths: the changed files.
    """


@hookspec
def kernel_worker_exited(app: KernelApp, worker: str, exitcode: int) -> None:
    """A worker process of the app exited while its supervisor (``kernel run --workers N``)
    was not stopping it: a crash, ``kill -9``, the out-of-memory killer.

    **Called:** in the supervisor process (not in a worker), right after it noticed the
    exit and before it starts the replacement, so a plugin can drop what the dead worker
    held (its lease on its sessions: other workers may take them over at once).

    :param app: the supervisor's kernel (the workers' config, no runtime).
    :param worker: the dead worker's name (``[scaleout] worker``; the replacement gets it too).
    :param exitcode: its exit code, negative for a signal (``-9`` for ``kill -9``).
    """

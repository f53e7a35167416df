"""``st.App``: a kernel script as an ASGI application, with your own routes, middleware and lifespan."""

from __future__ import annotations

import json
import os
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from kernel import AppOptions, KernelApp, build_app, hookimpl, using_app

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.datastructures import State
    from starlette.middleware import Middleware
    from starlette.routing import BaseRoute
    from starlette.types import Receive, Scope, Send

    from kernel.contracts import AppSession, SecretSource
    from kernel_contrib.asgi._host import KernelHost

__all__ = ["App"]

SECRETS_PRIORITY = 2000
"""Priority of ``App(secrets=...)``: above the secrets files (100-150) and the environment (1000)."""

RESERVED_PREFIXES = ("/_kernel/",)
"""Paths kernel serves itself: its web client, renderers, media, components, the stream, the health check."""
RESERVED_PATHS = ("/", "/index.html")
"""The app's page."""

CLI_DEFAULTS: dict[str, Any] = {"config_options": {}, "plugin_args": ()}
"""What ``kernel run serve.py`` was given (``--section.option`` values, ``-p`` plugins): the
apps that file builds start from them (``run(config=...)`` still wins)."""

INSTALL_HINT = "st.App needs Starlette: pip install 'kernel[asgi]' (it also brings uvicorn to serve it)"


class App:
    """An ASGI application that serves a kernel script (``st.App``), as Streamlit's ``st.App`` does.

    Serve it with any ASGI server that runs the lifespan protocol (``uvicorn module:app``),
    call :meth:`run`, or mount it at ``/`` in another ASGI application whose lifespan
    includes :meth:`lifespan`. Your ``routes`` are matched first, then kernel's own paths
    (the page at ``/``, everything under ``/_kernel/``, plugin routes such as
    ``/oauth2callback``); a route that would shadow one of these raises ``ValueError``.
    ``middleware`` wraps every request, kernel's included; ``exception_handlers`` and
    ``debug`` are Starlette's.

    :param script_path: the script to serve; a relative path is resolved against the
        working directory.
    :param secrets: secrets for ``st.secrets``, over those from files and the environment
        (str, int, float, bool, lists and nested mappings of them; anything else raises
        ``TypeError``).
    :param lifespan: ``lifespan(app)`` returns an async context manager entered once the
        kernel has started and left before it stops; a mapping it yields becomes
        attributes of :attr:`state` (and Starlette's request state).
    :param on_script_error: ``on_script_error(exc)`` is called (in the script's thread)
        with every uncaught exception of the script or of a widget callback; returning
        ``True`` means it is handled and the page does not show it.
    """

    def __init__(
        self,
        script_path: str | os.PathLike[str],
        *,
        secrets: Mapping[str, Any] | None = None,
        lifespan: Callable[[App], AbstractAsyncContextManager[Mapping[str, Any] | None]] | None = None,
        routes: Sequence[BaseRoute] | None = None,
        middleware: Sequence[Middleware] | None = None,
        on_script_error: Callable[[BaseException], bool | None] | None = None,
        exception_handlers: Mapping[Any, Callable[..., Any]] | None = None,
        debug: bool = False,
    ) -> None:
        try:
            from starlette.datastructures import State
        except ImportError as exc:
            raise ImportError(INSTALL_HINT) from exc
        path = Path(script_path)
        self.script_path: Path = path if path.is_absolute() else Path.cwd() / path
        """The script served (absolute)."""
        if not self.script_path.is_file():
            raise FileNotFoundError(
                f"st.App: no such script: {self.script_path} (a relative script_path is resolved against the "
                "working directory)")
        self.secrets: Mapping[str, Any] | None = _checked_secrets(secrets) if secrets is not None else None
        """The secrets given, over the files' and the environment's."""
        self.routes: list[BaseRoute] = list(routes or ())
        self.middleware: list[Middleware] = list(middleware or ())
        self.on_script_error = on_script_error
        self.exception_handlers: dict[Any, Callable[..., Any]] = dict(exception_handlers or {})
        self.debug = debug
        self.state: State = State()
        """What the ``lifespan`` yielded, as attributes."""
        self._lifespan = lifespan
        self._config: dict[str, str] = {}
        self._kernel, self._host, self._asgi = self._assemble()

    # -- the kernel app -------------------------------------------------------------

    @property
    def kernel(self) -> KernelApp:
        """The assembled kernel app that serves the script (its config, plugins, commands)."""
        return self._kernel

    def _assemble(self) -> tuple[KernelApp, KernelHost, Starlette]:
        from starlette.applications import Starlette
        from starlette.routing import Mount

        from kernel_contrib.asgi._asgi import KernelAsgi
        from kernel_contrib.asgi._host import KernelHost

        kernel = build_app(AppOptions(script_path=self.script_path,
                                      config_options={**CLI_DEFAULTS["config_options"], **self._config},
                                      plugin_args=tuple(CLI_DEFAULTS["plugin_args"]),
                                      plugins=[(_AppPlugin(self), f"st_app_{id(self):x}")]))
        _check_routes(self.routes, kernel)
        host = KernelHost(kernel)
        starlette = Starlette(debug=self.debug, routes=[*self.routes, Mount("/", app=KernelAsgi(host))],
                              middleware=self.middleware, exception_handlers=self.exception_handlers,
                              lifespan=lambda _: cast(Any, self._lifespan_context()))
        return kernel, host, starlette

    # -- ASGI -------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with using_app(self._kernel):  # st.secrets, st.cache_* in your routes mean this app's
            await self._asgi(scope, receive, send)

    def lifespan(self) -> Callable[[Any], AbstractAsyncContextManager[Mapping[str, Any] | None]]:
        """A lifespan for the ASGI application this app is mounted in: ``FastAPI(lifespan=app.lifespan())``.

        It starts the kernel (and your ``lifespan``) with the other application and stops
        it with it. An app started both ways starts once.
        """
        return lambda _parent: self._lifespan_context()

    @asynccontextmanager
    async def _lifespan_context(self) -> AsyncIterator[Mapping[str, Any] | None]:
        async with self._host.running_for_lifespan():
            if self._lifespan is None:
                yield None
                return
            async with self._lifespan(self) as state:
                for key, value in (state or {}).items():
                    setattr(self.state, key, value)
                yield state

    def run(self, *, config: Mapping[str, Any] | None = None) -> None:
        """Serve the app with uvicorn until Ctrl-C, at ``server.address`` and ``server.port``.

        ``config``: options as ``{"server.port": 8502}``, as on ``kernel run``'s command line.
        """
        try:
            import uvicorn
        except ImportError as exc:
            raise ImportError("st.App.run needs uvicorn: pip install 'kernel[asgi]'") from exc
        if config:
            self._config = {key: value if isinstance(value, str) else json.dumps(value)
                            for key, value in config.items()}
            self._kernel, self._host, self._asgi = self._assemble()
        server = self._kernel.config["server"]
        shown = f"[{server.address}]" if ":" in server.address else server.address
        print(f"\n  kernel is serving {self.script_path.name} at http://{shown}:{server.port}/\n", flush=True)
        uvicorn.run(self, host=server.address, port=server.port, lifespan="on", log_level="warning")


class _AppPlugin:
    """The hooks one :class:`App` adds to its kernel app: its secrets and its error handler."""

    def __init__(self, app: App) -> None:
        self._app = app

    @hookimpl
    def kernel_register_secret_sources(self, app: KernelApp) -> Sequence[SecretSource]:
        secrets = self._app.secrets
        return [_GivenSecrets(secrets)] if secrets else []

    @hookimpl
    def kernel_script_error(self, session: AppSession, error: BaseException) -> bool | None:
        handler = self._app.on_script_error
        if handler is None:
            return None
        return True if handler(error) is True else None


class _GivenSecrets:
    """``App(secrets=...)`` as a secret source."""

    name = "st.App(secrets=...)"
    priority = SECRETS_PRIORITY

    def __init__(self, secrets: Mapping[str, Any]) -> None:
        self._secrets = secrets

    def load(self) -> Mapping[str, Any]:
        """A fresh copy of the secrets given."""
        copied: Mapping[str, Any] = _copy(self._secrets)
        return copied

    def watch_paths(self) -> Sequence[Path]:
        """None: the secrets live in memory."""
        return []


def _copy(value: Any) -> Any:
    """A deep copy of nested mappings and lists (the leaves are immutable)."""
    if isinstance(value, Mapping):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy(item) for item in value]
    return value


def _checked_secrets(secrets: Mapping[str, Any]) -> Mapping[str, Any]:
    """``secrets`` if every value is of a supported type; ``TypeError`` naming the first that is not."""
    if not isinstance(secrets, Mapping):
        raise TypeError(f"st.App: secrets must be a mapping of names to values, not {type(secrets).__name__}")

    def check(value: Any, where: str) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                if not isinstance(key, str):
                    raise TypeError(f"st.App: secret keys must be str; {where} has the key {key!r}")
                check(item, f"{where}.{key}" if where else key)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                check(item, f"{where}[{i}]")
        elif not isinstance(value, str | int | float | bool):
            raise TypeError(f"st.App: the secret {where!r} is a {type(value).__name__}; secrets may be str, int, "
                            "float, bool, lists and nested dicts of them")

    check(secrets, "")
    copied: Mapping[str, Any] = _copy(secrets)
    return copied


def _check_routes(routes: Sequence[BaseRoute], kernel: KernelApp) -> None:
    """``ValueError`` for a route of the user's that would shadow one of kernel's paths."""
    plugin_routes = [r.url_prefix for r in kernel.http_routes()]
    prefixes = [*RESERVED_PREFIXES, *(p for p in plugin_routes if p.endswith("/"))]
    reserved = [*RESERVED_PATHS, *plugin_routes, *RESERVED_PREFIXES]
    for route in routes:
        path = getattr(route, "path", None)
        if not isinstance(path, str):
            continue  # a Host route or a custom one: it names no path
        covers = _matcher(path, mount=type(route).__name__ == "Mount")
        clash = next((p for p in reserved if covers(p)), None)
        if clash is None:
            clash = next((p for p in prefixes if path.startswith(p)), None)
        if clash is not None:
            extra = sorted(p for p in plugin_routes if not p.startswith(RESERVED_PREFIXES))
            raise ValueError(
                f"st.App: the route {path or '/'!r} collides with kernel's own {clash!r}: kernel serves the app's "
                f"page at /, its files and stream under /_kernel/"
                f"{', and plugin routes at ' + ', '.join(extra) if extra else ''}; give the route another path")


def _matcher(path: str, *, mount: bool) -> Callable[[str], bool]:
    """Whether a request path would go to a route of ``path`` (a Mount takes everything under it)."""
    if mount:
        return lambda p: p == path or p.startswith(path.rstrip("/") + "/")
    fixed = path.split("{", 1)[0]
    if fixed != path:
        return lambda p: p.startswith(fixed)
    return lambda p: p == path

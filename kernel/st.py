"""The ``st`` facade: ``from kernel import st``.

Every name on ``st`` is a command some plugin registered. Element commands write to the
current container of the running script: ``st.text("hi")`` is the ``text`` command called
with that container as its first argument (the kernel dispatches; a container needs no
method per command). Module commands (``st.session_state``, ``st.stop``, ...) are objects
in their own right. Names are looked up on access, so this module stays tiny and imports
nothing heavy.
"""

from __future__ import annotations

from kernel._errors import NoRunContextError

# Importing this module must stay cheap (``from kernel import st`` at the top of every app):
# the app, attrs and pluggy load when a name is first looked up. See kernel/__init__.py for
# why this is not typing.TYPE_CHECKING.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from kernel._app import KernelApp

_element_calls: dict[str, Callable[..., Any]] = {}
_find_app: Callable[[], KernelApp] | None = None


def _current_app() -> KernelApp:
    """The app ``st`` names refer to (see :func:`kernel._app.current_app`)."""
    global _find_app
    if _find_app is None:
        from kernel._app import current_app

        _find_app = current_app
    return _find_app()


def _element_call(name: str) -> Callable[..., Any]:
    call = _element_calls.get(name)
    if call is None:
        from kernel.context import _current

        # kernel.context.get_run_context without its Python frame: the element call runs
        # for every element a script writes.
        get_run_context = _current.get
        found: list[Any] = [None, None]
        """The app this command was last looked up in, and its target there."""

        def call(*args: Any, **kwargs: Any) -> Any:
            ctx = get_run_context()
            if ctx is None:
                raise NoRunContextError(
                    f"st.{name}() was called outside a running app. Run the script with "
                    "`kernel run app.py`, or test it with kernel.testing.AppTest."
                )
            app = ctx.app
            if found[0] is app:
                target = found[1]
            else:
                command = app.commands.get(name)
                if command is None:
                    raise app.missing_command(name)
                target = command.load()
                found[:] = [app, target]  # an app never drops or replaces a command
            ctx.checkpoint()
            # The current container (RunContext.current_container, inlined); no keyword
            # dictionary is built for the many calls that pass none.
            if kwargs:
                return target(ctx.containers[-1], *args, **kwargs)
            return target(ctx.containers[-1], *args)

        call.__name__ = call.__qualname__ = name
        call.__doc__ = f"st.{name}: an element command, run on the current container."
        _element_calls[name] = call
    return call


_resolved: dict[str, tuple[Callable[[], KernelApp | None], Callable[..., Any]]] = {}
"""Element commands already looked up, with (a weak reference to) the app they were found in:
``st.text`` in a loop looks its command up once per app, not once per element. Only element
commands outside any component are kept: an app never drops or replaces a command."""


def __getattr__(name: str) -> Any:
    if name.startswith("__"):
        raise AttributeError(name)
    app = _current_app()
    hit = _resolved.get(name)
    if hit is not None and hit[0]() is app:
        return hit[1]
    command = app.commands.get(name)
    if command is None:
        raise app.missing_command(name)
    if command.component is not None:
        error = app.unavailable_command_error(command)
        if error is not None:
            raise error
    if command.kind == "module":
        return command.load()
    if command.kind == "dynamic":
        return command.load()()
    call = _element_call(name)
    if command.component is None:
        from weakref import ref

        _resolved[name] = (ref(app), call)
        _promote(name, call, app)
    return call


_promoted: set[str] = set()
"""Element commands set as attributes of this module (see :func:`_promote`)."""


def _promote(name: str, call: Callable[..., Any], app: KernelApp) -> None:
    # A module's __getattr__ is only reached after a failed lookup, which costs an exception
    # each time (a quarter of a microsecond, for every `st.text` in a loop). While the
    # process has built one app only, every lookup answers from that app, so the answer
    # can be an attribute. Building another app takes them all back (forget_promoted).
    from kernel import _app

    if _app.apps_built() != 1:
        return
    globals()[name] = call
    _promoted.add(name)
    if _app.apps_built() != 1:  # another app was built meanwhile
        forget_promoted()


def forget_promoted() -> None:
    """Take back the element commands set as attributes: ``st.<name>`` asks the app again."""
    namespace = globals()
    for name in list(_promoted):
        _promoted.discard(name)
        namespace.pop(name, None)


def __dir__() -> list[str]:
    return sorted({*globals(), *_current_app().commands.names()})

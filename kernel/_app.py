"""The assembled kernel: plugin manager + config + commands, built per invocation."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import attrs
import pluggy

from kernel._cli_registry import CliCommand
from kernel._commands import Command, CommandTable
from kernel._config import Config, ConfigSection, PluginsConfig, build_config, read_layers
from kernel._entry_points import entry_points
from kernel._errors import CommandLoadError, ComponentDisabledError, MissingComponentError, UnknownCommandError
from kernel._plugin_manager import COMPONENTS, ENTRY_POINT_GROUP, FACTORY_DEFAULTS, KernelPluginManager
from kernel._routes import HttpRoute
from kernel._stash import Stash
from kernel._static import StaticAsset
from kernel.context import get_run_context

__all__ = ["AppOptions", "KernelApp", "activate", "build_app", "current_app"]

REQUIRED_TO_RUN = ("runtime", "app_session", "script_runner", "delta_generator", "forward_msg_queue", "session_state")
"""Components ``kernel run`` cannot start without; the other two fail on first use."""


@attrs.frozen
class AppOptions:
    """Everything that decides how an app is assembled (the CLI fills it from argv)."""

    script_path: Path | None = None
    script_args: tuple[str, ...] = ()
    plugin_args: tuple[str, ...] = ()
    """``-p`` values: ``no:NAME`` blocks, anything else loads an extra plugin."""
    config_options: Mapping[str, str] = attrs.field(factory=dict)
    """``--section.option=value`` pairs from the command line."""
    plugins: Sequence[tuple[object, str | None]] = ()
    """Plugin objects registered programmatically, with optional names."""
    cwd: Path | None = None
    home: Path | None = None
    environ: Mapping[str, str] | None = None


_apps_built = 0
"""How many :class:`KernelApp` this process built (``kernel.st`` relies on it)."""


def apps_built() -> int:
    """How many apps this process built so far."""
    return _apps_built


class KernelApp:
    """The kernel of one app: its plugins, config and ``st`` commands.

    Built by :func:`build_app`. Components are made through :meth:`make`, which asks
    the component's factory hook, so whichever plugin answers first provides it.
    """

    def __init__(self, pm: KernelPluginManager, options: AppOptions) -> None:
        global _apps_built
        _apps_built += 1
        st = sys.modules.get("kernel.st")
        if st is not None:
            st.forget_promoted()  # `st.<element>` answered from the one app there was
        self.pm = pm
        self.options = options
        self.hook = pm.hook
        self.stash = Stash()
        self.config: Config = Config({}, {}, {})
        self.commands = CommandTable()
        self.script_path: Path | None = options.script_path
        """The script to run (``kernel run SCRIPT``), if any."""
        self.script_args: tuple[str, ...] = options.script_args
        """Arguments after ``--`` on the command line, passed to the script as argv."""
        self._command_hints: dict[str, str] | None = None

    # -- components --------------------------------------------------------------

    def make(self, component: str, **kwargs: Any) -> Any:
        """Make ``component`` through its factory hook, or raise :class:`MissingComponentError`."""
        try:
            hook_name = COMPONENTS[component]
        except KeyError:
            raise KeyError(f"unknown component {component!r}; components: {', '.join(COMPONENTS)}") from None
        kwargs = {**FACTORY_DEFAULTS.get(component, {}), **kwargs}
        result = getattr(self.hook, hook_name)(app=self, **kwargs)
        if result is None:
            providers = self.pm.providers(component)
            if not providers:
                raise self.pm.missing_component(component)
            raise MissingComponentError(
                f"no plugin made a {component}: {', '.join(providers)} all declined "
                f"{hook_name}({', '.join(f'{k}={v!r}' for k, v in kwargs.items())}). "
                "Check the config that selects a backend."
            )
        return result

    # -- collectors --------------------------------------------------------------

    def collect(self, hook_name: str, **kwargs: Any) -> list[tuple[str, Any]]:
        """Call collector ``hook_name`` and return ``(plugin name, item)`` pairs in call order."""
        caller: pluggy.HookCaller = getattr(self.hook, hook_name)
        kwargs = {"app": self, **kwargs}
        pairs = []
        for impl in reversed(caller.get_hookimpls()):
            items = _call_collector_impl(impl, kwargs)
            if self.pm.tracing:  # the repr of every item (commands, config sections) costs
                self.pm.log_trace(f"{hook_name} from {impl.plugin_name} -> {items!r:.200}")
            for item in items:
                pairs.append((impl.plugin_name, item))
        return pairs

    def static_assets(self) -> list[StaticAsset]:
        """Every static folder plugins contribute."""
        return [attrs.evolve(a, plugin=p) for p, a in self.collect("kernel_register_static_assets")]

    def http_routes(self) -> list[HttpRoute]:
        """Every dynamic HTTP route plugins contribute."""
        return [attrs.evolve(r, plugin=p) for p, r in self.collect("kernel_register_http_routes")]

    def cli_commands(self) -> list[CliCommand]:
        """Every ``kernel`` subcommand plugins contribute."""
        return [attrs.evolve(c, plugin=p) for p, c in self.collect("kernel_register_cli_commands")]

    # -- st ----------------------------------------------------------------------

    def missing_command(self, name: str) -> UnknownCommandError:
        """The error for ``st.<name>``: disabled plugin or component, typo, or unknown."""
        command = self.commands.get(name)
        if command is not None:
            error = self.disabled_component_error(command)
            if error is not None:
                return error
        for blocked in self.pm.blocked_names():
            if name in _commands_of_blocked_plugin(blocked, self):
                reason = self.pm.block_reason(blocked)
                return ComponentDisabledError(
                    f"st.{name} is provided by the {blocked!r} plugin, which is disabled (by {reason}). "
                    f"Re-enable it to use st.{name}: drop -p no:{blocked} or remove it from "
                    "[plugins] disable in .kernel/config.toml."
                )
        known = self.command_hints().get(name)
        if known is not None:
            return UnknownCommandError(f"st.{name} is not a valid kernel command. {known}")
        import difflib

        close = difflib.get_close_matches(name, self.commands.names(), n=3)
        hint = f" Did you mean: {', '.join('st.' + c for c in close)}?" if close else ""
        return UnknownCommandError(f"st.{name} is not a valid kernel command.{hint}")

    def command_hints(self) -> Mapping[str, str]:
        """Hints for ``st`` names no command has, from ``kernel_register_command_hints`` (collected once)."""
        hints = self._command_hints
        if hints is None:
            hints = self._command_hints = dict(item for _, item in self.collect("kernel_register_command_hints"))
        return hints

    def unavailable_command_error(self, command: Command) -> ComponentDisabledError | None:
        """The error for ``command`` when its component's plugin is blocked and no other plugin provides it.

        ``None`` when the command can be used (cheap: one lookup unless the plugin is blocked).
        A command whose component has providers that may all decline (a backend selected by
        config) checks further itself and raises :meth:`disabled_component_error`.
        """
        component = command.component
        if component is None or self.pm.block_reason(component) is None or self.pm.providers(component):
            return None
        return self.disabled_component_error(command)

    def disabled_component_error(self, command: Command) -> ComponentDisabledError | None:
        """The error for ``command`` whose component's plugin is blocked (``None`` if it is not)."""
        component = command.component
        reason = self.pm.block_reason(component) if component is not None else None
        if component is None or reason is None:
            return None
        return ComponentDisabledError(
            f"st.{command.name} needs the {component} component: the {component!r} plugin is disabled (by "
            f"{reason}) and no loaded plugin provides the component in its place. Re-enable it to use "
            f"st.{command.name}: drop -p no:{component} or remove it from [plugins] disable in "
            f".kernel/config.toml; or load a plugin that implements {COMPONENTS[component]}."
        )


def _call_collector_impl(impl: pluggy.HookImpl, kwargs: Mapping[str, Any]) -> list[Any]:
    """Call one plugin's implementation of a collector hook; ``None`` counts as no items."""
    result: Any = impl.function(*[kwargs[a] for a in impl.argnames])
    return list(result or ())


def _commands_of_blocked_plugin(name: str, app: KernelApp) -> set[str]:
    """Names a blocked plugin would register; imports it only on this error path."""
    probe = KernelPluginManager()
    for ep in entry_points(ENTRY_POINT_GROUP, name):
        try:
            probe.register(ep.load(), name)
        except Exception:
            return set()
    names: set[str] = set()
    for impl in probe.hook.kernel_register_commands.get_hookimpls():
        kwargs = {"app": app}
        try:
            names.update(command.name for command in _call_collector_impl(impl, kwargs))
        except Exception:
            continue
    return names


def _preparse_plugin_args(
    plugin_args: Sequence[str], config_disable: Sequence[str]
) -> tuple[list[tuple[str, str]], list[str]]:
    blocks = [(n, "config [plugins] disable") for n in config_disable]
    extras = []
    for arg in plugin_args:
        if arg.startswith("no:"):
            blocks.append((arg[3:], f"-p no:{arg[3:]}"))
        else:
            extras.append(arg)
    return blocks, extras


def build_app(options: AppOptions | None = None) -> KernelApp:
    """Assemble an app: block, load plugins, read config, collect commands.

    The order is documented in ``docs/plugins.md``: blocks first (so a blocked plugin
    is never imported), then entry points, then ``-p`` extras and programmatic
    plugins, then ``check_pending``, then config sections and values, then commands.
    """
    options = options or AppOptions()
    cwd = options.cwd or Path.cwd()
    home = options.home or Path.home()
    environ = os.environ if options.environ is None else options.environ
    pm = KernelPluginManager()
    app = KernelApp(pm, options)

    def layers(section_names: Sequence[str]) -> list[Any]:
        return read_layers(
            cwd=cwd, home=home, environ=environ, cli_options=options.config_options, section_names=section_names
        )

    early = build_config([ConfigSection("plugins", PluginsConfig)], _only(layers(["plugins"]), "plugins"))
    plugins_cfg: PluginsConfig = early["plugins"]
    blocks, extras = _preparse_plugin_args(options.plugin_args, plugins_cfg.disable)
    for name, reason in blocks:
        pm.block(name, reason)
    pm.load_entrypoint_plugins()
    for spec in [*plugins_cfg.load, *extras]:
        pm.load_extra(spec)
    for plugin, plugin_name in options.plugins:
        pm.register_plugin(plugin, plugin_name)
    pm.check_pending()

    sections = [ConfigSection("plugins", PluginsConfig, "kernel")]
    sections += [attrs.evolve(s, plugin=p) for p, s in app.collect("kernel_register_config_sections")]
    app.config = build_config(sections, layers([s.name for s in sections]))
    app.commands = CommandTable(attrs.evolve(c, plugin=p) for p, c in app.collect("kernel_register_commands"))
    _check_components_of(app.commands)
    pm.hook.kernel_configured(app=app)
    return app


def _check_components_of(commands: CommandTable) -> None:
    for command in commands:
        if command.component is not None and command.component not in COMPONENTS:
            raise CommandLoadError(
                f"st.{command.name} (plugin {command.plugin!r}) names the component {command.component!r}, "
                f"which does not exist; components: {', '.join(COMPONENTS)}."
            )


def _only(layers: list[Any], section: str) -> list[Any]:
    return [attrs.evolve(layer, values={k: v for k, v in layer.values.items() if k == section}) for layer in layers]


_active: KernelApp | None = None
_active_lock = threading.Lock()
_scoped: ContextVar[KernelApp | None] = ContextVar("kernel_scoped_app", default=None)


@contextmanager
def using_app(app: KernelApp) -> Iterator[KernelApp]:
    """Make ``app`` the one ``st`` uses in the calling context (thread or trio task) for a while.

    For code that acts for one app outside a script run, such as an HTTP route handler
    that reads ``st``: several apps may be served in one process (tests do), so the
    activated app is not necessarily the route's.
    """
    token = _scoped.set(app)
    try:
        yield app
    finally:
        _scoped.reset(token)


def activate(app: KernelApp | None) -> None:
    """Make ``app`` the one ``st`` uses outside a script run (the CLI does this)."""
    global _active
    _active = app


def current_app() -> KernelApp:
    """The app of the running script, else the one of :func:`using_app`, else the activated app,
    else a default one.

    The default is built from the installed plugins the first time ``st`` is used
    outside any app (for example when a module using ``st.cache_data`` is imported
    by a plain Python program).
    """
    global _active
    ctx = get_run_context()
    if ctx is not None:
        return ctx.app
    scoped = _scoped.get()
    if scoped is not None:
        return scoped
    if _active is None:
        with _active_lock:
            if _active is None:
                _active = build_app()
    return _active


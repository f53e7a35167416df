"""The plugin manager: loads plugins from entry points, blocks, reports, fails with names."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from types import FunctionType, MethodType, ModuleType
from typing import Any, Final, final

import attrs
import pluggy

from kernel._entry_points import PluginEntryPoint, entry_point_groups
from kernel._errors import EssentialPluginError, MissingComponentError, PluginLoadError
from kernel.contracts import hookspecs
from kernel.contracts.components import COMPONENTS

__all__ = ["COMPONENTS", "ENTRY_POINT_GROUP", "ESSENTIAL_ENTRY_POINT_GROUP", "KernelPluginManager", "PluginInfo"]

ENTRY_POINT_GROUP: Final = "kernel.plugins"
"""The entry-point group of plugins: loaded at start-up unless blocked (``-p no:NAME``)."""
ESSENTIAL_ENTRY_POINT_GROUP: Final = "kernel.essential_plugins"
"""The entry-point group of essential plugins: loaded like :data:`ENTRY_POINT_GROUP`, but
never blocked; ``-p no:NAME`` of one is an :class:`~kernel._errors.EssentialPluginError`.
A distribution declares a plugin essential here, so the kernel knows it without importing it."""
_GROUPS: Final = (ESSENTIAL_ENTRY_POINT_GROUP, ENTRY_POINT_GROUP)

FACTORY_DEFAULTS: Final[dict[str, dict[str, object]]] = {
    "delta_generator": {"path": ()},
}
"""Arguments of a factory hook that ``KernelApp.make`` fills in when the caller leaves them out."""


@attrs.frozen
class PluginInfo:
    """What ``kernel plugins`` shows about one registered plugin."""

    name: str
    module: str
    distribution: str | None
    version: str | None
    entry_point: str | None
    hooks: tuple[str, ...]
    essential: bool = False
    """Declared in the ``kernel.essential_plugins`` group: it cannot be blocked."""


_ASK_PLUGGY: Final = object()
_WRAPPERS: Final = (staticmethod, classmethod, MethodType)


def _module_marker(module: ModuleType, name: str, marker: str) -> object:
    """The marker options ``module.name`` carries, ``None`` for none, or ``_ASK_PLUGGY``.

    pluggy looks every name of ``dir(plugin)`` up with :func:`inspect.getattr_static`,
    which walks the type's MRO for each one: that was about half the time of registering
    the core plugins and their hook specs at start-up. For a name in the module's own
    ``__dict__`` that lookup returns the value stored there, and only a function (or a
    static, class or bound method, left to pluggy) can carry a marker, so the value is
    read directly. Names not in ``__dict__`` go to pluggy.
    """
    try:
        value = module.__dict__[name]
    except KeyError:
        return _ASK_PLUGGY
    if isinstance(value, FunctionType):
        opts = getattr(value, marker, None)
        return opts if isinstance(opts, dict) else None
    if isinstance(value, _WRAPPERS):
        return _ASK_PLUGGY
    return None


@final
class KernelPluginManager(pluggy.PluginManager):
    """A :class:`pluggy.PluginManager` for the ``kernel`` project, made once per app.

    Start-up order (see ``docs/plugins.md``): block, then entry points, then extra
    plugins, then :meth:`check_pending`.
    """

    def __init__(self) -> None:
        super().__init__(hookspecs.PROJECT)
        self._impl_attr: Final = hookspecs.PROJECT + "_impl"
        self._spec_attr: Final = hookspecs.PROJECT + "_spec"
        self.add_hookspecs(hookspecs)
        self.hook.kernel_add_hookspecs.call_historic(kwargs={"pm": self})
        self._entry_points: dict[str, PluginEntryPoint] = {}
        self._block_reasons: dict[str, str] = {}
        self._installed: dict[str, list[PluginEntryPoint]] | None = None
        self.tracing = bool(os.environ.get("KERNEL_TRACE_PLUGINS"))
        if self.tracing:
            self._install_tracing()

    # -- blocking ---------------------------------------------------------------

    def block(self, name: str, reason: str) -> None:
        """Block plugin ``name`` (unregistering it if loaded); ``reason`` says by whom.

        Raises :class:`EssentialPluginError` if ``name`` is an essential plugin.
        """
        ep = self.essential_entry_point(name)
        if ep is not None:
            raise EssentialPluginError(
                f"plugin {name!r} cannot be disabled (asked by {reason}): {ep.origin} declares it essential "
                f"(entry-point group {ESSENTIAL_ENTRY_POINT_GROUP}, {name} = {ep.value}). An essential plugin "
                "provides st commands written against a component's contract, so apps keep them whichever "
                f"plugin provides the component. Remove {name!r} from -p no:... and from [plugins] disable. To "
                "change what its commands do, replace the component instead: block the core one "
                "(-p no:COMPONENT) and load a plugin that answers its factory hook (see docs/plugins.md)."
            )
        self.set_blocked(name)
        self._block_reasons[name] = reason

    def block_reason(self, name: str) -> str | None:
        """Why ``name`` is blocked (``"-p no:NAME"``, ``"config [plugins] disable"``)."""
        return self._block_reasons.get(name) if self.is_blocked(name) else None

    def blocked_names(self) -> list[str]:
        """Names blocked in this manager, sorted."""
        return sorted(n for n in self._block_reasons if self.is_blocked(n))

    # -- essential plugins -------------------------------------------------------

    def _installed_entry_points(self) -> dict[str, list[PluginEntryPoint]]:
        """The installed entry points of both groups, read once per manager."""
        if self._installed is None:
            self._installed = entry_point_groups(_GROUPS)
        return self._installed

    def _entry_points_in_load_order(self) -> list[PluginEntryPoint]:
        """The installed entry points, essential plugins first."""
        installed = self._installed_entry_points()
        return [*installed[ESSENTIAL_ENTRY_POINT_GROUP], *installed[ENTRY_POINT_GROUP]]

    def essential_entry_point(self, name: str) -> PluginEntryPoint | None:
        """The ``kernel.essential_plugins`` entry point called ``name``, if one is installed."""
        for ep in self._installed_entry_points()[ESSENTIAL_ENTRY_POINT_GROUP]:
            if ep.name == name:
                return ep
        return None

    def is_essential(self, name: str) -> bool:
        """Whether ``name`` is an essential plugin (it cannot be blocked)."""
        return self.essential_entry_point(name) is not None

    # -- loading -----------------------------------------------------------------

    def load_entrypoint_plugins(self) -> None:
        """Load every essential plugin, then every plugin of ``kernel.plugins`` not blocked.

        Does nothing when ``KERNEL_DISABLE_PLUGIN_AUTOLOAD`` is set (hermetic tests).
        """
        if os.environ.get("KERNEL_DISABLE_PLUGIN_AUTOLOAD"):
            return
        seen: set[str] = set()
        for ep in self._entry_points_in_load_order():
            if ep.name in seen or self.is_blocked(ep.name) or self.get_plugin(ep.name) is not None:
                continue
            seen.add(ep.name)
            self._load_entry_point(ep)

    def _load_entry_point(self, ep: PluginEntryPoint) -> None:
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {ep.name!r} from {ep.origin} (entry point {ep.value}) failed to import: "
                f"{type(exc).__name__}: {exc}"
            ) from exc
        try:
            self.register(plugin, ep.name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginLoadError(
                f"plugin {ep.name!r} from {ep.origin} (entry point {ep.value}) could not be registered: {exc}"
            ) from exc
        self._entry_points[ep.name] = ep

    def load_extra(self, spec: str) -> None:
        """Load ``-p spec``: an entry point of that name if one exists, else a module."""
        if self.is_blocked(spec):
            self.unblock(spec)
            self._block_reasons.pop(spec, None)
        if self.get_plugin(spec) is not None:
            return
        for ep in self._entry_points_in_load_order():
            if ep.name == spec:
                self._load_entry_point(ep)
                return
        try:
            module = importlib.import_module(spec)
        except Exception as exc:
            raise PluginLoadError(
                f"plugin {spec!r} (from -p {spec}) failed to import: {type(exc).__name__}: {exc}"
            ) from exc
        if self.is_registered(module):
            return  # already loaded, e.g. through its entry point under another name
        self._register_checked(module, spec, f"module {spec} (from -p {spec})")

    def register_plugin(self, plugin: object, name: str | None = None) -> str | None:
        """Register a plugin object programmatically (tests, embedding)."""
        return self._register_checked(plugin, name, "programmatic registration")

    def _register_checked(self, plugin: object, name: str | None, where: str) -> str | None:
        try:
            return self.register(plugin, name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            raise PluginLoadError(f"plugin {name!r} from {where} could not be registered: {exc}") from exc

    def check_pending(self) -> None:
        """Fail on a ``kernel_*`` hookimpl that matches no spec, naming the plugin and the hook."""
        for name in dir(self.hook):
            caller = getattr(self.hook, name)
            if not name.startswith("kernel_") or not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                if not impl.optionalhook:
                    raise PluginLoadError(
                        f"plugin {impl.plugin_name!r} implements {name}, which is not a hook: neither the kernel "
                        "nor a loaded plugin declares it. If the name is a typo, fix it (every hook is in "
                        "docs/hooks.md). If the hook belongs to a plugin that is not loaded (blocked or not "
                        "installed), load that plugin, or mark the implementation @hookimpl(optionalhook=True) "
                        "so it is skipped without it."
                    )
        try:
            super().check_pending()
        except pluggy.PluginValidationError as exc:
            raise PluginLoadError(f"plugin {exc.plugin!r}: {exc}") from exc

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        """pluggy's reading of a hookimpl marker, faster for a module plugin (every
        entry-point plugin is a module); see :func:`_module_marker`."""
        if isinstance(plugin, ModuleType):
            found = _module_marker(plugin, name, self._impl_attr)
            if found is not _ASK_PLUGGY:
                return found  # type: ignore[return-value]
        return super().parse_hookimpl_opts(plugin, name)

    def parse_hookspec_opts(self, module_or_class: object, name: str) -> pluggy.HookspecOpts | None:
        """pluggy's reading of a hookspec marker, faster for a module of hook specs."""
        if isinstance(module_or_class, ModuleType):
            found = _module_marker(module_or_class, name, self._spec_attr)
            if found is not _ASK_PLUGGY:
                return found  # type: ignore[return-value]
        return super().parse_hookspec_opts(module_or_class, name)  # type: ignore[arg-type]

    # -- components ------------------------------------------------------------------

    def providers(self, component: str) -> list[str]:
        """Names of plugins answering ``component``'s factory, in the order they are asked.

        A plugin that only wraps the factory (``wrapper=True``) does not answer it.
        """
        caller = getattr(self.hook, COMPONENTS[component])
        impls = [impl for impl in reversed(caller.get_hookimpls()) if not (impl.wrapper or impl.hookwrapper)]
        return [impl.plugin_name for impl in impls]

    def check_components(self, components: Iterable[str]) -> None:
        """Raise :class:`MissingComponentError` for the first component nobody provides."""
        for component in components:
            if not self.providers(component):
                raise self.missing_component(component)

    def missing_component(self, component: str) -> MissingComponentError:
        """The error for a component no plugin provides, saying why if we know."""
        reason = self.block_reason(component)
        hint = f" (blocked by {reason})" if reason else ""
        return MissingComponentError(
            f"no plugin provides {component} — is it disabled?{hint} "
            f"Enable the {component!r} plugin or load one that implements {COMPONENTS[component]}."
        )

    # -- introspection ---------------------------------------------------------------

    def plugin_infos(self) -> list[PluginInfo]:
        """One :class:`PluginInfo` per registered plugin, in registration order."""
        infos = []
        for name, plugin in self.list_name_plugin():
            if plugin is None:
                continue
            ep = self._entry_points.get(name)
            module = plugin.__name__ if isinstance(plugin, ModuleType) else type(plugin).__module__
            hooks = tuple(sorted(h.name for h in self.get_hookcallers(plugin) or ()))
            infos.append(
                PluginInfo(
                    name=name,
                    module=module,
                    distribution=ep.distribution if ep is not None else None,
                    version=ep.version if ep is not None else None,
                    entry_point=ep.value if ep is not None else None,
                    hooks=hooks,
                    essential=self.is_essential(name),
                )
            )
        return infos

    def log_trace(self, message: str) -> None:
        """Print ``message`` to stderr when ``KERNEL_TRACE_PLUGINS`` is set."""
        if self.tracing:
            print(f"[kernel trace] {message}", file=sys.stderr)

    def _install_tracing(self) -> None:
        def before(hook_name: str, impls: Sequence[pluggy.HookImpl], kwargs: Mapping[str, Any]) -> None:
            names = [i.plugin_name for i in impls]
            print(f"[kernel trace] {hook_name}({', '.join(kwargs)}) -> {names}", file=sys.stderr)

        def after(outcome: pluggy.Result[Any], hook_name: str, impls: Sequence[pluggy.HookImpl],
                  kwargs: Mapping[str, Any]) -> None:
            exc = outcome.exception
            result = f"raised {exc!r}" if exc else f"returned {outcome.get_result()!r:.120}"
            print(f"[kernel trace] {hook_name} {result}", file=sys.stderr)

        self.add_hookcall_monitoring(before, after)

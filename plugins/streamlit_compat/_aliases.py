"""Module aliases: stand-in modules answering ``import NAME`` for another package's name.

An :class:`AliasSet` holds the stand-ins of one package (its root name and submodules)
and a finder that refuses, with a clear message, the submodules it does not provide.
While the set is *acquired* (a counter: the server holds it for the life of
``kernel run``, each script run holds it while it runs), ``sys.modules`` maps the
package's names to the stand-ins; the real package's modules that were imported before
are put aside and put back when the last holder releases the set.
"""

from __future__ import annotations

import importlib.machinery
import sys
import threading
import types
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from kernel import UnknownCommandError

if TYPE_CHECKING:
    from importlib.abc import Loader as _LoaderBase
    from importlib.abc import MetaPathFinder as _FinderBase
else:
    # The import system only calls find_spec, create_module and exec_module; importlib.abc
    # (and the importlib.resources it loads) would cost every `kernel run` about 1.3 ms.
    _LoaderBase = _FinderBase = object

__all__ = ["AliasModule", "AliasSet"]

Getter = Callable[[], Any]
"""Returns the value of one name of a stand-in module (called on every access)."""


class AliasModule(types.ModuleType):
    """A stand-in module: its names come from ``names``, then from ``delegate()``.

    ``missing(module, attr)`` makes the ``AttributeError`` of a name neither provides.
    Every stand-in is a package (``__path__ = []``), so its submodules are looked up
    through the finder of its :class:`AliasSet`.
    """

    def __init__(self, name: str, doc: str, names: Mapping[str, Getter], *,
                 delegate: Getter | None = None,
                 missing: Callable[[str, str], AttributeError] | None = None) -> None:
        super().__init__(name, doc)
        self.__path__: list[str] = []
        self.__spec__ = importlib.machinery.ModuleSpec(name, None, is_package=True)
        self.__package__ = name
        self._alias_names = dict(names)
        self._alias_delegate = delegate
        self._alias_missing = missing

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("_alias_"):
            raise AttributeError(attr)
        getter = self._alias_names.get(attr)
        if getter is not None:
            return getter()
        if attr == "__all__":
            return [n for n in dir(self) if not n.startswith("_")]
        if attr.startswith("__") or self._alias_delegate is None:
            raise self._missing(attr)
        try:
            return getattr(self._alias_delegate(), attr)
        except AttributeError as exc:
            if attr.startswith("_") or isinstance(exc, UnknownCommandError):
                raise  # kernel's message: a typo's close matches, what replaced a name Streamlit removed
            raise self._missing(attr) from exc

    def _missing(self, attr: str) -> AttributeError:
        if self._alias_missing is not None and not attr.startswith("__"):
            return self._alias_missing(self.__name__, attr)
        return AttributeError(f"module {self.__name__!r} has no attribute {attr!r}")

    def __dir__(self) -> list[str]:
        names = set(self._alias_names)
        if self._alias_delegate is not None:
            try:
                names.update(n for n in dir(self._alias_delegate()) if not n.startswith("_"))
            except Exception:  # noqa: BLE001 - a listing is best effort (no app outside a run)
                pass
        return sorted(names | {"__name__", "__doc__", "__path__", "__spec__", "__package__"})


class _Loader(_LoaderBase):
    """Hands the import system a stand-in made on request."""

    def __init__(self, module: types.ModuleType) -> None:
        self._module = module

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return self._module

    def exec_module(self, module: types.ModuleType) -> None:
        return None


class _Finder(_FinderBase):
    """First on ``sys.meta_path`` while its set is acquired: answers every name of the package."""

    def __init__(self, aliases: AliasSet) -> None:
        self._aliases = aliases

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if not self._aliases.covers(fullname):
            return None
        module = self._aliases.module(fullname)
        if module is None:
            raise self._aliases.refuse(fullname)
        return importlib.machinery.ModuleSpec(fullname, _Loader(module), is_package=True)


class AliasSet:
    """The stand-ins for one package, installed in ``sys.modules`` while acquired.

    :param root: the package's top-level name (``"streamlit"``).
    :param modules: stand-ins by full name, installed on acquisition.
    :param make: makes a stand-in for a name that ``modules`` lacks, or returns ``None``.
    :param refuse: the ``ModuleNotFoundError`` for a name neither provides.
    """

    def __init__(self, root: str, modules: Mapping[str, types.ModuleType], *,
                 make: Callable[[str], types.ModuleType | None],
                 refuse: Callable[[str], ModuleNotFoundError]) -> None:
        self.root = root
        self._modules = dict(modules)
        self._make = make
        self.refuse = refuse
        self._finder = _Finder(self)
        self._lock = threading.Lock()
        self._holders = 0
        self._put_aside: dict[str, types.ModuleType] = {}

    def covers(self, name: str) -> bool:
        """Whether ``name`` is the package or one of its submodules."""
        return name == self.root or name.startswith(self.root + ".")

    def module(self, name: str) -> types.ModuleType | None:
        """The stand-in for ``name`` (made on first request if the set can), or ``None``."""
        module = self._modules.get(name)
        if module is None:
            module = self._make(name)
            if module is not None:
                self._modules[name] = module
        return module

    @property
    def active(self) -> bool:
        """Whether the stand-ins are installed."""
        return self._holders > 0

    def acquire(self) -> None:
        """Install the stand-ins (on the first acquisition); pair with :meth:`release`."""
        with self._lock:
            self._holders += 1
            if self._holders == 1:
                self._install()

    def release(self) -> None:
        """Undo one :meth:`acquire`; the last release puts the real modules back."""
        with self._lock:
            if self._holders == 0:
                return
            self._holders -= 1
            if self._holders == 0:
                self._uninstall()

    def _install(self) -> None:
        self._put_aside = {n: m for n, m in list(sys.modules.items()) if self.covers(n)}
        for name in self._put_aside:
            sys.modules.pop(name, None)
        sys.modules.update(self._modules)
        sys.meta_path.insert(0, self._finder)

    def _uninstall(self) -> None:
        if self._finder in sys.meta_path:
            sys.meta_path.remove(self._finder)
        for name in [n for n in list(sys.modules) if self.covers(n)]:
            sys.modules.pop(name, None)
        sys.modules.update(self._put_aside)
        self._put_aside = {}

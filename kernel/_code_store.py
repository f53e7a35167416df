"""A store on disk of the methods attrs compiles for each class, for the ``kernel`` command.

attrs writes the source of each class's ``__init__``, ``__repr__``, ``__eq__``... when the
class is defined and compiles it with :func:`compile`, and dataclasses does the same with
:func:`exec`; Python's ``__pycache__`` does not cover that code. ``kernel run`` defines
about 150 attrs classes (kernel's, attrs' own, trio's) and 30 dataclasses (h11's,
wsproto's) before the first run of a session finishes, and compiling their methods is about
a fifth of its CPU time. The command line (``kernel/__main__.py``) has them compiled
through a :class:`CodeStore`, which keeps the code objects in one file next to kernel's
bytecode (``marshal``, as ``__pycache__`` does) and reads them back in the next process.
The same store compiles the annotations ``typing`` evaluates from strings (about 120 by the
first finished run) and, through :func:`cover`, the functions cattrs generates for the wire
messages.

An entry's key is everything :func:`compile` depends on: the source text, the file name,
the mode, the compiler flags and the optimisation level, in a file named after the
interpreter's bytecode tag and checked against its magic number. A class that changes
writes other source, which is a miss: an entry is never stale. One thing in that source
differs from process to process: the number a ``__hash__`` mixes in first (attrs takes
``hash()`` of a string, salted per process). The key has a mark in its place, the stored
code a placeholder constant, and a hit gets this process's number back in that constant
(the code's table of source columns keeps the width of the number it was compiled with).
Stored code runs, so the file is trusted more narrowly than ``__pycache__`` is: it is read
only if it is a regular file (not a symbolic link) that belongs to the user, in a folder
that belongs to the user (or root), and neither can be written by anyone else. It is written at exit
when something new was compiled (never under ``sys.dont_write_bytecode``, when nothing is
kept for it either), through a new temporary file in that trusted folder, then renamed into
place, merged with what other processes wrote meanwhile.
"""

from __future__ import annotations
import __future__

import atexit
import builtins
import marshal
import os
import re
import stat
import sys
import typing
from importlib.util import MAGIC_NUMBER
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

__all__ = ["MAX_ENTRIES", "CodeStore", "cover", "default_path", "install"]

FORMAT = 1
"""Version of the file's layout."""
MAX_ENTRIES = 1000
"""Past this many entries, a save keeps only those this process used (about 300): the file
stays under a few MB, and so does what a process holds of it."""

_FUTURE_FLAGS = 0
for _name in __future__.all_feature_names:
    _FUTURE_FLAGS |= getattr(__future__, _name).compiler_flag

_BUILTIN_COMPILE = builtins.compile
_BUILTIN_EXEC = builtins.exec

Key = tuple[str, str, str, int, int]
"""Source, file name, mode, compiler flags, optimisation level (the interpreter's, ``-O``, for -1)."""

_SALT = re.compile(r"hash\(\(\n[ ]+(-?[0-9]+),\n")
"""The first item of the tuple an attrs ``__hash__`` hashes: ``hash((`` then the per-class number."""
_PLACEHOLDER = 0x6B65726E656C_0000
"""Stands for that number in the stored code (no other integer constant of attrs' methods is this)."""


class CodeStore:
    """Code objects compiled from source text, read from and saved to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stored = _read(path)
        self._used: dict[Key, bytes] = {}
        self._new: dict[Key, bytes] = {}
        self.hits = 0
        """Calls answered from the store."""
        self.misses = 0
        """Calls that compiled (their code is saved at exit, when it can be)."""

    def compile(self, source: Any, filename: Any, mode: str, flags: int = 0, dont_inherit: bool = False,
                optimize: int = -1, **kwargs: Any) -> Any:
        """:func:`compile`, with the same arguments and result, from the store when the source
        is text; the future features of the calling code count as :func:`compile` would."""
        if not dont_inherit:
            flags |= sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS
        if kwargs or type(source) is not str or type(filename) is not str or type(mode) is not str:
            return _BUILTIN_COMPILE(source, filename, mode, flags, True, optimize, **kwargs)
        return self._compile(source, filename, mode, flags, optimize)

    def exec(self, source: Any, globals: dict[str, Any] | None = None, locals: Any = None, /, **kwargs: Any) -> None:
        """:func:`exec`, compiling source text through the store with the calling code's future
        features and, when no namespace is given, running it in the caller's, as :func:`exec` does."""
        caller = sys._getframe(1)
        if type(source) is str:
            source = self._compile(source, "<string>", "exec", caller.f_code.co_flags & _FUTURE_FLAGS, -1)
        if globals is None:
            globals = caller.f_globals
            if locals is None:
                locals = caller.f_locals
        _BUILTIN_EXEC(source, globals, locals, **kwargs)

    def _compile(self, source: str, filename: str, mode: str, flags: int, optimize: int) -> Any:
        salt = None
        text = source
        found = _SALT.search(source)
        if found is not None:
            salt = int(found.group(1))
            text = f"{source[:found.start(1)]}SALT{source[found.end(1):]}"
        key = (text, filename, mode, flags, optimize if optimize >= 0 else sys.flags.optimize)
        blob = self._stored.get(key) or self._new.get(key)
        if blob is not None:
            try:
                stored = marshal.loads(blob)
            except (EOFError, ValueError, TypeError):
                stored = None
            if type(stored) is CodeType:
                self.hits += 1
                self._used[key] = blob
                return stored if salt is None else _replace_constant(stored, _PLACEHOLDER, salt)
        code = _BUILTIN_COMPILE(source, filename, mode, flags, True, optimize)
        self.misses += 1
        if sys.dont_write_bytecode:
            return code  # it would never be saved: keep nothing
        if type(code) is CodeType and (salt is None or not _has_constant(code, _PLACEHOLDER)):  # not an AST
            kept = code if salt is None else _replace_constant(code, salt, _PLACEHOLDER)
            self._new[key] = self._used[key] = marshal.dumps(kept)
        return code

    def save(self) -> None:
        """Write the entries compiled in this process to the file, with the others found there.

        Nothing happens when nothing new was compiled or ``sys.dont_write_bytecode`` is set;
        a failure (read-only folder, full disk) leaves the file as it was."""
        if not self._new or sys.dont_write_bytecode:
            return
        entries = _read(self.path)
        entries.update(self._new)
        if len(entries) > MAX_ENTRIES:
            entries = dict(self._used)
        data = marshal.dumps((FORMAT, MAGIC_NUMBER, entries))
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if not _trusted_folder(self.path.parent):
                return
            tmp.unlink(missing_ok=True)  # a leftover of a process that had this pid: only ours can be there
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, self.path)
        except OSError:
            tmp.unlink(missing_ok=True)
            return
        self._stored.update(self._new)
        self._new.clear()


def default_path() -> Path | None:
    """``kernel/__pycache__/attrs-code.TAG.marshal``, beside kernel's bytecode (in the same
    folder under ``sys.pycache_prefix`` when Python keeps bytecode there), or ``None`` when
    the interpreter has no bytecode tag or no POSIX owner to check."""
    tag = sys.implementation.cache_tag
    if tag is None or not hasattr(os, "getuid"):
        return None
    folder = Path(__file__).resolve().parent
    name = f"attrs-code.{tag}.marshal"
    if sys.pycache_prefix:
        return Path(sys.pycache_prefix, *folder.parts[1:], name)
    return folder / "__pycache__" / name


def install(path: Path | None = None) -> CodeStore | None:
    """Compile the methods attrs and dataclasses generate for the classes defined from now on
    through a :class:`CodeStore` of ``path`` (:func:`default_path` by default), saved at exit.

    attrs' own classes are compiled while it is imported, so ``compile`` is the store's for
    that import (the command line calls this first, before any thread starts). After it,
    ``compile`` in ``attr._make`` and ``exec`` in ``dataclasses`` are the store's (names
    those modules look up before the builtins), each only if the library still calls them
    where expected. Returns ``None`` (and changes nothing) when there is no path.
    """
    global _installed
    path = path if path is not None else default_path()
    if path is None:
        return None
    store = _installed = CodeStore(path)
    if "attr._make" not in sys.modules:
        builtins.compile = store.compile
        try:
            import attr._make
        finally:
            builtins.compile = _BUILTIN_COMPILE
    import dataclasses

    import attr._make

    if _calls(attr._make, "_compile_and_eval", "compile"):
        attr._make.compile = store.compile  # type: ignore[attr-defined]
    if _calls(dataclasses, "_create_fn", "exec"):
        dataclasses.exec = store.exec  # type: ignore[attr-defined]
    # typing compiles every annotation written as a string (ForwardRef) when attrs and cattrs
    # read a class's type hints: about 120 small compiles by the first finished run.
    cover(typing, "ForwardRef")
    atexit.register(store.save)
    return store


_installed: CodeStore | None = None
"""The store :func:`install` put in place in this process, if any."""


def cover(module: ModuleType, user: str) -> None:
    """Have ``module`` compile through the installed store (if :func:`install` put one in
    place): its own global ``compile``, set only if ``module.user`` (a function, or a class
    by its ``__init__``) looks ``compile`` up there. For a library that generates code and is
    imported after start-up (cattrs' ``cattrs.gen``)."""
    if _installed is None:
        return
    target = getattr(module, user, None)
    if isinstance(target, type):
        target = target.__dict__.get("__init__")
    code = getattr(target, "__code__", None)
    if isinstance(code, CodeType) and "compile" in code.co_names:
        module.compile = _installed.compile  # type: ignore[attr-defined]


def _calls(module: ModuleType, function: str, name: str) -> bool:
    """Whether ``module.function`` looks ``name`` up as a global (so the module's own global
    of that name, if set, is the one it calls)."""
    code = getattr(getattr(module, function, None), "__code__", None)
    return isinstance(code, CodeType) and name in code.co_names


def _replace_constant(code: CodeType, old: int, new: int) -> CodeType:
    """``code`` with the integer constant ``old`` replaced by ``new``, in nested functions too."""
    consts = tuple(
        new if type(c) is int and c == old else _replace_constant(c, old, new) if type(c) is CodeType else c
        for c in code.co_consts
    )
    return code.replace(co_consts=consts)


def _has_constant(code: CodeType, value: int) -> bool:
    """Whether the integer ``value`` is a constant of ``code`` or of a function in it."""
    return any(type(c) is int and c == value or type(c) is CodeType and _has_constant(c, value)
               for c in code.co_consts)


def _trusted_folder(folder: Path) -> bool:
    """Whether only the user (or root) can change what ``folder`` holds."""
    try:
        st = os.stat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(st.st_mode) and st.st_uid in (os.getuid(), 0) and not st.st_mode & 0o022


def _read(path: Path) -> dict[Key, bytes]:
    """The entries of the file at ``path``; none if it is missing, unreadable, a link, not
    the user's alone or in a folder others can write, written by another Python, or not in
    this layout."""
    if not _trusted_folder(path.parent):
        return {}
    try:
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NOFOLLOW), "rb") as f:
            st = os.fstat(f.fileno())
            if not stat.S_ISREG(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & 0o022:
                return {}
            data = marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if type(data) is not tuple or len(data) != 3 or data[0] != FORMAT or data[1] != MAGIC_NUMBER:
        return {}
    entries = data[2]
    return entries if type(entries) is dict else {}

"""Every command of the Streamlit reference exists on kernel's ``st`` with Streamlit's parameters.

The signatures are read at test time from ``streamlit-api.md`` in the ``shared/reference``
folder beside the project (``../shared``; for a git worktree, beside the main checkout;
``KERNEL_SHARED_DIR`` overrides). Each ``st.x(...)`` line of a Python block and each
``st.x(...) -> ...`` cell of a table is one signature. For each, ``st.x`` must exist and
have every parameter of the reference with the same name, order, kind (positional or
keyword, keyword-only, ``**kwargs``) and default; kernel may not add public parameters
except the few listed in :data:`KERNEL_EXTENSIONS`. A default the reference shows as
``<...>`` (an object without a literal) only has to exist.
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import os
import re
import subprocess
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Commands another room of issue 20 is adding. Each room removes its entries as its commands
# land (xfail_strict: a listed command that passes fails the run, so the list stays honest).
AWAITING_OTHER_ROOMS: dict[str, str] = {}

# Commands of the reference kernel does not have yet and no room is adding in this round.
NOT_YET_IN_KERNEL: dict[str, str] = {}

# What kernel accepts beyond Streamlit 1.67 on purpose, so that apps written for older
# Streamlit versions run (issue 18): {command: {parameter: why}}.
KERNEL_EXTENSIONS: dict[str, dict[str, str]] = {
    "st.pyplot": {"fig": "optional: without a figure it draws Matplotlib's global one, with a warning"},
    "st.vega_lite_chart": {"spec_keywords": "the spec may still be given as keyword arguments"},
}

UNLITERAL = "__UNLITERAL__"
"""What a default written ``<...>`` in the reference (e.g. ``<streamlit module>``) becomes."""


def _shared_dir() -> Path | None:
    override = os.environ.get("KERNEL_SHARED_DIR")
    candidates = [Path(override)] if override else []
    candidates.append(ROOT.parent / "shared")
    try:
        common = subprocess.run(["git", "rev-parse", "--path-format=absolute", "--git-common-dir"], cwd=ROOT,
                                capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        candidates.append(Path(common).parent.parent / "shared")
    except (OSError, subprocess.SubprocessError):
        pass
    return next((c for c in candidates if (c / "reference" / "streamlit-api.md").is_file()), None)


SHARED = _shared_dir()
REFERENCE = None if SHARED is None else (SHARED / "reference" / "streamlit-api.md").read_text(encoding="utf-8")
needs_reference = pytest.mark.skipif(
    REFERENCE is None,
    reason=f"the Streamlit reference was not found: no shared/reference/streamlit-api.md in {ROOT.parent} (CI "
           "checks shared/ out beside the clone) nor beside the main git checkout; set KERNEL_SHARED_DIR to the "
           "folder holding reference/",
)


def _signature_texts(text: str) -> Iterator[str]:
    """``st.x(...)`` lines of Python blocks and ``st.x(...) -> ...`` spans of table rows."""
    in_code = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif in_code:
            stripped = line.strip()
            if re.match(r"(st|grid)\.[\w.]+\(", stripped):
                yield stripped
        elif line.startswith("|"):
            yield from (m.group(1) for m in re.finditer(r"`((?:st|grid)\.[\w.]+\(.*?\)\s*->[^`]*)`", line))


def _split(text: str) -> tuple[str, str]:
    """The dotted name and the parameter list of one signature."""
    match = re.match(r"((?:st|grid)\.[\w.]+)\(", text)
    assert match is not None
    depth, end = 1, match.end()
    while depth:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(text[end], 0)
        end += 1
    return match.group(1), text[match.end():end - 1]


def reference_signatures(text: str) -> dict[str, str]:
    """``{dotted name: parameter list}`` of every signature in the reference (first one wins)."""
    out: dict[str, str] = {}
    for sig in _signature_texts(text):
        name, params = _split(sig)
        out.setdefault(name, re.sub(r"<[^>]*>", UNLITERAL, params))
    return out


def reference_objects(text: str) -> list[str]:
    """The objects of the reference (``### st.sidebar  (object)``...) and ``st.typing``."""
    names = re.findall(r"^###.*?\b(st\.\w+)\s+\(object", text, flags=re.MULTILINE)
    return names + (["st.typing"] if "`st.typing`" in text else [])


def typing_names(text: str) -> list[str]:
    """The names the reference says ``st.typing`` re-exports."""
    match = re.search(r"`st\.typing`[^\n]*?re-exports:(.*?`)\.", text, flags=re.DOTALL)
    return re.findall(r"`(\w+)`", match.group(1)) if match else []


Param = tuple[str, str, Any]
EMPTY = inspect.Parameter.empty


def _default(node: ast.expr | None) -> Any:
    if node is None:
        return EMPTY
    namespace = {"timedelta": dt.timedelta, "str": str, UNLITERAL: UNLITERAL}
    return eval(compile(ast.Expression(node), "<reference>", "eval"), {"__builtins__": {}}, namespace)  # noqa: S307


def parse_params(params: str) -> list[Param]:
    """``(name, kind, default)`` of each parameter of a reference parameter list."""
    fn = ast.parse(f"def f({params}): pass").body[0]
    assert isinstance(fn, ast.FunctionDef)
    a = fn.args
    positional = a.posonlyargs + a.args
    defaults: list[ast.expr | None] = [None] * (len(positional) - len(a.defaults)) + list(a.defaults)
    out: list[Param] = [(p.arg, "POSITIONAL_OR_KEYWORD", _default(d))
                        for p, d in zip(positional, defaults, strict=True)]
    if a.vararg:
        out.append((a.vararg.arg, "VAR_POSITIONAL", EMPTY))
    out += [(p.arg, "KEYWORD_ONLY", _default(d)) for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True)]
    if a.kwarg:
        out.append((a.kwarg.arg, "VAR_KEYWORD", EMPTY))
    return out


def _app() -> Any:
    from kernel._app import current_app

    return current_app()


def kernel_callable(name: str) -> Any:
    """What kernel's ``st.<name>`` calls (an element command without its container argument)."""
    from kernel import st

    if name.startswith("grid."):
        # A method of the object st.grid returns, as called on that object (without self).
        grid_type = typing.get_type_hints(_app().commands.get("grid").load())["return"]
        method = getattr(grid_type, name.split(".", 1)[1])
        sig = inspect.signature(method)

        def bound() -> None: ...

        bound.__signature__ = sig.replace(parameters=list(sig.parameters.values())[1:])  # type: ignore[attr-defined]
        return bound
    first, *rest = name.split(".")[1:]
    command = _app().commands.get(first)
    if command is None:
        raise LookupError(f"st.{first} is not a kernel command")
    if not rest and command.kind == "element":
        target = command.load()
        sig = inspect.signature(target)

        def without_container() -> None: ...

        without_container.__signature__ = sig.replace(  # type: ignore[attr-defined]
            parameters=list(sig.parameters.values())[1:])
        return without_container
    obj = getattr(st, first)
    for part in rest:
        obj = getattr(obj, part)
    return obj


def _same_default(found: Any, wanted: Any) -> bool:
    if wanted is EMPTY or found is EMPTY:
        return found is wanted
    if wanted == UNLITERAL:
        return True
    try:
        return type(found) is type(wanted) and bool(found == wanted)
    except Exception:  # noqa: BLE001 - a default whose == is exotic
        return False


def signature_problems(name: str, params: str) -> list[str]:
    """What differs between kernel's ``st.<name>`` and the reference's parameter list."""
    wanted = parse_params(params)
    allowed = KERNEL_EXTENSIONS.get(name, {})
    sig = inspect.signature(kernel_callable(name))
    found = {p.name: p for p in sig.parameters.values()}
    problems = []
    for pname, kind, default in wanted:
        p = found.get(pname)
        if p is None:
            problems.append(f"no parameter {pname!r}")
            continue
        if p.kind.name != kind:
            problems.append(f"{pname!r} is {p.kind.name}, Streamlit's is {kind}")
        if not _same_default(p.default, default) and pname not in allowed:
            problems.append(f"{pname!r} defaults to {p.default!r}, Streamlit's to "
                            f"{'nothing (required)' if default is EMPTY else repr(default)}")
    names = [w[0] for w in wanted]
    extra = [n for n in found if n not in names and n not in allowed and not n.startswith("_")]
    if extra:
        problems.append(f"parameters Streamlit does not have: {extra}")
    order = [n for n in found if n in names]
    if not problems and order != names:
        problems.append(f"parameter order {order}, Streamlit's {names}")
    return problems


def _gap_marks(name: str) -> list[Any]:
    why = AWAITING_OTHER_ROOMS.get(name) or NOT_YET_IN_KERNEL.get(name)
    return [pytest.mark.xfail(reason=f"expected gap: {why}", strict=True)] if why else []


SIGNATURES = reference_signatures(REFERENCE) if REFERENCE else {}
OBJECTS = reference_objects(REFERENCE) if REFERENCE else []


@needs_reference
@pytest.mark.parametrize("name", [pytest.param(n, marks=_gap_marks(n), id=n) for n in sorted(SIGNATURES)])
def test_command_has_streamlits_parameters(name: str) -> None:
    problems = signature_problems(name, SIGNATURES[name])
    assert not problems, f"{name}: " + "; ".join(problems)


@needs_reference
@pytest.mark.parametrize("name", [pytest.param(n, marks=_gap_marks(n), id=n) for n in OBJECTS])
def test_object_exists(name: str) -> None:
    first = name.split(".")[1]
    assert first in _app().commands, f"{name} is not on kernel's st"
    if name == "st.typing":
        from kernel import st

        missing = [t for t in typing_names(REFERENCE or "") if not hasattr(st.typing, t)]
        assert not missing, f"st.typing lacks {missing}"


@needs_reference
def test_the_reference_was_read() -> None:
    """The parser found the reference's commands (a format change must not make this test vacuous)."""
    assert len(SIGNATURES) > 120
    for name in ("st.button", "st.columns", "st.cache_data", "st.column_config.TextColumn", "grid.cell"):
        assert name in SIGNATURES
    assert ("step", "KEYWORD_ONLY", dt.timedelta(seconds=900)) in parse_params(SIGNATURES["st.time_input"])
    assert {"st.sidebar", "st.bottom", "st.typing"} <= set(OBJECTS)
    assert "UploadedFile" in typing_names(REFERENCE or "")


def test_gap_lists_name_reference_commands() -> None:
    """Every expected gap is something the reference lists (a typo would hide nothing)."""
    if REFERENCE is None:
        pytest.skip("the Streamlit reference was not found (see the other tests' skip reason)")
    listed = set(SIGNATURES) | set(OBJECTS)
    assert not (set(AWAITING_OTHER_ROOMS) | set(NOT_YET_IN_KERNEL)) - listed
    assert not set(KERNEL_EXTENSIONS) - listed

"""The code store of the ``kernel`` command: the code attrs and dataclasses generate, compiled once.

A hit must give what :func:`compile` would (same code, future features of the caller, the
``__hash__`` number of this process), and the file must never be trusted or kept when it
should not be. The time it saves is measured by ``benchmarks/bench_loop.py --start-up-only``.
"""

from __future__ import annotations

import dis
import json
import marshal
import os
import subprocess
import sys
from pathlib import Path
from types import CodeType

import pytest

from kernel import _code_store
from kernel._code_store import CodeStore, default_path

ROOT = Path(__file__).resolve().parents[2]

HASH_SCRIPT = """\
def __hash__(self):
    return hash((
        {salt},
        self.a,
    ))
"""


@pytest.fixture(autouse=True)
def _writes_bytecode(monkeypatch: pytest.MonkeyPatch) -> None:
    """Saves happen whatever PYTHONDONTWRITEBYTECODE the test run has (one test sets it)."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)


class Box:
    def __init__(self, a: int) -> None:
        self.a = a


def _same_code(a: object, b: object) -> bool:
    """Equal code objects, attribute by attribute, nested functions included."""
    if not isinstance(a, CodeType) or not isinstance(b, CodeType):
        return type(a) is type(b) and a == b
    fields = ("co_code", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_filename", "co_name",
              "co_qualname", "co_firstlineno", "co_linetable", "co_exceptiontable", "co_flags", "co_argcount",
              "co_kwonlyargcount", "co_posonlyargcount", "co_stacksize")
    return (all(getattr(a, f) == getattr(b, f) for f in fields) and len(a.co_consts) == len(b.co_consts)
            and all(_same_code(x, y) for x, y in zip(a.co_consts, b.co_consts, strict=True)))


def _saved(tmp_path: Path, source: str, filename: str = "<generated>") -> Path:
    path = tmp_path / "store.marshal"
    store = CodeStore(path)
    store.compile(source, filename, "exec")
    store.save()
    return path


def test_a_hit_is_the_code_compile_gives(tmp_path: Path) -> None:
    source = "def f(x):\n    return [x * i for i in range(3)]\n"
    path = _saved(tmp_path, source)
    store = CodeStore(path)
    code = store.compile(source, "<generated>", "exec")
    assert (store.hits, store.misses) == (1, 0)
    assert _same_code(code, compile(source, "<generated>", "exec"))
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["f"](2) == [0, 2, 4]  # type: ignore[operator]


def test_the_key_is_source_file_name_mode_and_flags(tmp_path: Path) -> None:
    path = _saved(tmp_path, "x = 1\n")
    store = CodeStore(path)
    store.compile("x = 2\n", "<generated>", "exec")
    store.compile("x = 1\n", "<other>", "exec")
    store.compile("x = 1\n", "<generated>", "single")
    store.compile("x = 1\n", "<generated>", "exec", optimize=2)
    assert (store.hits, store.misses) == (0, 4)
    store.compile("x = 1\n", "<generated>", "exec")
    assert store.hits == 1


def test_the_callers_future_features_count_as_compile_would(tmp_path: Path) -> None:
    # This module has `from __future__ import annotations`: compile() called here inherits it.
    source = "def f(x: int) -> None: pass\n"
    store = CodeStore(tmp_path / "store.marshal")
    seen = []
    for dont_inherit in (False, True, False, True):
        ours: dict[str, object] = {}
        theirs: dict[str, object] = {}
        exec(store.compile(source, "<f>", "exec", dont_inherit=dont_inherit), ours)
        exec(compile(source, "<f>", "exec", dont_inherit=dont_inherit), theirs)
        assert ours["f"].__annotations__ == theirs["f"].__annotations__  # type: ignore[attr-defined]
        seen.append(ours["f"].__annotations__)  # type: ignore[attr-defined]
    assert seen[0] == {"x": "int", "return": "None"} and seen[1] == {"x": int, "return": None}
    assert (store.hits, store.misses) == (2, 2)


def test_the_hash_number_of_this_process_is_put_back(tmp_path: Path) -> None:
    path = _saved(tmp_path, HASH_SCRIPT.format(salt=-123456789))
    store = CodeStore(path)
    code = store.compile(HASH_SCRIPT.format(salt=-987654321), "<generated>", "exec")
    assert store.hits == 1
    assert _same_code(code, compile(HASH_SCRIPT.format(salt=-987654321), "<generated>", "exec"))
    # A number of another width: the same code but for the columns of that number.
    code = store.compile(HASH_SCRIPT.format(salt=42), "<generated>", "exec")
    assert store.hits == 2
    namespace: dict[str, object] = {}
    exec(code, namespace)
    assert namespace["__hash__"](Box(5)) == hash((42, 5))  # type: ignore[operator]


def test_source_holding_the_placeholder_is_compiled_but_not_kept(tmp_path: Path) -> None:
    source = HASH_SCRIPT.format(salt=1) + f"Y = {_code_store._PLACEHOLDER}\n"
    store = CodeStore(tmp_path / "store.marshal")
    namespace: dict[str, object] = {}
    exec(store.compile(source, "<generated>", "exec"), namespace)
    assert namespace["Y"] == _code_store._PLACEHOLDER
    store.save()
    assert not (tmp_path / "store.marshal").exists()


def test_exec_runs_cached_code_in_the_namespaces_given_or_the_callers(tmp_path: Path) -> None:
    store = CodeStore(tmp_path / "store.marshal")
    namespace: dict[str, object] = {}
    store.exec("def g():\n    return 7\n", {}, namespace)
    assert namespace["g"]() == 7  # type: ignore[operator]
    shared: dict[str, object] = {"n": 2}
    store.exec("m = n * 3", shared)
    assert shared["m"] == 6
    store.exec("m = n * 3", shared)
    assert (store.hits, store.misses) == (1, 2)


def test_non_text_sources_and_asts_pass_through(tmp_path: Path) -> None:
    import ast

    store = CodeStore(tmp_path / "store.marshal")
    tree = store.compile("x = 1", "<t>", "exec", ast.PyCF_ONLY_AST)
    assert isinstance(tree, ast.Module)
    assert isinstance(store.compile(tree, "<t>", "exec"), CodeType)
    assert isinstance(store.compile(b"x = 1", "<t>", "exec"), CodeType)
    store.save()
    assert not (tmp_path / "store.marshal").exists()


def test_nothing_is_written_without_news_or_under_dont_write_bytecode(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sub" / "store.marshal"
    store = CodeStore(path)
    store.save()
    assert not path.exists()
    store.compile("x = 1", "<t>", "exec")
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    store.save()
    assert not path.exists()
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    store.save()
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["store.marshal"]  # no temporary file left


def test_a_save_merges_with_what_others_saved(tmp_path: Path) -> None:
    path = tmp_path / "store.marshal"
    first, second = CodeStore(path), CodeStore(path)
    first.compile("a = 1", "<t>", "exec")
    second.compile("b = 2", "<t>", "exec")
    first.save()
    second.save()
    store = CodeStore(path)
    store.compile("a = 1", "<t>", "exec")
    store.compile("b = 2", "<t>", "exec")
    assert (store.hits, store.misses) == (2, 0)


def test_past_the_limit_a_save_keeps_what_this_process_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_code_store, "MAX_ENTRIES", 3)
    path = tmp_path / "store.marshal"
    old = CodeStore(path)
    for i in range(3):
        old.compile(f"x = {i}", "<t>", "exec")
    old.save()
    store = CodeStore(path)
    store.compile("x = 0", "<t>", "exec")
    store.compile("y = 1", "<t>", "exec")
    store.save()
    after = CodeStore(path)
    for source in ("x = 0", "y = 1", "x = 1"):
        after.compile(source, "<t>", "exec")
    assert (after.hits, after.misses) == (2, 1)


@pytest.mark.parametrize("spoil", ["group-writable", "garbage", "other-python", "other-layout"])
def test_a_file_not_to_trust_or_not_understood_is_ignored(tmp_path: Path, spoil: str) -> None:
    path = _saved(tmp_path, "x = 1\n")
    if spoil == "group-writable":
        path.chmod(0o620)
    elif spoil == "garbage":
        path.write_bytes(b"\x00not marshal")
    elif spoil == "other-python":
        _, _, entries = marshal.loads(path.read_bytes())
        path.write_bytes(marshal.dumps((_code_store.FORMAT, b"\x00\x00\r\n", entries)))
    else:
        path.write_bytes(marshal.dumps(["x = 1"]))
    store = CodeStore(path)
    code = store.compile("x = 1\n", "<generated>", "exec")
    assert (store.hits, store.misses) == (0, 1)
    assert _same_code(code, compile("x = 1\n", "<generated>", "exec"))


def test_a_link_or_a_folder_others_can_write_is_not_trusted(tmp_path: Path) -> None:
    target = _saved(tmp_path / "real", "x = 1\n")
    link = tmp_path / "link.marshal"
    link.symlink_to(target)
    store = CodeStore(link)
    store.compile("x = 1\n", "<generated>", "exec")
    assert (store.hits, store.misses) == (0, 1)

    shared = target.parent
    shared.chmod(0o777)
    store = CodeStore(target)
    store.compile("x = 1\n", "<generated>", "exec")
    store.compile("y = 2\n", "<generated>", "exec")
    assert (store.hits, store.misses) == (0, 2)
    before = target.read_bytes()
    store.save()  # nothing is written into a folder others can write
    assert target.read_bytes() == before


def test_a_save_never_writes_through_a_link_left_at_its_temporary_name(tmp_path: Path) -> None:
    path = tmp_path / "store.marshal"
    victim = tmp_path / "victim"
    victim.write_text("keep me")
    (tmp_path / f".store.marshal.{os.getpid()}.tmp").symlink_to(victim)
    store = CodeStore(path)
    store.compile("x = 1", "<t>", "exec")
    store.save()
    assert victim.read_text() == "keep me"
    assert not path.is_symlink() and CodeStore(path).compile("x = 1", "<t>", "exec") is not None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.marshal", "victim"]


def test_the_optimisation_level_is_part_of_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = CodeStore(tmp_path / "store.marshal")
    store.compile("assert x", "<t>", "exec")
    store.compile("assert x", "<t>", "exec", optimize=1)
    assert (store.hits, store.misses) == (0, 2)
    store.compile("assert x", "<t>", "exec", optimize=0 if not sys.flags.optimize else sys.flags.optimize)
    assert store.hits == 1  # -1 means the interpreter's level: the same entry


def test_under_dont_write_bytecode_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    store = CodeStore(tmp_path / "store.marshal")
    store.compile("x = 1", "<t>", "exec")
    store.compile("x = 1", "<t>", "exec")
    assert (store.hits, store.misses) == (0, 2)


NAME = f"attrs-code.{sys.implementation.cache_tag}.marshal"
KERNEL = Path(_code_store.__file__).resolve().parent


def _stored_under(prefix: Path) -> Path:
    return Path(prefix, *KERNEL.parts[1:], NAME)


def test_the_file_is_beside_kernels_bytecode(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "pycache_prefix", None)
    assert default_path() == KERNEL / "__pycache__" / NAME
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    assert default_path() == _stored_under(tmp_path)


PROBE = """
import json, sys
from kernel._code_store import install
store = install()
import dataclasses
import attrs
import kernel._cli
import trio

@attrs.frozen
class Point:
    x: int
    y: int = attrs.field(factory=lambda: 4)

@dataclasses.dataclass(frozen=True)
class Pair:
    a: int
    b: str = "b"

p, q = Point(1), Point(1, 4)
checks = [p == q, hash(p) == hash(q), repr(p), Pair(1) == Pair(1, "b"), hash(Pair(1)) == hash(Pair(1, "b")),
          repr(Pair(2)), p != Point(2)]
print(json.dumps({"hits": store.hits, "misses": store.misses, "checks": checks}))
"""


def _env(tmp_path: Path) -> dict[str, str]:
    """Bytecode, and so the store, under ``tmp_path``."""
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path), "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _probe(tmp_path: Path) -> dict[str, object]:
    env = _env(tmp_path)
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, env=env,
                         cwd=tmp_path)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def test_the_next_process_compiles_none_of_what_start_up_defines(tmp_path: Path) -> None:
    first = _probe(tmp_path)
    second = _probe(tmp_path)
    # The first process hits too: typing compiles the same annotation ("int") again and again.
    assert first["misses"] and first["hits"] < first["misses"]
    assert second["misses"] == 0 and second["hits"] == first["hits"] + first["misses"]
    assert first["checks"] == second["checks"] == [True, True, "Point(x=1, y=4)", True, True, "Pair(a=2, b='b')",
                                                    True]


def test_the_command_line_uses_the_store(tmp_path: Path) -> None:
    env = _env(tmp_path)
    for _ in range(2):
        out = subprocess.run([sys.executable, "-m", "kernel", "version"], capture_output=True, text=True, check=True,
                             env=env, cwd=tmp_path)
        assert out.stdout.startswith("kernel ")
    path = _stored_under(tmp_path)
    assert path.exists()
    store = CodeStore(path)
    # attrs' own validators are among the cached classes: the store was in place while attrs loaded.
    assert any("attr.validators" in filename for _, filename, *_ in store._stored)
    assert any(filename == "<string>" for _, filename, *_ in store._stored)  # dataclasses' methods (h11's)


GENERATED_PROBE = """
import json, sys, typing
from kernel._code_store import install
store = install()
import cattrs.gen
from kernel.contracts import messages
before = store.hits + store.misses
hints = typing.get_type_hints(messages.ScriptFinished)  # string annotations: typing's ForwardRef compiles
typed = store.hits + store.misses - before
frame = messages.encode_forward_frame([messages.ScriptFinished(run_id=3, status="ok")])
back = messages.decode_back_frame('[{"type": "Rerun", "widget_states": {"w": 1}, "changed": ["w"]}]')
print(json.dumps({"hits": store.hits, "misses": store.misses, "typed": typed,
                  "gen": cattrs.gen.compile == store.compile, "frame": frame, "back": repr(back)}))
"""


def test_typing_and_cattrs_generated_code_come_from_the_store(tmp_path: Path) -> None:
    env = _env(tmp_path)
    runs = [json.loads(subprocess.run([sys.executable, "-c", GENERATED_PROBE], capture_output=True, text=True,
                                      check=True, env=env, cwd=tmp_path).stdout) for _ in range(2)]
    first, second = runs
    assert first["typed"] > 0 and first["gen"] is True
    assert second["misses"] == 0 and second["hits"] == first["hits"] + first["misses"]
    assert first["frame"] == second["frame"] and first["back"] == second["back"]


def test_cover_leaves_a_module_alone_without_a_store_or_a_compile_call() -> None:
    import types

    import kernel._code_store as code_store

    module = types.ModuleType("generated")
    exec("def make():\n    return compile('1', '<s>', 'eval')\nclass Maker:\n    def __init__(self):\n"
         "        self.code = compile('2', '<s>', 'eval')\ndef other():\n    return 1\n", module.__dict__)
    store = CodeStore(Path("/nonexistent/store"))
    previous = code_store._installed
    try:
        code_store._installed = None
        code_store.cover(module, "make")
        assert "compile" not in module.__dict__
        code_store._installed = store
        code_store.cover(module, "other")
        assert "compile" not in module.__dict__
        code_store.cover(module, "Maker")
        assert module.compile == store.compile
        assert eval(module.Maker().code) == 2 and store.misses == 1
    finally:
        code_store._installed = previous


def test_code_from_a_hit_disassembles_like_compiled_code(tmp_path: Path) -> None:
    source = "def f(a, b=2):\n    try:\n        return a / b\n    except ZeroDivisionError:\n        return None\n"
    path = _saved(tmp_path, source)
    def function(code: CodeType) -> CodeType:
        return next(c for c in code.co_consts if isinstance(c, CodeType))

    code = CodeStore(path).compile(source, "<generated>", "exec")
    ours = [(i.opname, i.argrepr, i.positions) for i in dis.get_instructions(function(code))]
    theirs = [(i.opname, i.argrepr, i.positions)
              for i in dis.get_instructions(function(compile(source, "<generated>", "exec")))]
    assert ours == theirs and len(ours) > 5

"""kernel.import_with_stand_in: a light stand-in for a heavy module while another imports."""

from __future__ import annotations

import importlib
import sys
import textwrap
import types
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from kernel import import_with_stand_in

HEAVY = '''
LOADED = True
def ask(question):
    return "real answer to " + question
def other():
    return "only the real module knows"
'''


@pytest.fixture
def modules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """Write modules into a folder on sys.path (``write("pkg/mod.py", source)``); they are
    forgotten after the test."""
    monkeypatch.syspath_prepend(str(tmp_path))
    written: list[str] = []

    def write(relative: str, source: str) -> None:
        path = tmp_path / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))
        written.append(relative.removesuffix(".py").removesuffix("/__init__").replace("/", "."))

    yield write
    for name in written:
        sys.modules.pop(name, None)
    importlib.invalidate_caches()


def _answers(real: Callable[[], types.ModuleType]) -> Mapping[str, Any]:
    def ask(question: str) -> str:
        return "stand-in answer to x" if question == "x" else str(real().ask(question))

    return {"ask": ask}


def test_the_module_imports_with_the_stand_ins_answers_and_the_real_module_comes_later(modules: Any) -> None:
    modules("heavy_a.py", HEAVY)
    modules("light_a.py", "import heavy_a\nANSWER = heavy_a.ask('x')\nHELD = heavy_a\n")
    import_with_stand_in("light_a", {"heavy_a": _answers})
    light = sys.modules["light_a"]
    assert light.ANSWER == "stand-in answer to x"
    assert "heavy_a" not in sys.modules  # never loaded
    import heavy_a

    assert heavy_a.LOADED and heavy_a is not light.HELD
    # What the module kept forwards to the real one: other questions, other attributes.
    assert light.HELD.ask("y") == "real answer to y" and light.HELD.other() == "only the real module knows"
    assert sys.modules["heavy_a"] is heavy_a


def test_a_submodule_stand_in_is_the_packages_attribute_only_meanwhile(modules: Any) -> None:
    modules("pkg_b/__init__.py", "")
    modules("pkg_b/heavy.py", HEAVY)
    modules("light_b.py", "import pkg_b.heavy\nANSWER = pkg_b.heavy.ask('x')\n")
    import_with_stand_in("light_b", {"pkg_b.heavy": _answers})
    assert sys.modules["light_b"].ANSWER == "stand-in answer to x"
    package = sys.modules["pkg_b"]
    assert "heavy" not in vars(package)
    from pkg_b import heavy

    assert heavy.LOADED and sys.modules["pkg_b.heavy"] is heavy and package.heavy is heavy


def _import_over_a_package(modules: Any, package: str, light_source: str) -> types.ModuleType:
    """Write package ``package`` (HEAVY, with a submodule ``part``) and module ``light``
    (``light_source``); import ``light`` with a stand-in for ``package``; ``light``."""
    modules(f"{package}/__init__.py", HEAVY)
    modules(f"{package}/part.py", "PART = 'real part'\n")
    modules(f"light_{package}.py", light_source)
    import_with_stand_in(f"light_{package}", {package: _answers})
    return sys.modules[f"light_{package}"]


def test_a_package_stand_in_lets_its_submodules_import_meanwhile(modules: Any) -> None:
    light = _import_over_a_package(modules, "heavy_c", "import heavy_c\nimport heavy_c.part\n"
                                                       "ANSWER = heavy_c.ask('x')\nPART = heavy_c.part.PART\n")
    assert (light.ANSWER, light.PART) == ("stand-in answer to x", "real part")
    assert "heavy_c" not in sys.modules and "heavy_c.part" not in sys.modules  # they belonged to no package
    import heavy_c.part

    assert heavy_c.LOADED and heavy_c.part.PART == "real part" and sys.modules["heavy_c.part"] is heavy_c.part


def test_submodules_imported_under_the_stand_in_join_the_real_package_loaded_meanwhile(modules: Any) -> None:
    light = _import_over_a_package(modules, "heavy_h",
                                   "import heavy_h.part\nANSWER = heavy_h.ask('y')\nPART = heavy_h.part\n")
    assert light.ANSWER == "real answer to y"  # passed on: the real package loaded during the import
    import heavy_h.part

    assert heavy_h.part is light.PART and sys.modules["heavy_h"] is heavy_h


def test_several_stand_ins_for_one_import(modules: Any) -> None:
    modules("heavy_i.py", HEAVY)
    modules("heavy_j.py", HEAVY)
    modules("light_i.py", "import heavy_i, heavy_j\nANSWERS = heavy_i.ask('x'), heavy_j.ask('x')\n")
    import_with_stand_in("light_i", {"heavy_i": _answers, "heavy_j": lambda real: {"ask": lambda q: "j knows " + q}})
    assert sys.modules["light_i"].ANSWERS == ("stand-in answer to x", "j knows x")
    assert "heavy_i" not in sys.modules and "heavy_j" not in sys.modules


def test_an_already_loaded_module_is_left_in_place(modules: Any) -> None:
    modules("heavy_d.py", HEAVY)
    modules("light_d.py", "import heavy_d\nANSWER = heavy_d.ask('x')\n")
    import heavy_d

    import_with_stand_in("light_d", {"heavy_d": _answers})
    assert sys.modules["light_d"].ANSWER == "real answer to x"
    assert sys.modules["heavy_d"] is heavy_d


def test_a_module_already_imported_is_not_imported_again(modules: Any) -> None:
    asked: list[str] = []
    modules("light_e.py", "X = 1\n")
    import light_e  # noqa: F401

    import_with_stand_in("light_e", {"heavy_e": lambda real: asked.append("answers") or {}})
    assert asked == [] and "heavy_e" not in sys.modules


def test_a_failing_import_takes_the_stand_in_away_too(modules: Any) -> None:
    modules("heavy_f.py", HEAVY)
    modules("light_f.py", "import heavy_f\nraise RuntimeError('broken: ' + heavy_f.ask('x'))\n")
    with pytest.raises(RuntimeError, match="broken: stand-in answer to x"):
        import_with_stand_in("light_f", {"heavy_f": _answers})
    assert "heavy_f" not in sys.modules and "light_f" not in sys.modules
    import heavy_f

    assert heavy_f.LOADED


def test_the_import_systems_questions_are_not_forwarded(modules: Any) -> None:
    modules("heavy_g.py", HEAVY)
    modules("light_g.py", "import heavy_g\nHELD = heavy_g\n")
    import_with_stand_in("light_g", {"heavy_g": _answers})
    held = sys.modules["light_g"].HELD
    assert not hasattr(held, "__file__") and "heavy_g" not in sys.modules

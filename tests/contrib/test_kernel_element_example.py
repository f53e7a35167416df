"""The example element plugin distribution: pip-installed, listed by ``kernel plugins``, usable in an app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.contrib.element_example_install import install, run_python


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The distribution installed into a private folder with pip."""
    return install(tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("build"))


def test_the_installed_files_include_the_renderer(site: Path) -> None:
    assert (site / "kernel_star_rating" / "star_rating.js").is_file()
    assert list(site.glob("kernel_star_rating-0.1.0.dist-info"))


def test_kernel_plugins_lists_it(site: Path, tmp_path: Path) -> None:
    result = run_python(site, "import sys; from kernel._cli import main; sys.exit(main(['plugins', '--json']))",
                        tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    plugin = next(p for p in data["plugins"] if p["name"] == "star_rating")
    assert (plugin["distribution"], plugin["version"]) == ("kernel-star-rating", "0.1.0")
    assert set(plugin["hooks"]) == {"kernel_register_commands", "kernel_register_test_nodes"}


def test_its_widget_round_trips_values_and_callbacks_in_an_app(site: Path, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text(
        "from kernel import st\n"
        "if 'changes' not in st.session_state:\n"
        "    st.session_state.changes = 0\n"
        "def changed():\n"
        "    st.session_state.changes += 1\n"
        "stars = st.star_rating('Rate us', max_stars=5, value=2, key='rating', on_change=changed)\n"
        "st.text(repr((stars, st.session_state.rating, st.session_state.changes)))\n"
    )
    code = """
from kernel.testing import AppTest
at = AppTest('app.py').run()
assert at.text[0].value == '(2, 2, 0)', at.text[0].value
assert at.star_rating[0].max_stars == 5
at.star_rating[0].rate(4).run()
assert at.text[0].value == '(4, 4, 1)', at.text[0].value
at.star_rating[0].rate(99).run()
assert at.text[0].value == '(5, 5, 2)', at.text[0].value
print('ok')
"""
    result = run_python(site, code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_bad_arguments_name_the_parameter(site: Path, tmp_path: Path) -> None:
    (tmp_path / "app.py").write_text("from kernel import st\nst.star_rating('x', max_stars=3, value=7)\n")
    code = "from kernel.testing import AppTest\nat = AppTest('app.py').run()\nprint(at.exception[0].value)\n"
    result = run_python(site, code, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "st.star_rating(value=7): value must be an int from 0 to max_stars (3)" in result.stdout


def test_it_can_be_blocked(site: Path, tmp_path: Path) -> None:
    result = run_python(
        site, "import sys; from kernel._cli import main; sys.exit(main(['-p', 'no:star_rating', 'plugins', '--json']))",
        tmp_path,
    )
    data = json.loads(result.stdout)
    assert data["blocked"] == {"star_rating": "-p no:star_rating"}

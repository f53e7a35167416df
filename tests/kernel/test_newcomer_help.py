"""Help and config a newcomer meets: `kernel run --help`, `kernel --help`, size options with units (issue 18)."""

from __future__ import annotations

import threading
from pathlib import Path

import attrs
import pytest

from kernel import ConfigSection, ConfigWarning, hookimpl
from kernel._cli import main
from tests.conftest import MakeApp


def help_text(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit):
        main(list(argv))
    return capsys.readouterr().out


def test_run_help_lists_the_common_options_and_points_to_config_show(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys, "run", "--help")
    for flag in ("--server.port=8501", "--server.address=", "--server.run_on_save=true", "--server.headless=false",
                 "--streamlit.alias=false"):
        assert flag in out
    assert "`kernel config show` lists them all" in out


def test_kernel_help_says_kernel_cache_covers_both_caches(capsys: pytest.CaptureFixture[str]) -> None:
    out = help_text(capsys, "--help")
    line = " ".join(out[out.index("cache "):].split())
    assert line.startswith("cache inspect or clear the caches of st.cache_data and st.cache_resource")


def test_every_size_option_names_its_unit(make_app: MakeApp) -> None:
    app = make_app()
    sizes = [f"{section}.{option}" for section, option, _, _ in app.config.items()
             if "size" in option or option.endswith("_bytes")]
    assert sizes and all(name.endswith(("_bytes", "_mb")) for name in sizes), sizes


def test_the_old_name_of_a_renamed_option_still_works_with_a_warning(make_app: MakeApp) -> None:
    with pytest.warns(ConfigWarning, match=r"\[server\] max_message_size is deprecated; it is now called "
                                           r"max_message_size_bytes"):
        app = make_app(config_options={"server.max_message_size": "1024"})
    assert app.config["server"].max_message_size_bytes == 1024


@attrs.define
class _Renamed:
    size_bytes: int = attrs.field(default=1, metadata={"deprecated_names": ("size",)})


class _Plugin:
    @hookimpl
    def kernel_register_config_sections(self) -> list[ConfigSection]:
        return [ConfigSection("renamed", _Renamed)]


def test_the_current_name_wins_over_the_old_one(make_app: MakeApp, project: Path) -> None:
    (project / ".kernel").mkdir()
    (project / ".kernel" / "config.toml").write_text("[renamed]\nsize = 5\nsize_bytes = 7\n")
    with pytest.warns(ConfigWarning, match="size is deprecated"):
        app = make_app(plugins=[(_Plugin(), "renamed")])
    assert app.config["renamed"].size_bytes == 7


def test_headless_false_opens_the_app_in_a_browser(make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    done = threading.Event()

    def fake_open(url: str) -> bool:
        opened.append(url)
        done.set()
        return True

    monkeypatch.setattr("webbrowser.open", fake_open)

    class FakeRuntime:
        url = "http://127.0.0.1:1234/"

    quiet = make_app(config_options={"streamlit.alias": "false"})
    quiet.hook.kernel_startup(app=quiet, runtime=FakeRuntime())  # headless by default: nothing opens
    app = make_app(config_options={"server.headless": "false", "streamlit.alias": "false"})
    app.hook.kernel_startup(app=app, runtime=FakeRuntime())
    assert done.wait(5)
    assert opened == ["http://127.0.0.1:1234/"]

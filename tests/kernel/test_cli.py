"""The ``kernel`` command line, driven in-process and, for lifecycle, as a real process."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kernel import KernelError, __version__
from kernel._cli import main, preparse


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run every CLI test in an empty project with an empty home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for var in [v for v in os.environ if v.startswith("KERNEL_")]:
        monkeypatch.delenv(var)
    yield tmp_path
    from kernel import _app as app

    app.activate(None)


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_preparse_splits_plugins_options_and_script_args() -> None:
    pre = preparse(["-p", "no:caching", "run", "app.py", "--server.port=9000", "-pextra", "--server.address",
                    "0.0.0.0", "--", "--x", "-p", "y"])
    assert pre.plugin_args == ("no:caching", "extra")
    assert pre.config_options == {"server.port": "9000", "server.address": "0.0.0.0"}
    assert pre.rest == ["run", "app.py"]
    assert pre.script_args == ("--x", "-p", "y")


def test_preparse_errors() -> None:
    with pytest.raises(KernelError, match="-p needs a plugin name"):
        preparse(["-p"])
    with pytest.raises(KernelError, match="--server.port needs a value"):
        preparse(["--server.port"])


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "version")
    assert code == 0 and out.startswith(f"kernel {__version__} (Python ")


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys)
    assert code == 2
    for command in ("run", "plugins", "config", "version", "hello"):
        assert command in out


@pytest.mark.parametrize("argv", [["--help"], ["run", "--help"], ["plugins", "--help"], ["config", "show", "--help"],
                                  ["version", "--help"], ["hello", "--help"]])
def test_help_everywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: kernel" in out and "-p NAME" in out


def test_help_wraps_at_the_terminal_width(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    def options_help(columns: int) -> list[str]:
        monkeypatch.setenv("COLUMNS", str(columns))
        with pytest.raises(SystemExit):
            main(["run", "--help"])
        out = capsys.readouterr().out
        return out.partition("\noptions:\n")[2].partition("\n\n")[0].splitlines()

    narrow, wide = options_help(40), options_help(200)
    assert max(len(line) for line in narrow) <= 40
    assert max(len(line) for line in wide) > 60 and len(wide) < len(narrow)


def test_terminal_columns_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from kernel._cli import terminal_columns

    def no_terminal(fd: int) -> os.terminal_size:
        raise OSError(25, "Inappropriate ioctl for device")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    monkeypatch.setenv("COLUMNS", "not a number")
    assert terminal_columns() == 80
    monkeypatch.setenv("COLUMNS", "-3")
    assert terminal_columns() == 80
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_columns() == 132


@pytest.mark.parametrize(("size", "expected"), [((100, 30), 100), ((0, 0), 80)])
def test_terminal_columns_from_the_terminal(monkeypatch: pytest.MonkeyPatch, size: tuple[int, int],
                                            expected: int) -> None:
    from kernel._cli import terminal_columns

    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size(size))
    assert terminal_columns() == expected


def test_plugins_lists_core_plugins_and_providers(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "plugins")
    assert code == 0
    assert "plugins (28 loaded)" in out  # + scaleout and scaleout_redis (21), auth (20), data_channel (23), asgi
    for name in ("runtime", "app_session", "script_runner", "delta_generator", "forward_msg_queue",
                 "session_state", "caching", "secrets"):
        assert re.search(rf"^  {name}\s+kernel_plugins\.{name}\s+kernel {re.escape(__version__)}, entry point",
                         out, re.M)
        assert re.search(rf"^  {name}\s+(provided by {name}|asked in order: .*{name} \(the first)", out, re.M)
    assert re.search(r"^  caching\s+asked in order: cache_redis, caching \(the first that answers provides it\)$",
                     out, re.M)
    assert "hooks: kernel_make_runtime" in out


def test_plugins_shows_which_plugin_provides_each_command_family(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "plugins")
    assert code == 0
    section = out.split("\nst commands:\n", 1)[1]
    lines = {line.split()[0]: line for line in section.splitlines() if line.startswith("  ")}
    assert re.search(r"\bsecrets\b", lines[next(p for p in lines if "secrets" in p)])
    code, out, _ = run_cli(capsys, "plugins", "--json")
    families = json.loads(out)["commands"]
    providers = {name: plugin for plugin, names in families.items() for name in names}
    for name in ("text", "slider", "stop", "rerun", "secrets", "session_state", "cache_data"):
        assert name in providers, name
    for name in ("get_option", "set_option", "runtime", "errors", "experimental_get_query_params"):
        assert providers[name] == "app_api", name
    assert all(names == sorted(names, key=str.lower) for names in families.values())


def test_plugins_json_shows_blocked(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "-p", "no:caching", "plugins", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["components"]["caching"] == ["cache_redis"]
    assert data["blocked"] == {"caching": "-p no:caching"}
    assert {p["name"] for p in data["plugins"]} == {"runtime", "app_session", "script_runner", "delta_generator",
                                                     "forward_msg_queue", "session_state", "secrets", "cache_redis",
                                                     "elements_text", "pages", "elements_status",
                                                     "elements_data", "elements_charts", "fragments",
                                                     "elements_media", "widgets",
                                                     "elements_layout", "elements_inputs", "components",
                                                     "streamlit_compat", "app_api", "connections",
                                                     "scaleout", "scaleout_redis", "auth", "data_channel", "asgi"}


def test_plugins_text_shows_missing_provider(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(capsys, "plugins", "-p", "no:secrets")
    assert re.search(r"secrets\s+NOT PROVIDED \(blocked by -p no:secrets\)", out)


def test_config_show_with_sources(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  isolated: Path) -> None:
    (isolated / ".kernel").mkdir()
    (isolated / ".kernel" / "config.toml").write_text("[server]\naddress = '0.0.0.0'\n")
    monkeypatch.setenv("KERNEL_SERVER_PORT", "9001")
    code, out, _ = run_cli(capsys, "config", "show")
    assert code == 0
    assert re.search(r'^address = "0.0.0.0"\s+# .*\.kernel/config\.toml$', out, re.M)
    assert re.search(r"^port = 9001\s+# environment KERNEL_SERVER_PORT$", out, re.M)
    assert re.search(r"^disable = \[\]\s+# default$", out, re.M)


def test_config_show_explains_a_section_with_a_summary_scaleout_off_by_default(capsys: pytest.CaptureFixture[str],
                                                                    isolated: Path) -> None:
    code, out, _ = run_cli(capsys, "config", "show")
    assert code == 0
    section = out.split("[scaleout]\n", 1)[1].split("\n\n", 1)[0]
    assert section.startswith("# Sessions that survive their worker") and "KERNEL_SCALEOUT_SECRET" in section
    assert 'backend = ""' in section and "docs/scaleout.md" in section


def test_config_alone_prints_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "config")
    assert code == 2 and "show" in out


def test_config_error_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "--server.port=abc", "version")
    assert code == 1
    assert err.strip() == ("error: command line --server.port: server.port must be of type int, got 'abc' (str)")


def test_unknown_option_warns_without_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "--server.prot=1", "version")
    assert code == 0
    assert re.search(r"warning: command line --server.prot: unknown option 'prot' in \[server\]; "
                     r"valid options: address, .*port", err)


def test_run_missing_script(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "run", "nope.py")
    assert code == 1 and "error: no such script: nope.py" in err


def test_run_refuses_without_a_script_runner(capsys: pytest.CaptureFixture[str], isolated: Path) -> None:
    (isolated / "app.py").write_text("")
    code, _, err = run_cli(capsys, "-p", "no:script_runner", "run", "app.py")
    assert code == 1
    assert "no plugin provides script_runner — is it disabled? (blocked by -p no:script_runner)" in err


def test_bad_extra_plugin_is_one_clear_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "-p", "no_such_plugin_mod", "version")
    assert code == 1 and err.startswith("error: plugin 'no_such_plugin_mod'")


def _start(args: list[str], cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KERNEL_")}
    return subprocess.Popen([sys.executable, "-m", "kernel._cli", *args], cwd=cwd, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _wait_for_url(proc: subprocess.Popen[str]) -> str:
    assert proc.stdout is not None
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        match = re.search(r"at (http://\S+)", line)
        if match:
            return match.group(1)
        if proc.poll() is not None:
            raise AssertionError(f"kernel exited early: {proc.stderr.read() if proc.stderr else ''}")
    raise AssertionError("kernel did not print its URL")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_run_serves_until_signalled_then_exits_zero(isolated: Path, sig: signal.Signals) -> None:
    (isolated / "app.py").write_text("from kernel import st\nst.text('hi')\n")
    proc = _start(["run", "app.py", "--server.port=0"], isolated)
    try:
        url = _wait_for_url(proc)
        with urllib.request.urlopen(url + "_kernel/health", timeout=5) as response:
            assert response.status == 200
        proc.send_signal(sig)
        assert proc.wait(timeout=60) == 0  # a deadline for a loaded machine, not a timing
    finally:
        proc.kill()
        proc.communicate()


def test_hello_starts(isolated: Path) -> None:
    proc = _start(["hello", "--server.port=0"], isolated)
    try:
        url = _wait_for_url(proc)
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
            assert response.headers["content-type"].startswith("text/html")
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()
        proc.communicate()


def test_a_served_script_collects_young_objects_less_often(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # kernel run raises the generation-0 threshold once the server listens (the older
    # generations' thresholds kept); nothing else in the process changes it.
    import gc
    import types

    import kernel._lifecycle
    from kernel import _cli

    thresholds: list[tuple[int, int, int]] = []

    def fake_run_app(app: object, on_ready: object) -> int:
        assert callable(on_ready)
        on_ready(types.SimpleNamespace(url="http://127.0.0.1:1/"))
        thresholds.append(gc.get_threshold())
        return 0

    monkeypatch.setattr(kernel._lifecycle, "run_app", fake_run_app)
    monkeypatch.delenv("KERNEL_READY_FD", raising=False)
    app = types.SimpleNamespace(script_path=None, pm=types.SimpleNamespace(check_components=lambda required: None))
    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 11, 12)
        assert _cli.run_script(app, tmp_path / "app.py") == 0  # type: ignore[arg-type]
    finally:
        gc.set_threshold(*before)
    assert thresholds == [(_cli.SERVING_GEN0_THRESHOLD, 11, 12)] and _cli.SERVING_GEN0_THRESHOLD > 700


@pytest.mark.parametrize("argv", [["run", "app.py", "--workers", "2"], ["run", "--help"], ["config", "show"],
                                  ["config", "show", "--help"], ["plugins", "--json"], ["hello", "--help"],
                                  ["run"], ["version", "extra"], ["restart", "--no-wait"]])
def test_a_parser_built_for_one_command_parses_and_explains_it_as_the_full_one(
        capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    # `kernel run` builds only the parser of the command it was given (start-up time).
    from kernel._app import AppOptions, build_app
    from kernel._cli import build_parser

    app = build_app(AppOptions())
    results = []
    for parser in (build_parser(app), build_parser(app, only=argv[0])):
        try:
            args = vars(parser.parse_args(argv))
            results.append(("args", {k: v for k, v in args.items() if k not in ("_command", "_parser")},
                            args["_command"].name))
        except SystemExit as exit_:
            out, err = capsys.readouterr()
            results.append(("exit", exit_.code, out, err))
    assert results[0] == results[1]
    assert results[0][0] == "args" or results[0][1] in (0, 2)


def test_an_unknown_command_still_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["serve", "app.py"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'serve'" in err and "'run'" in err and "'plugins'" in err and "'hello'" in err

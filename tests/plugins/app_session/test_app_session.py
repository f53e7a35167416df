"""The session: messages from the client, source changes, closing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from kernel import hookimpl
from kernel._app import AppOptions, build_app
from kernel.contracts import AppSession
from kernel.contracts.messages import ClearCache, Heartbeat, Rerun, ScriptFinished, SessionStatus, SetRunOnSave
from kernel_plugins.app_session import DefaultAppSession, HeadlessSession

MakeHeadless = Callable[..., HeadlessSession]


def test_session_satisfies_the_contract(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\n")
    assert isinstance(h.session, AppSession) and isinstance(h.session, DefaultAppSession)


def test_rerun_merges_widget_values_and_keeps_the_trigger_for_one_run(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\n")
    h.run({"a": 1, "b": 2})
    h.run({"b": 3}, trigger="btn")
    assert h.session.widgets.to_dict() == {}  # type: ignore[attr-defined]  # no widget shown: forgotten


def test_widget_values_survive_between_runs(headless: MakeHeadless) -> None:
    h = headless("from kernel import st\nst.text(st.slider('v', 0, 9))\n")
    msgs = h.run()
    wid = next(m.element.props["id"] for m in msgs if getattr(m, "element", None) and m.element.kind == "slider")
    h.run({wid: 4})
    assert h.session.widgets.get(wid) == 4  # type: ignore[attr-defined]
    msgs = h.run()
    assert not [m for m in msgs if getattr(m, "element", None)]  # unchanged page


def test_source_change_prompts_or_reruns(headless: MakeHeadless, tmp_path: Path) -> None:
    h = headless("from kernel import st\nst.text('x')\n")
    h.run()
    h.session.on_source_changed([tmp_path / "app.py"])
    assert h.collect(until_finished=False) == [SessionStatus(run_on_save=False, source_changed=True)]
    h.send(SetRunOnSave(True))
    msgs = h.collect()
    assert msgs[0] == SessionStatus(run_on_save=True, source_changed=False)
    assert any(isinstance(m, ScriptFinished) for m in msgs)
    h.session.on_source_changed([tmp_path / "app.py"])
    assert any(isinstance(m, ScriptFinished) for m in h.collect())


def test_run_on_save_from_config(headless: MakeHeadless, tmp_path: Path) -> None:
    h = headless("from kernel import st\n", **{"server.run_on_save": "true"})
    assert h.session.run_on_save is True  # type: ignore[attr-defined]


def test_clear_cache_asks_every_plugin_to_clear_its_caches(tmp_path: Path) -> None:
    cleared: list[str] = []

    class Plugin:
        @hookimpl
        def kernel_clear_caches(self) -> None:
            cleared.append("thumbnails")

    class Broken:
        @hookimpl
        def kernel_clear_caches(self) -> None:
            raise RuntimeError("cache server gone")

    script = tmp_path / "app.py"
    script.write_text("")
    app = build_app(AppOptions(script_path=script, plugin_args=("no:caching",), plugins=[(Plugin(), "thumbs")],
                               cwd=tmp_path, home=tmp_path, environ={}))
    h = HeadlessSession(app)
    h.send(ClearCache())
    h.send(Heartbeat())
    assert cleared == ["thumbnails"]
    h.close()
    app.pm.register(Broken(), "broken")
    h = HeadlessSession(app)
    h.send(ClearCache())  # logged, the session carries on
    assert not h.session.closed
    h.close()


def test_close_stops_the_script_and_fires_the_hook(tmp_path: Path) -> None:
    closed: list[Any] = []

    class Observer:
        @hookimpl
        def kernel_session_closed(self, session: AppSession, reason: str) -> None:
            closed.append((session.id, reason))

    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nimport time\nwhile True:\n    st.empty()\n    time.sleep(0.001)\n")
    app = build_app(AppOptions(script_path=script, plugins=[(Observer(), "observer")], cwd=tmp_path, home=tmp_path,
                               environ={}))
    h = HeadlessSession(app)
    h.send(Rerun())
    h.session.close("test")
    h.session.close("again")
    assert closed == [(h.session.id, "test")]
    assert not h.session.runner.is_running  # type: ignore[attr-defined]
    h.send(Rerun())  # a closed session does not run again
    assert not h.session.runner.is_running  # type: ignore[attr-defined]

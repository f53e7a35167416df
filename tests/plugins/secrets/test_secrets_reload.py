"""A changed secrets file is picked up by the next run, and observers are told."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kernel import hookimpl
from kernel._app import KernelApp
from kernel.contracts import SecretSourceError
from kernel.contracts.messages import Delta
from kernel_plugins.secrets_api import secrets_of

if TYPE_CHECKING:
    from tests.plugins.secrets.conftest import Dirs, MakeApp


class Observer:
    """Counts kernel_secrets_changed calls."""

    def __init__(self) -> None:
        self.calls: list[KernelApp] = []

    @hookimpl
    def kernel_secrets_changed(self, app: KernelApp) -> None:
        self.calls.append(app)


def _rewrite(path: Path, text: str) -> None:
    """Write new content and move the mtime forward, so coarse clocks see a change."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


def test_reload_if_changed_is_cheap_and_false_when_nothing_changed(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    secrets: Any = secrets_of(make_app())
    assert secrets.reload_if_changed() is False  # not loaded yet: nothing to reload
    assert not secrets.loaded
    assert secrets.k == "one"
    assert secrets.reload_if_changed() is False


def test_changed_created_and_deleted_files_reload(dirs: Dirs, make_app: MakeApp) -> None:
    project = dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    secrets: Any = secrets_of(make_app())
    assert secrets.k == "one"

    _rewrite(project, 'k = "two"\n')
    assert secrets.reload_if_changed() is True
    assert secrets.k == "two"

    dirs.write(".kernel/secrets.toml", 'k = "global"\nglobal_only = "g"\n', base="home")
    assert secrets.reload_if_changed() is True
    assert (secrets.k, secrets.global_only) == ("two", "g")

    project.unlink()
    assert secrets.reload_if_changed() is True
    assert secrets.k == "global"


def test_reload_removes_exported_variables_that_went_away(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'gone_soon = "value-1"\nstays = "s"\n')
    secrets: Any = secrets_of(make_app())
    secrets.get("stays")
    assert os.environ["gone_soon"] == "value-1"
    _rewrite(path, 'stays = "s2"\n')
    secrets.reload_if_changed()
    assert "gone_soon" not in os.environ and os.environ["stays"] == "s2"


def test_invalid_file_on_reload_fails_until_fixed(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    secrets: Any = secrets_of(make_app())
    assert secrets.k == "one"
    _rewrite(path, "k = \n")
    assert secrets.reload_if_changed() is True
    with pytest.raises(SecretSourceError, match=rf"^{path}:1:5: invalid TOML"):
        _ = secrets.k
    _rewrite(path, 'k = "fixed"\n')
    assert secrets.reload_if_changed() is True
    assert secrets.k == "fixed"


def test_next_run_sees_the_change_and_observers_are_told(
    dirs: Dirs, make_app: MakeApp, run_once: Callable[[Any], list[Any]]
) -> None:
    path = dirs.write(".kernel/secrets.toml", 'greeting = "hello-1"\n')
    script = dirs.write("app.py", "from kernel import st\nst.text(st.secrets.greeting)\n")
    observer = Observer()
    app = make_app(script=script, plugins=((observer, "observer"),))
    session = app.make("app_session", session_id="s1")
    try:

        def shown() -> list[str]:
            return [m.element.props["body"] for m in run_once(session) if isinstance(m, Delta)]

        assert shown() == ["hello-1"]
        # Unchanged secrets: the identical element is not re-sent to the browser.
        assert shown() == [] and observer.calls == []
        _rewrite(path, 'greeting = "hello-2"\n')
        assert shown() == ["hello-2"]
        assert observer.calls == [app]
    finally:
        session.close("test")


def test_source_changed_event_reloads_and_tells_observers(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    observer = Observer()
    app = make_app(plugins=((observer, "observer"),))
    secrets: Any = secrets_of(app)
    assert secrets.k == "one"
    app.hook.kernel_source_changed(app=app, paths=[dirs.cwd / "app.py"])
    _join_reload_threads()
    assert observer.calls == []
    _rewrite(path, 'k = "two"\n')
    app.hook.kernel_source_changed(app=app, paths=[path])
    _join_reload_threads()
    assert observer.calls == [app] and secrets.k == "two"


class SlowSource:
    """A source whose reload waits until the test lets it go (a vault command, say)."""

    name = "slow command"
    priority = 500

    def __init__(self, watched: Path) -> None:
        self.watched = watched
        self.release = threading.Event()
        self.loads = 0

    def load(self) -> dict[str, Any]:
        self.loads += 1
        if self.loads > 1:
            self.release.wait(10)
        return {"token": f"t{self.loads}"}

    def watch_paths(self) -> list[Path]:
        return [self.watched]


def test_source_changed_does_not_wait_for_a_slow_source(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    slow = SlowSource(path)

    class Plugin:
        @hookimpl
        def kernel_register_secret_sources(self) -> list[SlowSource]:
            return [slow]

    observer = Observer()
    app = make_app(plugins=((Plugin(), "slow"), (observer, "observer")))
    secrets: Any = secrets_of(app)
    assert secrets.token == "t1"
    _rewrite(path, 'k = "two"\n')
    app.hook.kernel_source_changed(app=app, paths=[path])  # the trio thread: must come back at once
    assert slow.release.is_set() is False and observer.calls == []
    slow.release.set()
    _join_reload_threads()
    assert observer.calls == [app] and secrets.token == "t2" and secrets.k == "two"


def test_source_changed_before_any_access_reads_nothing(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'k = "one"\n')
    observer = Observer()
    app = make_app(plugins=((observer, "observer"),))
    app.hook.kernel_source_changed(app=app, paths=[path])
    assert not [t for t in threading.enumerate() if t.name == "kernel-secrets-reload"]
    assert observer.calls == []


def _join_reload_threads() -> None:
    for thread in threading.enumerate():
        if thread.name == "kernel-secrets-reload":
            thread.join(10)

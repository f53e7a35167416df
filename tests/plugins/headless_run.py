"""Run a script headless and look at what it sent: the harness of the element plugin tests."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs

from kernel._app import AppOptions, KernelApp, build_app
from kernel.contracts.messages import Delta, ForwardMsg
from kernel_plugins.app_session._headless import HeadlessSession


class Props(dict[str, Any]):
    """An element's props; a prop left out of the message (its value was None) reads as None."""

    def __missing__(self, key: str) -> None:
        return None


@attrs.define
class Ran:
    """The messages of one finished run, with helpers to find elements."""

    msgs: list[ForwardMsg]
    app: KernelApp
    session: HeadlessSession

    @property
    def deltas(self) -> list[Delta]:
        return [m for m in self.msgs if isinstance(m, Delta)]

    def kinds(self) -> list[str]:
        return [d.element.kind for d in self.deltas]

    def props(self, kind: str) -> list[dict[str, Any]]:
        return [Props(d.element.props) for d in self.deltas if d.element.kind == kind]

    def one(self, kind: str) -> dict[str, Any]:
        found = self.props(kind)
        assert len(found) == 1, f"expected one {kind!r} element, got kinds {self.kinds()}"
        return found[0]

    def error(self) -> dict[str, Any]:
        """The exception element the run ended with."""
        return self.props("exception")[-1]

    def rerun(self) -> Ran:
        return Ran(self.session.run(), self.app, self.session)


RunScript = Callable[..., Ran]


@contextmanager
def script_runner(tmp_path: Path) -> Iterator[RunScript]:
    """``run(source)`` runs ``source`` as app.py in a headless session and returns what it sent."""
    sessions: list[HeadlessSession] = []

    def run(source: str, **config: str) -> Ran:
        script = tmp_path / "app.py"
        script.write_text(textwrap.dedent(source))
        app = build_app(AppOptions(script_path=script, config_options=dict(config), cwd=tmp_path, home=tmp_path,
                                   environ={}))
        session = HeadlessSession(app)
        sessions.append(session)
        return Ran(session.run(timeout=30), app, session)

    try:
        yield run
    finally:
        for session in sessions:
            session.close()

"""Clear errors from ``st.connection``, never showing a password (in the page or in the logs)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from kernel.testing import AppTest

pytest.importorskip("sqlalchemy")

PASSWORD = "Pw-s3cret-42"


def _run(source: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
         secrets: dict[str, object] | None = None) -> str:  # fmt: skip
    """Run the app; return the exception's message, after checking the password leaked nowhere."""
    caplog.set_level(logging.DEBUG)
    at = AppTest.from_string(source)
    if secrets is not None:
        at.secrets["connections"] = secrets
    at.run()
    assert at.exception, "the app should have failed"
    shown = at.exception[0]
    everything = " ".join([shown.message, shown.value, *shown.stack_trace, caplog.text])
    assert PASSWORD not in everything
    return str(shown.message)


def test_missing_driver_names_the_package_to_install(monkeypatch: pytest.MonkeyPatch,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(__import__("sys").modules, "pymysql", None)  # as if PyMySQL were not installed
    message = _run("from kernel import st\nst.connection('shop')", monkeypatch, caplog,
                   {"shop": {"type": "sql", "url": f"mysql+pymysql://app:{PASSWORD}@127.0.0.1:3306/shop"}})
    assert "'pymysql'" in message
    assert "pip install PyMySQL" in message


def test_missing_driver_from_url_parts(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setitem(__import__("sys").modules, "psycopg2", None)
    # (The page masks every value of the secrets, so the names shown come from the arguments here.)
    message = _run("from kernel import st\nst.connection('pg', type='sql', dialect='postgresql', driver='psycopg2')",
                   monkeypatch, caplog, {"pg": {"username": "app", "password": PASSWORD, "host": "127.0.0.1"}})
    assert "pip install psycopg2-binary" in message


def test_bad_url(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('shop', type='sql')", monkeypatch, caplog,
                   {"shop": {"url": f"postgresql://app:{PASSWORD}@db.example:port/shop"}})
    assert "is not a database URL" in message
    assert "dialect+driver://username:" in message and "@host:port/database" in message


def test_unparseable_url_given_as_an_argument(monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    message = _run(f"from kernel import st\nst.connection('shop', type='sql', url='not a url {PASSWORD}')",
                   monkeypatch, caplog)
    assert "is not a database URL" in message


def test_unknown_dialect(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run(f"from kernel import st\nst.connection('x', type='sql', url='nosuchdb://app:{PASSWORD}@h/d')",
                   monkeypatch, caplog)
    assert "no SQLAlchemy dialect is installed for 'nosuchdb'" in message
    assert "nosuchdb://app:***@h/d" in message


def test_failed_connection_with_a_password_given_as_argument(monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture,
                                                             tmp_path: Path) -> None:
    """The password is not in secrets (unknown to their redactor): the connections plugin masks it."""
    pytest.importorskip("pandas")
    source = (
        "from kernel import st\n"
        f"conn = st.connection('pg', type='sql', url='sqlite:///{tmp_path}/db.sqlite', password_note='{PASSWORD}')\n"
    )
    message = _run(source, monkeypatch, caplog)
    assert "create_engine refused the settings" in message
    source = (
        "from kernel import st\n"
        f"conn = st.connection('pg', type='sql', url='sqlite:///{tmp_path}/db.sqlite')\n"
        f"raise RuntimeError('the url was postgresql://me:{PASSWORD}@h/db')\n"
    )
    message = _run(source, monkeypatch, caplog)
    assert "postgresql://me:***@h/db" in message


def test_both_url_and_parts(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('shop', type='sql')", monkeypatch, caplog,
                   {"shop": {"url": "sqlite://", "host": "db", "password": PASSWORD}})
    assert "both url and host, password are set" in message


def test_parts_without_dialect(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('shop', type='sql')", monkeypatch, caplog,
                   {"shop": {"host": "db", "username": "app", "password": PASSWORD}})
    assert "neither url nor dialect" in message
    assert "[connections.shop]" in message


def test_unknown_type(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('shop', type='mongo')", monkeypatch, caplog)
    assert "unknown connection type 'mongo'" in message
    assert "Known types: " in message and "sql" in message


def test_no_type_for_a_name(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('warehouse')", monkeypatch, caplog)
    assert "cannot tell which type of connection to make" in message
    assert "[connections.warehouse]" in message


def test_type_import_path_missing_module(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('x', type='no_such_pkg.conn.Thing')", monkeypatch, caplog)
    assert "no module named 'no_such_pkg'" in message


def test_type_that_is_not_a_connection(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    message = _run("from kernel import st\nst.connection('x', type=dict)", monkeypatch, caplog)
    assert "not a subclass of st.connections.BaseConnection" in message

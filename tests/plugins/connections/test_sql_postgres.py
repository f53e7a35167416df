"""``st.connection("sql")`` against a real PostgreSQL server started by the test (Debian's package)."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from kernel.testing import AppTest
from tests.plugins.connections.postgres_server import PostgresServer, postgres_server, why_not_available

pytest.importorskip("sqlalchemy")
pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def pg() -> Iterator[PostgresServer]:
    reason = why_not_available()
    if reason is not None:
        pytest.skip(reason)
    with postgres_server() as server:
        with server.connect() as conn:
            conn.execute("create table fruit (name text primary key, price numeric)")
            conn.execute("insert into fruit values ('apple', 1.5), ('pear', 2.0), ('plum', 0.5)")
        yield server


def _secrets(pg: PostgresServer, **changes: object) -> dict[str, object]:
    """[connections.pg] as parts: the password has a slash and an accent, which a URL would need quoted."""
    section: dict[str, object] = {"type": "sql", "dialect": "postgresql", "driver": "psycopg", "host": pg.host,
                                  "port": pg.port, "username": pg.user, "password": pg.password,
                                  "database": pg.database}
    section.update(changes)
    return {"pg": section}


APP = """
from kernel import st
conn = st.connection("pg")
ttl = st.session_state.get("ttl")
df = conn.query("select name from fruit where price > :low order by name", params={"low": 1}, ttl=ttl)
st.markdown(",".join(df["name"]))
st.markdown(conn.driver)
"""


def test_query_session_and_cache_against_postgres(pg: PostgresServer) -> None:
    at = AppTest.from_string(APP)
    at.secrets["connections"] = _secrets(pg)
    at.session_state["ttl"] = 0.5
    at.run()
    assert not at.exception
    assert at.markdown.values == ["apple,pear", "psycopg"]
    with pg.connect() as conn:
        conn.execute("insert into fruit values ('fig', 3)")
    try:
        at.run()
        assert at.markdown.values[0] == "apple,pear"  # within the ttl: not asked again
        time.sleep(0.6)
        at.run()
        assert at.markdown.values[0] == "apple,fig,pear"  # after the ttl: asked again
    finally:
        with pg.connect() as conn:
            conn.execute("delete from fruit where name = 'fig'")


def test_writes_through_the_session_and_a_url(pg: PostgresServer) -> None:
    from sqlalchemy.engine import URL

    url = URL.create("postgresql+psycopg", username=pg.user, password=pg.password, host=pg.host, port=pg.port,
                     database=pg.database).render_as_string(hide_password=False)
    at = AppTest.from_string("""
from kernel import st
from sqlalchemy import text
conn = st.connection("pgurl", type="sql")
with conn.session as session:
    session.execute(text("create table if not exists notes (body text)"))
    session.execute(text("insert into notes values (:b)"), {"b": "hello"})
    session.commit()
st.markdown(conn.query("select body from notes", ttl=0)["body"][0])
""")
    at.secrets["connections"] = {"pgurl": {"url": url}}
    at.run()
    assert not at.exception
    assert at.markdown.values == ["hello"]


def test_wrong_password_fails_without_showing_it(pg: PostgresServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Wr0ng-pass-77"
    at = AppTest.from_string(f"""
from kernel import st
conn = st.connection("pg", type="sql", password={wrong!r})
conn.query("select 1")
""")
    at.secrets["connections"] = _secrets(pg)
    at.run()
    assert at.exception
    shown = at.exception[0]
    assert "password authentication failed" in shown.message
    for text in (shown.message, " ".join(shown.stack_trace), caplog.text):
        assert wrong not in text
        assert pg.password not in text

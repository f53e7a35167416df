"""``st.connection("sql")`` against SQLite: no server, no set-up."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from kernel.testing import AppTest

pytest.importorskip("sqlalchemy")
pytest.importorskip("pandas")


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as db:
        db.execute("create table fruit (name text primary key, price real)")
        db.executemany("insert into fruit values (?, ?)", [("apple", 1.5), ("pear", 2.0), ("plum", 0.5)])
    return path


def _add_fruit(path: Path, name: str, price: float) -> None:
    with sqlite3.connect(path) as db:
        db.execute("insert into fruit values (?, ?)", (name, price))


def _app(tmp_path: Path, source: str, url: str | None = None) -> AppTest:
    at = AppTest.from_string(source)
    if url is not None:
        at.secrets["connections"] = {"shop": {"url": url}}
    return at


QUERY_APP = """
from kernel import st
conn = st.connection("shop", type="sql")
ttl = st.session_state.get("ttl")
df = conn.query("select name, price from fruit where price > :low order by name", params={"low": 1.0}, ttl=ttl)
st.markdown(",".join(df["name"]))
st.markdown(type(df).__name__)
"""


def test_query_returns_a_dataframe_from_the_secrets_url(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, QUERY_APP, f"sqlite:///{path}").run()
    assert not at.exception
    assert at.markdown.values == ["apple,pear", "DataFrame"]


def test_a_second_query_is_served_from_the_cache(tmp_path: Path) -> None:
    """Within the cache's life the database is not asked again: a row added behind its back does not show."""
    path = _database(tmp_path)
    at = _app(tmp_path, QUERY_APP, f"sqlite:///{path}").run()
    assert at.markdown.values[0] == "apple,pear"
    _add_fruit(path, "fig", 3.0)
    at.run()
    assert at.markdown.values[0] == "apple,pear"


def test_after_the_ttl_the_query_asks_the_database_again(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, QUERY_APP, f"sqlite:///{path}")
    at.session_state["ttl"] = 0.5
    at.run()
    assert at.markdown.values[0] == "apple,pear"
    _add_fruit(path, "fig", 3.0)
    at.run()
    assert at.markdown.values[0] == "apple,pear"  # within the ttl: cached
    time.sleep(0.6)
    at.run()
    assert at.markdown.values[0] == "apple,fig,pear"  # expired: asked again


def test_other_params_are_another_cache_entry(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, """
from kernel import st
conn = st.connection("shop", type="sql")
low = st.session_state.get("low", 1.0)
df = conn.query("select name from fruit where price > :low order by name", params={"low": low})
st.markdown(",".join(df["name"]))
""", f"sqlite:///{path}").run()
    assert at.markdown.values == ["apple,pear"]
    at.session_state["low"] = 0.0
    at.run()
    assert at.markdown.values == ["apple,pear,plum"]


def test_index_col_chunksize_session_connect_engine_driver(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, """
from kernel import st
from sqlalchemy import text
conn = st.connection("shop", type="sql")
with conn.session as session:
    session.execute(text("insert into fruit values ('kiwi', 4.0)"))
    session.commit()
with conn.connect() as c:
    st.markdown(str(c.execute(text("select count(*) from fruit")).scalar()))
by_name = conn.query("select name, price from fruit", index_col="name")
st.markdown(str(by_name.loc["kiwi", "price"]))
chunked = conn.query("select name from fruit order by name", chunksize=2)
st.markdown(",".join(chunked["name"]))
st.markdown(conn.driver + " " + conn.engine.dialect.name)
""", f"sqlite:///{path}").run()
    assert not at.exception
    assert at.markdown.values == ["4", "4.0", "apple,kiwi,pear,plum", "pysqlite sqlite"]


def test_url_parts_from_secrets_and_kwargs_override_them(tmp_path: Path) -> None:
    path = _database(tmp_path)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("create table fruit (name text, price real)")
        db.execute("insert into fruit values ('lime', 9.0)")
    at = AppTest.from_string(f"""
from kernel import st
a = st.connection("shop")
b = st.connection("shop", database={str(other)!r})
st.markdown(",".join(a.query("select name from fruit order by name")["name"]))
st.markdown(",".join(b.query("select name from fruit order by name")["name"]))
""")
    at.secrets["connections"] = {"shop": {"type": "sql", "dialect": "sqlite", "database": str(path),
                                          "create_engine_params": {"echo": False}}}
    at.run()
    assert not at.exception
    assert at.markdown.values == ["apple,pear,plum", "lime"]


def test_connections_are_shared_per_name_type_and_kwargs(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, """
from kernel import st
a = st.connection("shop", type="sql")
b = st.connection("shop", type="sql")
c = st.connection("shop", type="sql", pool_pre_ping=True)
st.session_state.setdefault("first", a)
st.markdown(f"{a is b} {a is c} {a is st.session_state.first}")
""", f"sqlite:///{path}").run()
    at.run()
    assert at.markdown.values == ["True False True"]


def test_reset_makes_a_new_engine(tmp_path: Path) -> None:
    path = _database(tmp_path)
    at = _app(tmp_path, """
from kernel import st
conn = st.connection("shop", type="sql")
before = conn.engine
conn.reset()
after = conn.engine
st.markdown(f"{before is after} {len(conn.query('select * from fruit', ttl=0))}")
""", f"sqlite:///{path}").run()
    assert not at.exception
    assert at.markdown.values == ["False 3"]


def test_embedded_sqlite_needs_no_setup(caplog: pytest.LogCaptureFixture) -> None:
    at = AppTest.from_string("""
from kernel import st
from sqlalchemy import text
conn = st.connection("sql")
with conn.session as s:
    s.execute(text("create table if not exists notes (body text)"))
    s.execute(text("insert into notes values ('hello')"))
    s.commit()
st.markdown(conn.query("select body from notes", ttl=0)["body"][0])
st.markdown(str(conn.engine.url))
""").run()
    assert not at.exception
    assert at.markdown.values == ["hello", "sqlite://"]
    assert "embedded in-memory SQLite" in caplog.text
    assert 'url = "sqlite:///app.db"' in caplog.text

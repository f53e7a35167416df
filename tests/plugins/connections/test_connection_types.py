"""``type=`` as a class, an import path, a registered entry point or from secrets; ``BaseConnection``."""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from kernel.testing import AppTest

DESCRIBE = """
from kernel import st
conn = st.connection("counter", {type_arg})
st.markdown(conn.describe())
"""


def _describe(type_arg: str, secrets: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_string(DESCRIBE.format(type_arg=type_arg))
    if secrets is not None:
        at.secrets["connections"] = {"counter": secrets}
    return at.run()


def test_type_as_a_class() -> None:
    at = AppTest.from_string("""
from kernel import st
from tests.plugins.connections.fake_connection import CounterConnection
conn = st.connection("counter", type=CounterConnection, greeting="hi")
st.markdown(conn.describe())
st.markdown(str(isinstance(conn, st.connections.BaseConnection)))
""").run()
    assert not at.exception
    assert at.markdown.values[0].startswith("CounterConnection counter #")
    assert at.markdown.values[0].endswith(" hi")
    assert at.markdown.values[1] == "True"


def test_type_as_an_import_path_and_secrets_merged_with_kwargs() -> None:
    at = _describe("type='tests.plugins.connections.fake_connection.CounterConnection'", {"greeting": "hello"})
    assert not at.exception
    assert at.markdown.values[0].endswith(" hello")
    at = _describe("type='tests.plugins.connections.fake_connection:CounterConnection', greeting='kw'",
                   {"greeting": "hello"})
    assert at.markdown.values[0].endswith(" kw")


def test_type_from_the_secrets_section() -> None:
    at = _describe("", {"type": "tests.plugins.connections.fake_connection.CounterConnection", "greeting": "s"})
    assert not at.exception
    assert at.markdown.values[0].endswith(" s")


def test_import_path_to_a_class_that_is_not_a_connection() -> None:
    at = _describe("type='tests.plugins.connections.fake_connection.NotAConnection'")
    assert "not a subclass of st.connections.BaseConnection" in at.exception[0].message


@pytest.fixture
def registered_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A distribution registering ``counter-db`` in the ``kernel.connections`` entry-point group."""
    dist = tmp_path / "kernel_counter_db-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: kernel-counter-db\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent("""
        [kernel.connections]
        counter-db = tests.plugins.connections.fake_connection:CounterConnection
        broken-db = no_such_module_for_kernel:Thing
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    return "counter-db"


def test_type_registered_through_an_entry_point(registered_type: str) -> None:
    at = _describe(f"type={registered_type!r}, greeting='ep'")
    assert not at.exception
    assert at.markdown.values[0].endswith(" ep")
    # The name alone finds a registered type, as "sql" finds SQLConnection.
    at = AppTest.from_string(f"""
from kernel import st
st.markdown(st.connection({registered_type!r}).describe())
""").run()
    assert at.markdown.values[0].startswith(f"CounterConnection {registered_type} #")


def test_registered_types_are_listed_and_broken_ones_named(registered_type: str) -> None:
    at = _describe("type='nosuch'")
    message = at.exception[0].message
    assert "unknown connection type 'nosuch'" in message
    assert "broken-db, counter-db, sql" in message
    at = _describe("type='broken-db'")
    message = at.exception[0].message
    assert "'broken-db' registered by the distribution 'kernel-counter-db'" in message
    assert "could not be imported" in message


def test_one_object_per_name_type_and_kwargs_for_every_session() -> None:
    source = """
from kernel import st
from tests.plugins.connections.fake_connection import CounterConnection
a = st.connection("counter", type=CounterConnection)
b = st.connection("counter", type=CounterConnection)
c = st.connection("counter", type=CounterConnection, greeting="other")
d = st.connection("counter2", type=CounterConnection)
st.markdown(f"{a is b} {a is c} {a is d} {id(a)}")
"""
    at = AppTest.from_string(source).run()
    first = at.markdown.values[0]
    assert first.startswith("True False False ")
    at.run()
    assert at.markdown.values[0] == first  # the next run gets the same object


def test_reset_makes_a_new_client_and_ttl_a_new_connection() -> None:
    at = AppTest.from_string("""
from kernel import st
from tests.plugins.connections.fake_connection import CounterConnection
conn = st.connection("counter", type=CounterConnection, ttl=st.session_state.get("ttl"))
before = conn._instance.number
if st.session_state.get("reset"):
    conn.reset()
st.markdown(f"{before} {conn._instance.number} {id(conn)}")
""")
    at.session_state["reset"] = True
    at.run()
    before, after, ident = at.markdown.values[0].split()
    assert int(after) > int(before)
    at.session_state["reset"] = False
    at.session_state["ttl"] = 0.3
    at.run()
    ident_ttl = at.markdown.values[0].split()[2]
    at.run()
    assert at.markdown.values[0].split()[2] == ident_ttl  # within the ttl: the same object
    time.sleep(0.4)
    at.run()
    assert at.markdown.values[0].split()[2] != ident_ttl  # expired: made again


def test_a_changed_secrets_file_resets_the_connections_of_its_section(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[connections.counter]\ngreeting = "one"\n[connections.other]\ngreeting = "x"\n')
    script = tmp_path / "app.py"
    script.write_text("""
from kernel import st
from tests.plugins.connections.fake_connection import CounterConnection
st.markdown(st.connection("counter", type=CounterConnection).describe())
st.markdown(st.connection("other", type=CounterConnection).describe())
""")
    at = AppTest(script, config_options={"secrets.files": f'["{secrets}"]'}).run()
    assert not at.exception
    counter, other = at.markdown.values
    assert counter.endswith(" one")
    time.sleep(0.05)
    secrets.write_text('[connections.counter]\ngreeting = "two"\n[connections.other]\ngreeting = "x"\n')
    at.run()
    assert at.markdown.values[0].endswith(" two")
    assert at.markdown.values[0] != counter.replace("one", "two")  # a new client
    assert at.markdown.values[1] == other  # its section did not change: same client


def test_st_connections_namespace() -> None:
    at = AppTest.from_string("""
from kernel import st
st.markdown(st.connections.SQLConnection.__name__ + " " + st.connections.BaseConnection.__name__)
try:
    st.connections.SnowflakeConnection
except AttributeError as exc:
    st.markdown(str(exc))
""").run()
    assert at.markdown.values[0] == "SQLConnection BaseConnection"
    assert "kernel provides BaseConnection and SQLConnection" in at.markdown.values[1]


def test_a_streamlit_app_imports_the_connection_classes() -> None:
    at = AppTest.from_string("""
import streamlit as st
from streamlit.connections import BaseConnection, SQLConnection
conn = st.connection("sql", type=SQLConnection)
st.markdown(f"{isinstance(conn, BaseConnection)} {type(conn).__name__} {conn.query('select 7 as n', ttl=0)['n'][0]}")
""").run()
    assert not at.exception
    assert at.markdown.values == ["True SQLConnection 7"]

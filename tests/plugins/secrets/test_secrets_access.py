"""How a script reads st.secrets, and what it is told when something is missing."""

from __future__ import annotations

import copy
import os
import pickle
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kernel import hookimpl
from kernel._app import KernelApp
from kernel.contracts import SecretKeyError, Secrets, SecretSource, SecretSourceError
from kernel.contracts.messages import Delta
from kernel_plugins.secrets_api import secrets_of

if TYPE_CHECKING:
    from tests.plugins.secrets.conftest import Dirs, MakeApp

TOML = """\
api_key = "sk-live-abcdef"
port = 5432
ratio = 0.5
debug = true

[db]
user = "admin"
password = "pa55word!"

[db.replica]
host = "replica.internal"

[[servers]]
name = "alpha"

[[servers]]
name = "beta"
"""


@pytest.fixture
def secrets(dirs: Dirs, make_app: MakeApp) -> Secrets:
    dirs.write(".kernel/secrets.toml", TOML)
    return secrets_of(make_app())


def test_key_and_attribute_access_at_every_depth(secrets: Any) -> None:
    assert secrets["api_key"] == secrets.api_key == "sk-live-abcdef"
    assert secrets["db"]["user"] == secrets.db.user == secrets["db"].user == secrets.db["user"] == "admin"
    assert secrets.db.replica.host == secrets["db"]["replica"]["host"] == "replica.internal"
    assert secrets.port == 5432 and secrets.ratio == 0.5 and secrets.debug is True


def test_tables_in_arrays_have_attribute_access_too(secrets: Any) -> None:
    assert [server.name for server in secrets.servers] == ["alpha", "beta"]
    assert secrets["servers"][1]["name"] == "beta"


def test_mapping_api(secrets: Any) -> None:
    assert isinstance(secrets, Mapping) and isinstance(secrets.db, Mapping)
    assert isinstance(secrets, Secrets) and isinstance(secrets.db, Secrets)
    assert "db" in secrets and "user" in secrets.db
    assert "nope" not in secrets and "nope" not in secrets.db and 3 not in secrets
    assert secrets.get("nope") is None and secrets.get("nope", "dflt") == "dflt"
    assert secrets.db.get("user") == "admin" and secrets.db.get("nope", 1) == 1
    assert list(secrets) == ["api_key", "port", "ratio", "debug", "db", "servers"]
    assert list(secrets.keys()) == list(secrets) and len(secrets) == 6
    assert dict(secrets.db.items())["user"] == "admin"
    assert "admin" in list(secrets.db.values())
    assert secrets.db == {"user": "admin", "password": "pa55word!", "replica": {"host": "replica.internal"}}
    assert {**secrets.db.replica} == {"host": "replica.internal"}


def test_to_dict_returns_plain_independent_copies(secrets: Any) -> None:
    plain = secrets.to_dict()
    assert type(plain) is dict and type(plain["db"]) is dict and type(plain["servers"][0]) is dict
    assert plain["db"]["replica"] == {"host": "replica.internal"}
    plain["db"]["user"] = "changed"
    plain["servers"].clear()
    assert secrets.db.user == "admin" and len(secrets.servers) == 2
    assert secrets.db.to_dict() == {"user": "admin", "password": "pa55word!", "replica": {"host": "replica.internal"}}


def test_copies_are_the_same_read_only_object_and_pickles_are_dicts(secrets: Any) -> None:
    db = secrets.db
    assert copy.copy(db) is db and copy.deepcopy(db) is db
    assert copy.deepcopy({"conf": secrets})["conf"] is secrets
    restored = pickle.loads(pickle.dumps(secrets.db))
    assert type(restored) is dict and restored["user"] == "admin"


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s.__setitem__("api_key", "x"),
        lambda s: setattr(s, "api_key", "x"),
        lambda s: s.__delitem__("api_key"),
        lambda s: delattr(s, "api_key"),
        lambda s: s.db.__setitem__("user", "x"),
        lambda s: setattr(s.db, "user", "x"),
        lambda s: delattr(s.db, "user"),
    ],
)
def test_secrets_are_read_only(secrets: Any, mutate: Callable[[Any], None]) -> None:
    with pytest.raises(TypeError, match="st.secrets is read-only"):
        mutate(secrets)
    assert secrets.api_key == "sk-live-abcdef" and secrets.db.user == "admin"


def test_missing_key_names_the_key_and_every_searched_source(secrets: Any, dirs: Dirs) -> None:
    with pytest.raises(KeyError) as info:
        secrets["api_kee"]
    error = info.value
    assert isinstance(error, SecretKeyError)
    message = str(error)
    assert message.startswith("st.secrets has no key \"api_kee\". Did you mean: 'api_key'?")
    assert f"{dirs.home / '.streamlit/secrets.toml'} (not found)" in message
    assert f"{dirs.home / '.kernel/secrets.toml'} (not found)" in message
    assert f"{dirs.cwd / '.kernel/secrets.toml'};" in message
    assert "environment variables KERNEL_SECRET_*" in message
    for value in ("sk-live-abcdef", "admin", "pa55word!", "replica.internal"):
        assert value not in message


def test_missing_nested_key_names_the_full_path(secrets: Any) -> None:
    with pytest.raises(SecretKeyError, match=r'^st.secrets has no key "db.replica.hots". Did you mean: \'host\'\?'):
        secrets.db.replica["hots"]
    with pytest.raises(
        AttributeError, match=r'^st.secrets has no attribute "db.pasword". Did you mean: \'password\'\?'
    ):
        _ = secrets.db.pasword
    with pytest.raises(AttributeError, match='^st.secrets has no attribute "nothing_like_it". Searched'):
        _ = secrets.nothing_like_it


def test_private_and_dunder_names_are_plain_attribute_errors(secrets: Any) -> None:
    with pytest.raises(AttributeError):
        _ = secrets.__deepcopy_me__
    with pytest.raises(AttributeError):
        _ = secrets._something


def test_no_secrets_at_all_says_so_and_where_it_looked(dirs: Dirs, make_app: MakeApp) -> None:
    secrets = secrets_of(make_app())
    assert len(secrets) == 0 and secrets.get("token", "fallback") == "fallback"
    with pytest.raises(SecretKeyError) as info:
        secrets["token"]
    message = str(info.value)
    assert 'st.secrets has no key "token": no secrets were found.' in message
    assert str(dirs.cwd / ".kernel/secrets.toml") + " (not found)" in message
    assert "e.g. .kernel/secrets.toml in the app's folder" in message


def test_invalid_toml_fails_on_access_with_file_line_and_column(dirs: Dirs, make_app: MakeApp) -> None:
    path = dirs.write(".kernel/secrets.toml", 'ok = "fine-value"\n[db]\npassword = "unterminated\n')
    secrets = secrets_of(make_app())
    for access in (lambda: secrets["ok"], lambda: secrets.ok, lambda: "ok" in secrets, lambda: len(secrets)):
        with pytest.raises(SecretSourceError, match=rf"^{path}:3:\d+: invalid TOML: ") as info:
            access()
        assert "fine-value" not in str(info.value) and "unterminated" not in str(info.value)


def test_root_strings_and_numbers_are_exported_to_the_environment(secrets: Any) -> None:
    assert "api_key" not in os.environ  # nothing happens before first use
    secrets.get("api_key")
    assert os.environ["api_key"] == "sk-live-abcdef"
    assert os.environ["port"] == "5432" and os.environ["ratio"] == "0.5"
    assert "debug" not in os.environ and "db" not in os.environ and "servers" not in os.environ


class _CountingSource:
    name = "counting"
    priority = 1

    def __init__(self) -> None:
        self.loads = 0

    def load(self) -> Mapping[str, Any]:
        self.loads += 1
        return {"k": "value"}

    def watch_paths(self) -> Sequence[Path]:
        return []


def test_concurrent_first_use_loads_once(make_app: MakeApp) -> None:
    source = _CountingSource()

    class Plugin:
        @hookimpl
        def kernel_register_secret_sources(self, app: KernelApp) -> Sequence[SecretSource]:
            return [source]

    app = make_app(plugins=((Plugin(), "counting"),))
    results: list[str] = []
    barrier = threading.Barrier(8)

    def use() -> None:
        barrier.wait()
        results.append(secrets_of(app)["k"])

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["value"] * 8 and source.loads == 1


def test_a_failing_third_party_source_is_named(make_app: MakeApp) -> None:
    class Broken:
        name = "vault at vault.internal"
        priority = 5

        def load(self) -> Mapping[str, Any]:
            raise ConnectionError("connection refused")

        def watch_paths(self) -> Sequence[Path]:
            return []

    class Plugin:
        @hookimpl
        def kernel_register_secret_sources(self) -> Sequence[SecretSource]:
            return [Broken()]

    secrets = secrets_of(make_app(plugins=((Plugin(), "broken"),)))
    with pytest.raises(
        SecretSourceError, match="secret source 'vault at vault.internal' failed: ConnectionError: connection refused"
    ):
        secrets["k"]


def test_st_secrets_in_a_running_script(dirs: Dirs, make_app: MakeApp, run_once: Callable[[Any], list[Any]]) -> None:
    dirs.write(".kernel/secrets.toml", '[db]\nuser = "script-user"\n[[servers]]\nname = "alpha"\n')
    script = dirs.write(
        "app.py",
        "import os\n"
        "from kernel import st\n"
        "st.text(st.secrets.db.user)\n"
        "st.text(st.secrets['db']['user'])\n"
        "st.text('db' in st.secrets)\n"
        "st.text(st.secrets.get('missing', 'default'))\n"
        "st.text(st.secrets.servers[0].name)\n"
        "st.text(sorted(st.secrets.to_dict()))\n",
    )
    app = make_app(script=script)
    session = app.make("app_session", session_id="s1")
    try:
        msgs = run_once(session)
    finally:
        session.close("test")
    bodies = [m.element.props["body"] for m in msgs if isinstance(m, Delta)]
    assert bodies == ["script-user", "script-user", "True", "default", "alpha", "['db', 'servers']"]

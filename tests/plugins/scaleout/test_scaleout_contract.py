"""The scale-out contract's helpers: resume tokens, the value codec, decoding a snapshot."""

from __future__ import annotations

import secrets
import threading

import pytest

from kernel.contracts.scaleout import (
    WIDGETS_KEY,
    ResumeTokens,
    StateCodec,
    UnpicklableValue,
    snapshot_from_entries,
)
from kernel.contracts.signed_values import ValueSigner

KEY = b"k" * 32


def test_a_token_names_its_session_and_only_this_key_verifies_it() -> None:
    tokens = ResumeTokens(KEY)
    sid = secrets.token_hex(16)
    token = tokens.issue(sid)
    assert tokens.verify(token) == sid
    assert ResumeTokens(b"x" * 32).verify(token) is None
    mac = token.split(".")[1]
    for forged in [sid, f"{sid}.", f"{sid}.{mac[:-1]}", f"{secrets.token_hex(16)}.{mac}", "", "a.b",
                   token.upper(), f"{sid}.{mac}x"]:
        assert tokens.verify(forged) is None, forged
    with pytest.raises(ValueError, match="32 lower-case hex digits"):
        tokens.issue("not-an-id")


def test_values_verify_before_unpickling_and_only_for_their_session_and_key() -> None:
    codec = StateCodec(ValueSigner(KEY))
    data = codec.encode("s1", "k", {"a": [1, 2]})
    assert codec.decode("s1", "k", data) == {"a": [1, 2]}
    snapshot = snapshot_from_entries(codec, "s1", 3, {"k": data, "moved": data, "other": codec.encode("s2", "other", 1),
                                                      "junk": b"\x80\x05junk"})
    assert snapshot.state == {"k": {"a": [1, 2]}} and snapshot.generation == 3
    assert {d.key for d in snapshot.dropped} == {"moved", "other", "junk"}
    assert all(d.reason.startswith("bad signature") for d in snapshot.dropped)


def test_a_value_that_does_not_pickle_says_which_key_and_what_to_do() -> None:
    with pytest.raises(UnpicklableValue) as info:
        StateCodec(ValueSigner(KEY)).encode("s", "conn", threading.Lock())
    assert info.value.key == "conn" and "lock" in info.value.type_name.lower()
    assert "st.cache_resource" in str(info.value)


def test_the_widget_envelope_restores_widgets_page_and_query() -> None:
    codec = StateCodec(ValueSigner(KEY))
    envelope = codec.encode("s", WIDGETS_KEY, {"widgets": {"w1": 5}, "query_string": "a=1", "page": "two"})
    snapshot = snapshot_from_entries(codec, "s", 1, {WIDGETS_KEY: envelope})
    assert dict(snapshot.widgets) == {"w1": 5} and snapshot.state == {}
    assert (snapshot.query_string, snapshot.page) == ("a=1", "two")


def test_a_backend_no_plugin_provides_stops_start_up_saying_what_to_install(make_app: object) -> None:
    app = make_app(config_options={"scaleout.backend": "redis", "scaleout.secret": "s" * 40},  # type: ignore[operator]
                   plugin_args=("no:scaleout_redis",))
    with pytest.raises(RuntimeError, match=r"no loaded plugin provides that session store: install it"):
        app.hook.kernel_make_session_store(app=app)


def test_turning_it_on_without_a_secret_says_how_to_make_one(make_app: object) -> None:
    app = make_app(config_options={"scaleout.backend": "memory"})  # type: ignore[operator]
    with pytest.raises(ValueError, match="KERNEL_SCALEOUT_SECRET"):
        app.hook.kernel_make_session_store(app=app)

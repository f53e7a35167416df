"""kernel.contracts.session_resources: a resource lives while some session's page shows it."""

from __future__ import annotations

from kernel.contracts.session_resources import SessionResources


def test_a_resource_lives_while_a_session_holds_it() -> None:
    store: SessionResources[bytes] = SessionResources("things")
    store.put("s1", "a", b"one")
    store.put("s2", "a", b"ignored: the first item with an id is kept")
    assert store.get("a") == b"one" and store.holds("s1", "a") and store.holds("s2", "a") and len(store) == 1
    store.session_closed("s1")
    assert store.get("a") == b"one" and not store.holds("s1", "a")
    store.session_closed("s2")
    assert store.get("a") is None and len(store) == 0


def test_a_run_outside_a_script_releases_what_it_did_not_reference() -> None:
    store: SessionResources[str] = SessionResources("things")
    store.put("s1", "a", "x")
    store.run_finished("s1", "rerun")  # an interrupted run keeps everything
    assert store.get("a") == "x"
    store.run_finished("s1", "ok")  # no run context: the run referenced nothing
    assert store.get("a") is None

"""The session state's query string store: a session's query parameters, changed in place and in one step."""

from __future__ import annotations

import threading

from kernel_plugins.session_state._query_string import QueryString


def test_replace_keeps_the_parameters_place_and_the_others() -> None:
    store = QueryString("a=1&b=2&a=3&c=4")
    assert store.replace("a", ["x", "y"]) is True
    assert store.pairs() == [("a", "x"), ("a", "y"), ("b", "2"), ("c", "4")]
    assert store.replace("d", ["5"]) is True  # a new one goes at the end
    assert store.text() == "a=x&a=y&b=2&c=4&d=5"
    assert store.replace("b", []) is True  # no values: gone
    assert store.text() == "a=x&a=y&c=4&d=5"


def test_replace_says_when_nothing_changed() -> None:
    store = QueryString("a=1&b=2")
    assert store.replace("a", ["1"]) is False
    assert store.replace("z", []) is False
    assert store.text() == "a=1&b=2"


def test_replace_does_not_lose_a_concurrent_change_of_another_parameter() -> None:
    """The page's new URL (trio thread) and a script's write (script thread) both survive."""
    store = QueryString()
    go = threading.Barrier(2)

    def write(name: str) -> None:
        go.wait()
        for i in range(2000):
            store.replace(name, [str(i)])

    threads = [threading.Thread(target=write, args=(n,)) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert dict(store.pairs()) == {"a": "1999", "b": "1999"}


def test_report_takes_a_navigation_or_the_first_report_only() -> None:
    store = QueryString()
    assert store.report("a=1", navigation=False) is True  # the session's first report
    store.replace("a", ["2"])  # the server's write
    assert store.report("a=1", navigation=False) is False  # sent before the page saw the write
    assert store.text() == "a=2"
    assert store.report("?a=3&b=", navigation=True) is True
    assert store.pairs() == [("a", "3"), ("b", "")]


def test_matches_compares_parameters_not_spelling() -> None:
    store = QueryString("q=a b&x=1")
    assert store.matches("?q=a+b&x=1") and store.matches("q=a%20b&x=1")
    assert not store.matches("x=1&q=a+b")

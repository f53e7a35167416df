"""st.query_params: dict-like reads and writes, repeated keys, embed keys, sync with the page URL."""

from __future__ import annotations

from pathlib import Path

from kernel._app import AppOptions, build_app
from kernel.contracts.messages import PageInfo, Rerun
from kernel.testing import AppTest
from kernel_plugins.app_session import HeadlessSession


def test_reads_from_the_url() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        qp = st.query_params
        st.text(repr((qp["a"], qp.b, qp.get("c", "none"), qp.get_all("b"), qp.get_all("zz"), "a" in qp,
                      "zz" in qp, list(qp), len(qp), qp.to_dict(), qp["blank"])))
        """
    )
    at.query_params = {"a": "1", "b": ["x", "y"], "blank": "", "embed": "true"}
    at.run()
    assert at.text[0].value == repr(("1", "y", "none", ["x", "y"], [], True, False, ["a", "b", "blank"], 3,
                                     {"a": "1", "b": "y", "blank": ""}, ""))


def test_missing_keys_raise_with_the_documented_messages() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        try:
            st.query_params["nope"]
        except KeyError as exc:
            st.text(exc.args[0])
        try:
            st.query_params.nope
        except AttributeError as exc:
            st.text(exc.args[0])
        """
    ).run()
    assert at.text.values == ['st.query_params has no key "nope".', 'st.query_params has no attribute "nope".']


def test_writes_are_reflected_in_at_query_params() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        qp = st.query_params
        qp["n"] = 5
        qp.lst = [1, 2]
        qp.update({"u": "v"})
        del qp["gone"]
        st.text(repr((qp.n, qp.get_all("lst"))))
        """
    )
    at.query_params["gone"] = "x"
    at.run()
    assert at.text[0].value == "('5', ['1', '2'])"
    assert at.query_params == {"n": "5", "lst": ["1", "2"], "u": "v"}
    # The next run starts from the (changed) URL.
    at.run()
    assert at.query_params["n"] == "5"


def test_clear_and_from_dict_keep_embed_params_and_refuse_bad_values() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        qp = st.query_params
        qp.clear()
        st.text(len(qp))
        qp.from_dict({"a": "1", "b": ["2", "3"]})
        for bad in ({"embed": "false"}, {"k": {"nested": 1}}):
            try:
                qp.from_dict(bad)
            except Exception as exc:
                st.text(type(exc).__name__ + ": " + str(exc))
        """
    )
    at.query_params = {"x": "1", "embed": "true"}
    at.run()
    assert at.text[0].value == "0"
    assert at.text[1].value.startswith("QueryParamsError") and "'embed'" in at.text[1].value
    assert at.text[2].value.startswith("QueryParamsError") and "cannot be a dict" in at.text[2].value
    assert at.query_params == {"embed": "true", "a": "1", "b": ["2", "3"]}


def test_the_page_gets_a_page_info_message_and_its_url_reaches_the_session(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        "from kernel import st\n"
        "st.text(st.query_params.get('q', 'none'))\n"
        "if st.query_params.get('q') == 'ping':\n"
        "    st.query_params.q = 'pong'\n"
    )
    app = build_app(AppOptions(script_path=script, cwd=tmp_path, home=tmp_path, environ={}))
    h = HeadlessSession(app)
    try:
        h.send(Rerun({}, None, query_string="q=ping&z=1"))
        msgs = h.collect()
        infos = [m for m in msgs if isinstance(m, PageInfo)]
        assert infos == [PageInfo("q=pong&z=1")]
        # A rerun that does not report a query string keeps the session's.
        msgs = h.run()
        texts = [m.element.props["body"] for m in msgs if getattr(m, "element", None) is not None
                 and m.element.kind == "text"]
        assert texts == ["pong"]
        assert not [m for m in msgs if isinstance(m, PageInfo)]
    finally:
        h.close()

"""st.graphviz_chart and st.mermaid_chart: the diagram's text goes to the browser, with clear argument errors;
st.write(graphviz object) draws it; the vendored libraries are served with their licences."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kernel._routes import HttpRequest, HttpResponse
from kernel.testing import AppTest
from kernel_plugins.elements_charts._vendor import serve_vendor
from kernel_plugins.elements_charts._vendor_diagrams import ECHARTS_URL, FILES, MERMAID_URL, VENDOR_DIR, VIZ_URL
from tests.plugins.headless_run import RunScript, script_runner


@pytest.fixture
def run(tmp_path: Path) -> Iterator[RunScript]:
    with script_runner(tmp_path) as runner:
        yield runner


def test_graphviz_chart_sends_dot_source_and_its_size() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.graphviz_chart('digraph { a -> b }')\n"
        "st.graphviz_chart('graph { x -- y }', use_container_width=True, height=240, alt='two nodes')\n"
        "st.graphviz_chart('digraph { c }', width=300)\n"
    ).run()
    assert not at.exception
    first, second, third = at.get("graphviz_chart")
    assert first.props["dot"] == "digraph { a -> b }" and first.props["engine"] == "dot"
    assert (first.props["width"], first.props["height"]) == ("content", "content")
    assert (second.props["width"], second.props["height"], second.props["alt"]) == ("stretch", 240, "two nodes")
    assert third.props["width"] == 300
    assert first.props["bundle"] == VIZ_URL


def test_graphviz_objects_give_their_source_and_engine(run: RunScript) -> None:
    pytest.importorskip("graphviz")
    ran = run("""
        import graphviz
        from kernel import st
        g = graphviz.Digraph(engine='neato')
        g.node('n1', 'First')
        g.edge('n1', 'n2')
        st.graphviz_chart(g)
        st.graphviz_chart(graphviz.Source('digraph { s }'))
        st.write(graphviz.Graph(body=['p -- q']))
    """)
    assert ran.kinds() == ["graphviz_chart"] * 3, "st.write of a graphviz graph is the chart, not its text"
    first, source, written = ran.props("graphviz_chart")
    assert first["engine"] == "neato" and 'n1 [label=First]' in first["dot"] and "n1 -> n2" in first["dot"]
    assert source["dot"].strip() == "digraph { s }"
    assert "p -- q" in written["dot"] and written["dot"].startswith("graph {")


@pytest.mark.parametrize("call, fragment", [
    ("st.graphviz_chart(42)", "st.graphviz_chart(figure_or_dot=42): give DOT source (a str such as"),
    ("st.graphviz_chart('   ')", "st.graphviz_chart(figure_or_dot='   '): the diagram's text is empty"),
    ("st.graphviz_chart('digraph {}', width='wide')", "st.graphviz_chart(width='wide'): use 'stretch', 'content'"),
    ("st.graphviz_chart('digraph {}', height=0)", "st.graphviz_chart(height=0): use 'content', 'stretch'"),
    ("st.graphviz_chart('x' * 2_000_001)", "characters; the limit is 2,000,000"),
    ("st.mermaid_chart(['graph LR'])", "st.mermaid_chart(body=['graph LR']): give the diagram's Mermaid text as a str"),
    ("st.mermaid_chart('')", "st.mermaid_chart(body=''): the diagram's text is empty"),
    ("st.mermaid_chart('graph LR', width=-5)", "st.mermaid_chart(width=-5): use 'stretch', 'content' or a positive"),
])
def test_diagram_errors_name_the_parameter_and_the_fix(run: RunScript, call: str, fragment: str) -> None:
    ran = run("from kernel import st\n" + call + "\n")
    assert fragment in ran.error()["message"]


def test_mermaid_chart_sends_its_text_without_the_common_indent() -> None:
    at = AppTest.from_string(
        "from kernel import st\n"
        "st.mermaid_chart('''\n"
        "    sequenceDiagram\n"
        "        Alice->>Bob: Hi\n"
        "''', width='content', alt='greeting')\n"
    ).run()
    assert not at.exception
    (chart,) = at.get("mermaid_chart")
    assert chart.props["body"] == "sequenceDiagram\n    Alice->>Bob: Hi"
    assert (chart.props["width"], chart.props["alt"], chart.props["bundle"]) == ("content", "greeting", MERMAID_URL)


def test_each_vendored_library_is_served_as_a_script_and_has_its_licence() -> None:
    licences = {VIZ_URL: ("vizjs", "MIT License"), MERMAID_URL: ("mermaid", "MIT License"),
                ECHARTS_URL: ("echarts", "Apache License")}
    for url, (folder, licence) in licences.items():
        assert licence in (VENDOR_DIR / folder / "LICENSE").read_text()
        assert "scripts/vendor_diagrams.sh" in (VENDOR_DIR / folder / "VERSION").read_text()
        response = serve_vendor(HttpRequest("GET", url))
        assert isinstance(response, HttpResponse)
        assert response.status == 200 and response.content_type.startswith("text/javascript")
        assert response.body == FILES[url].read_bytes() and len(response.body) > 500_000
    assert "Apache Software Foundation" in (VENDOR_DIR / "echarts" / "NOTICE").read_text()
    assert "Graphviz" in (VENDOR_DIR / "vizjs" / "LICENSE").read_text()
    assert serve_vendor(HttpRequest("GET", "/_kernel/vendor/../LICENSE")) is None


@pytest.mark.parametrize("accept, gzipped", [
    ("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True), ("gzip;q=0", False), ("deflate", False),
    ("gzip;q=nonsense", False),
])
def test_bundles_are_gzipped_for_browsers_that_accept_it(accept: str, gzipped: bool) -> None:
    import gzip
    import inspect

    import trio

    request = HttpRequest("GET", MERMAID_URL, headers=(("accept-encoding", accept),))
    answer = serve_vendor(request)
    if inspect.isawaitable(answer):  # the first gzip of a bundle is made in a worker thread

        async def wait() -> HttpResponse:
            return await answer  # type: ignore[no-any-return]

        answer = trio.run(wait)
    assert isinstance(answer, HttpResponse) and answer.status == 200
    headers = dict(answer.headers)
    assert headers["vary"] == "accept-encoding"
    plain = FILES[MERMAID_URL].read_bytes()
    if gzipped:
        assert headers["content-encoding"] == "gzip" and gzip.decompress(answer.body) == plain
        assert len(answer.body) < len(plain) / 2
        again = serve_vendor(request)
        assert isinstance(again, HttpResponse) and again.body == answer.body, "made once, then kept"
    else:
        assert "content-encoding" not in headers and answer.body == plain

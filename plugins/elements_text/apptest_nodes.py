"""AppTest node classes of the text elements (``at.markdown``, ``at.title``, ``at.code``, ``at.json``, ...)."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence

from kernel.testing.nodes import Element, TestNodeType, prop, prop_is

_TAG = re.compile(r"<[^>]+>")


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", markup))


class Markdown(Element):
    """``st.markdown`` / ``st.caption`` / ``st.write`` of text: ``.value`` is the source."""

    @property
    def value(self) -> str:
        """The Markdown source (``_body``: kept in the process, not sent to the browser)."""
        props = self.props
        return str(props.get("_body", props.get("body", _plain(props.get("html", "")))))

    is_caption = prop("caption", None, bool, doc="Whether it came from ``st.caption``.")
    allow_html = prop("unsafe_allow_html", False, bool,
                      doc="Whether raw HTML was allowed (not tracked: always ``False``).")


class Caption(Markdown):
    """``st.caption``: listed by ``at.caption``, not by ``at.markdown`` (as in Streamlit)."""


class Divider(Markdown):
    """``st.divider``."""


class Heading(Element):
    """``st.title`` / ``st.header`` / ``st.subheader``."""

    @property
    def value(self) -> str:
        """The heading text."""
        return str(self.props.get("body", _plain(self.props.get("html", ""))))

    @property
    def tag(self) -> str:
        """``"h1"``, ``"h2"`` or ``"h3"``."""
        return f"h{self.props.get('level', 1)}"

    anchor = prop("anchor", doc="The heading's anchor id.")
    hide_anchor = prop("hide_anchor", False, bool, doc="Whether the anchor link is hidden (``anchor=False``).")


class Text(Element):
    """``st.text``."""

    value = prop("body", "", str, doc="The text.")


class Code(Element):
    """``st.code``."""

    value = prop("code", "", str, doc="The source code.")
    language = prop("language", doc="The highlighting language.")
    show_line_numbers = prop("line_numbers", None, bool, doc="Whether line numbers are shown.")


class Json(Element):
    """``st.json``: ``.value`` is the JSON text."""

    value = prop("text", "", str, doc="The JSON text.")
    expanded = prop("expanded", doc="Whether (or how deep) it starts expanded.")


class Latex(Element):
    """``st.latex``: ``.value`` is the source wrapped in ``$$``."""

    value = prop("body", "", str, doc="The LaTeX source as Markdown math.")


class Html(Element):
    """``st.html``."""

    value = prop("html", "", str, doc="The (sanitised) HTML.")


class Help(Element):
    """``st.help``."""

    name = prop("name", "", str, doc="The object's name.")
    doc_string = prop("doc", "", str, doc="The object's docstring.")

    @property
    def value(self) -> str:
        """The docstring."""
        return str(self.doc_string)


NODE_TYPES: Sequence[TestNodeType] = (
    TestNodeType("markdown", Caption, ("caption",), lambda p: bool(p.get("caption")), type_name="caption"),
    TestNodeType("markdown", Markdown, ("markdown",)),
    TestNodeType("heading", Heading, ("title",), prop_is("level", 1), type_name="title"),
    TestNodeType("heading", Heading, ("header",), prop_is("level", 2), type_name="header"),
    TestNodeType("heading", Heading, ("subheader",), prop_is("level", 3), type_name="subheader"),
    TestNodeType("text", Text, ("text",)),
    TestNodeType("code", Code, ("code",)),
    TestNodeType("divider", Divider, ("divider",)),
    TestNodeType("json", Json, ("json",)),
    TestNodeType("latex", Latex, ("latex",)),
    TestNodeType("html", Html, ("html",)),
    TestNodeType("help", Help, ("help",)),
)

"""``st.badge``, ``st.html`` and ``st.latex``: small text elements rendered on the server."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from kernel.contracts import DeltaGenerator
from kernel.elements import (
    SAFE_URL_SCHEMES,
    ElementArgumentError,
    check_choice,
    check_icon,
    check_width,
    clean_text,
    sanitize_html,
)
from kernel.elements import argument_error as fail

BADGE_COLORS = ("red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary")


def badge(dg: DeltaGenerator, label: Any, *, icon: str | None = None, color: str = "blue", width: Any = "content",
          help: str | None = None) -> DeltaGenerator:
    """``st.badge``: a small coloured pill with a label and an optional icon."""
    check_choice("badge", "color", color, BADGE_COLORS)
    check_icon("badge", icon or None)
    props = {"label": "" if label is None else str(label), "icon": icon or None,
             "color": "gray" if color == "grey" else color, "width": check_width("badge", width), "help": help}
    return dg.add_element("badge", props)


def _html_body(body: Any) -> str:
    if isinstance(body, Path):
        text = body.read_text(encoding="utf-8")
        return f"<style>{text}</style>" if body.suffix.lower() == ".css" else text
    if hasattr(body, "_repr_html_"):
        return str(body._repr_html_())
    return "" if body is None else str(body)


def html(dg: DeltaGenerator, body: Any, *, width: Any = "stretch",
         unsafe_allow_javascript: bool = False) -> DeltaGenerator:
    """``st.html``: HTML inserted into the page (no iframe), sanitized unless ``unsafe_allow_javascript``."""
    text = _html_body(body)
    if not text.strip():
        raise ElementArgumentError("st.html(body=...): the `body` parameter is required and must not be empty")
    clean = text if unsafe_allow_javascript else sanitize_html(text)
    props = {"html": clean, "width": check_width("html", width), "scripts": bool(unsafe_allow_javascript)}
    return dg.add_element("html", props)


@functools.lru_cache(maxsize=512)
def latex_to_mathml(body: str) -> str:
    """TeX math as a display MathML ``<math>`` element (Chromium renders MathML natively)."""
    from latex2mathml.converter import convert

    return sanitize_mathml(str(convert(body, display="block")))


_MATHML_TAGS = frozenset({
    "math", "menclose", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded", "mphantom",
    "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub", "msubsup", "msup", "mtable", "mtd",
    "mtext", "mtr", "munder", "munderover", "none", "semantics", "annotation",
})
_MATHML_ATTRIBUTES = frozenset({
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "depth", "display", "displaystyle",
    "equalcolumns", "equalrows", "fence", "form", "frame", "framespacing", "height", "href", "largeop",
    "linebreak", "linethickness", "lspace", "mathbackground", "mathcolor", "mathsize", "mathvariant", "maxsize",
    "minsize", "movablelimits", "notation", "rowlines", "rowspacing", "rspace", "scriptlevel", "separator",
    "stretchy", "symmetric", "voffset", "width", "xmlns",
})


def sanitize_mathml(markup: str) -> str:
    """MathML with only MathML elements and presentation attributes left, and links only to
    the targets :func:`~kernel.elements.is_safe_url` allows (``\\href{javascript:...}`` is not a link).

    latex2mathml copies ``\\text{...}`` verbatim, so TeX from users could carry HTML
    (``<img onerror=...>``) into the page without this.
    """
    import nh3

    return str(nh3.clean(markup, tags=set(_MATHML_TAGS), attributes={"*": set(_MATHML_ATTRIBUTES)},
                         link_rel=None, url_schemes=set(SAFE_URL_SCHEMES), strip_comments=True,
                         clean_content_tags={"script", "style"}))


def latex(dg: DeltaGenerator, body: Any, *, help: str | None = None, width: Any = "stretch") -> DeltaGenerator:
    """``st.latex``: display math, converted on the server from TeX (or a SymPy expression) to MathML."""
    if hasattr(body, "free_symbols") and type(body).__module__.startswith("sympy"):
        import sympy

        body = sympy.latex(body)
    tex = clean_text(body)
    try:
        mathml = latex_to_mathml(tex)
    except Exception as exc:
        raise fail("latex", "body", tex, f"this TeX could not be converted to MathML ({exc})") from None
    props = {"body": f"$$\n{tex}\n$$", "mathml": mathml, "help": help, "width": check_width("latex", width)}
    return dg.add_element("latex", props)

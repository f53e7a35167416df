"""AppTest node for ``st.page_link`` (``at.page_link``)."""

from __future__ import annotations

from kernel.testing.nodes import Element, TestNodeType


class PageLink(Element):
    """``st.page_link``: ``.label``, ``.page`` (URL path, ``""`` for the default page),
    ``.href``, ``.icon``, ``.disabled``; :meth:`click` shows the page in the next run."""

    @property
    def value(self) -> str:
        """The link's target: the page's URL path, or the external URL."""
        return str(self.props.get("href") if self.props.get("external") else self.props.get("page", ""))

    @property
    def label(self) -> str:
        """The link text."""
        return str(self.props.get("label", ""))

    @property
    def page(self) -> str | None:
        """The URL path of the page it links to (``None`` for an external link)."""
        return None if self.props.get("external") else str(self.props.get("page", ""))

    @property
    def href(self) -> str:
        """The ``href`` the browser gets."""
        return str(self.props.get("href", ""))

    @property
    def icon(self) -> str | None:
        """The icon shown next to the label."""
        return self.props.get("icon")

    @property
    def disabled(self) -> bool:
        """Whether the link is disabled."""
        return bool(self.props.get("disabled"))

    def click(self) -> PageLink:
        """Follow the link on the next ``run()`` (internal links only), as the browser would."""
        if self.props.get("external") or self.disabled:
            raise ValueError(f"page_link {self.label!r} is external or disabled: clicking it shows no page of the app")
        self.tree._request_page(str(self.props.get("page", "")), str(self.props.get("query_string", "")))
        return self


def node_types() -> list[TestNodeType]:
    """The node types this plugin contributes."""
    return [TestNodeType("page_link", PageLink, ("page_link",))]

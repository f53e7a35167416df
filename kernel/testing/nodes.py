"""Node classes of the AppTest element tree, and how element plugins add their own.

The tree is built from the same messages the browser receives. Each node wraps one
:class:`kernel.contracts.messages.Element`; element plugins contribute typed subclasses (a
``Slider`` with ``set_range``, a ``Checkbox`` with ``check``) through the
``kernel_register_test_nodes`` hook, and every kind without one becomes an
:class:`UnknownElement` (or a plain :class:`Block` for containers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

import attrs

if TYPE_CHECKING:
    from kernel.testing.apptest import AppTest

__all__ = [
    "Block",
    "BlockList",
    "Element",
    "ElementList",
    "Node",
    "TestNodeType",
    "UnknownElement",
    "Widget",
    "WidgetList",
    "has_prop",
    "prop",
    "prop_is",
]

N = TypeVar("N", bound="Node")


@attrs.frozen
class TestNodeType:
    """Says which node class wraps elements of ``kind`` and under which accessors they appear.

    ``collections`` are the names of the accessors (``at.button``, ``at.title``) that
    list such nodes; ``when`` narrows the match on the element's props (a ``heading``
    of level 1 is a ``title``). The first registered match wins. ``type_name`` is the
    node's :attr:`Node.type` when it differs from ``kind``: the name Streamlit's AppTest
    gives such elements (``"title"``, ``"arrow_data_frame"``), which tests compare.
    """

    __test__ = False  # not a pytest test class

    kind: str
    cls: type[Node]
    collections: tuple[str, ...] = ()
    when: Callable[[Mapping[str, Any]], bool] | None = None
    type_name: str | None = None

    def matches(self, kind: str, props: Mapping[str, Any]) -> bool:
        """Whether an element of ``kind`` with ``props`` is of this type."""
        return kind == self.kind and (self.when is None or self.when(props))


def prop(key: str, default: Any = None, convert: Callable[[Any], Any] | None = None, *, doc: str = "") -> Any:
    """A read-only node attribute that reads the element's ``key`` prop.

    ``title = prop("title_text", "", str, doc="The title.")`` is the property returning
    ``str(self.props.get("title_text", ""))``; node classes of element plugins declare
    most of their attributes this way.
    """

    def get(node: Node) -> Any:
        value = node.props.get(key, default)
        return convert(value) if convert is not None else value

    return property(get, doc=doc or f"The element's ``{key}`` prop.")


def prop_is(key: str, value: Any) -> Callable[[Mapping[str, Any]], bool]:
    """A :attr:`TestNodeType.when` that matches elements whose ``key`` prop equals ``value``."""

    def when(props: Mapping[str, Any]) -> bool:
        return bool(props.get(key) == value)

    return when


def has_prop(key: str) -> Callable[[Mapping[str, Any]], bool]:
    """A :attr:`TestNodeType.when` that matches elements with a ``key`` prop that is not ``None``."""

    def when(props: Mapping[str, Any]) -> bool:
        return props.get(key) is not None

    return when


class Node:
    """One element or container in the tree."""

    def __init__(self, kind: str, props: Mapping[str, Any], tree: AppTest, node_type: TestNodeType | None) -> None:
        self.kind = kind
        self.props: dict[str, Any] = dict(props)
        self.tree = tree
        self.node_type = node_type
        self.children: dict[int, Node] = {}

    @property
    def type(self) -> str:
        """The element's type as Streamlit's AppTest names it (``"title"``, ``"arrow_data_frame"``);
        its kind (``"markdown"``, ``"button"``) where the two agree."""
        if self.node_type is not None and self.node_type.type_name is not None:
            return self.node_type.type_name
        return self.kind

    @property
    def proto(self) -> dict[str, Any]:
        """The element's raw props, as sent to the browser."""
        return self.props

    @property
    def key(self) -> Any:
        """The user key the element was created with, or ``None``."""
        return self.props.get("key")

    @property
    def collections(self) -> tuple[str, ...]:
        """The accessor names this node is listed under."""
        return self.node_type.collections if self.node_type is not None else (self.kind,)

    def run(self, *, timeout: float | None = None) -> AppTest:
        """Run the app this node belongs to (``at.button[0].click().run()``)."""
        return self.tree.run(timeout=timeout)

    def walk(self) -> Iterator[Node]:
        """This node and every descendant, depth first in page order."""
        yield self
        for index in sorted(self.children):
            yield from self.children[index].walk()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kind={self.kind!r}, props={self.props!r})"


class Element(Node):
    """A leaf element; ``value`` is its main content."""

    @property
    def value(self) -> Any:
        """The element's main content (``value``, ``body``, ``_body`` or ``text`` prop;
        ``_body`` is a source kept in the process, e.g. of Markdown sent as HTML)."""
        for name in ("value", "body", "_body", "text"):
            if name in self.props:
                return self.props[name]
        return None

    def __iter__(self) -> Iterator[Element]:
        yield self


class UnknownElement(Element):
    """An element no plugin contributed a node class for (``at.get(kind)`` finds it)."""


class Widget(Element):
    """An element with a value the user changes; actions stage a value for the next run."""

    @property
    def id(self) -> str:
        """The widget id the server gave it."""
        return str(self.props.get("id", ""))

    @property
    def label(self) -> str:
        """The widget's label text."""
        return str(self.props.get("label_text", self.props.get("label", "")))

    @property
    def help(self) -> str | None:
        """The widget's tooltip."""
        return self.props.get("help")

    @property
    def disabled(self) -> bool:
        """Whether the widget is disabled."""
        return bool(self.props.get("disabled", False))

    @property
    def key(self) -> Any:
        """The user key: from the props, or the suffix of the id (``kind-hash-key``)."""
        if "key" in self.props:
            return self.props["key"]
        parts = self.id.split("-", 2)
        return parts[2] if len(parts) == 3 else None

    @property
    def value(self) -> Any:
        """The staged value if an action set one, else the value of the last run."""
        pending = self.tree._pending_value(self.id)
        return pending if pending is not _NOTHING else self.props.get("value")

    def set_value(self, value: Any) -> Widget:
        """Stage ``value`` for the next run; returns the widget for chaining."""
        self.tree._stage(self.id, self.to_wire(value))
        return self

    def to_wire(self, value: Any) -> Any:
        """How a value travels to the server (as the web client would send it)."""
        return value


class _Nothing:
    pass


_NOTHING: Any = _Nothing()


class Block(Node):
    """A container: the main area, the sidebar, a column, a form, ...

    Every accessor of :class:`kernel.testing.AppTest` works on a block, scoped to it.
    """

    def __len__(self) -> int:
        return len(self.children)

    def __getitem__(self, index: int) -> Node:
        return self.children[sorted(self.children)[index]]

    def __iter__(self) -> Iterator[Node]:
        return self.walk()

    def get(self, element_type: str) -> Sequence[Node]:
        """Every node of a collection name, type or element kind below this block, in page order."""
        return [n for n in self.walk() if n is not self and (element_type in n.collections or n.kind == element_type
                                                             or n.type == element_type)]

    def get_by_key(self, key: Any) -> Node:
        """The one node below this block with user ``key``."""
        found = [n for n in self.walk() if n is not self and n.key is not None and str(n.key) == str(key)]
        if not found:
            raise KeyError(key)
        if len(found) > 1:
            from kernel.testing.apptest import AppTestError

            raise AppTestError(f"{len(found)} elements have the key {key!r}")
        return found[0]

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        nodes = [n for n in self.walk() if n is not self and name in n.collections]
        if any(isinstance(n, Block) for n in nodes):
            return BlockList([n for n in nodes if isinstance(n, Block)])
        if nodes and all(isinstance(n, Widget) for n in nodes) or name in self.tree._widget_collections():
            return WidgetList([n for n in nodes if isinstance(n, Widget)])
        if not nodes and name not in self.tree._known_collections():
            raise AttributeError(
                f"no element collection {name!r}; known: {', '.join(sorted(self.tree._known_collections()))}"
            )
        return ElementList(nodes)


class _NodeList(Generic[N]):
    def __init__(self, nodes: Sequence[N]) -> None:
        self._nodes = list(nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    @property
    def len(self) -> int:
        """The number of nodes."""
        return len(self._nodes)

    @overload
    def __getitem__(self, index: int) -> N: ...
    @overload
    def __getitem__(self, index: slice) -> list[N]: ...
    def __getitem__(self, index: int | slice) -> N | list[N]:
        return self._nodes[index]

    def __iter__(self) -> Iterator[N]:
        return iter(self._nodes)

    def __call__(self, key: Any) -> N:
        """The first node with user ``key``; ``KeyError`` if none."""
        for node in self._nodes:
            if node.key is not None and str(node.key) == str(key):
                return node
        raise KeyError(key)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._nodes!r})"


class ElementList(_NodeList[Any]):
    """The elements of one collection, in page order."""

    @property
    def values(self) -> list[Any]:
        """``.value`` of each element."""
        return [n.value for n in self._nodes]


class WidgetList(ElementList):
    """The widgets of one collection, in page order."""


class BlockList(_NodeList[Block]):
    """The containers of one collection, in page order."""

"""AppTest: run an app headlessly in-process and query what it shows.

Compatible with Streamlit's ``streamlit.testing.v1.AppTest``: the real session, script
runner, element, state, caching and secrets plugins run; only the transport is replaced
by an in-memory client that applies the messages a browser would receive to an element
tree.
"""

from __future__ import annotations

import inspect
import pickle
import tempfile
import textwrap
import threading
import time
import urllib.parse
import uuid
import weakref
from collections.abc import Callable, Iterator, Mapping, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from kernel._app import AppOptions, KernelApp, build_app
from kernel._errors import KernelError
from kernel.contracts import AppSession
from kernel.contracts.hookspecs import hookimpl
from kernel.contracts.messages import Delta, ForwardMsg, Navigation, PageInfo, Rerun, ScriptFinished, Trim
from kernel.contracts.pages import session_pages
from kernel.contracts.session_state import MISSING
from kernel.testing.nodes import _NOTHING, Block, Node, TestNodeType, UnknownElement, Widget
from kernel.testing.util import active_config_patches

__all__ = ["AppTest", "AppTestError"]

DEFAULT_TIMEOUT = 3.0



def _is_change(session: AppSession, widget_id: str, raw: Any) -> bool:
    """Whether staging ``raw`` for ``widget_id`` is a change the user made on the page.

    A page reports a change only when the user picks something other than what the widget
    shows: a value the server set (through ``st.session_state``) and the client has not
    changed since, else the value the client reported last. Picking the value reported last
    again after the server set another one is a change; staging what the widget already
    shows is not (no callback fires). A widget the session has no value for counts as changed.
    """
    states = session.state.widgets
    shown = states.server_value(widget_id)
    if shown is not MISSING:
        meta = states.meta(widget_id)
        if meta is None:
            return True
        try:
            return bool(meta.coerce(raw) != shown)
        except Exception:  # noqa: BLE001 - a value the widget cannot take, or exotic equality
            return True
    last = states.get(widget_id, MISSING)
    if last is MISSING:
        return True
    try:
        return bool(last != raw)
    except Exception:  # noqa: BLE001 - values with exotic equality count as changed
        return True

class AppTestError(KernelError):
    """The test harness was used in a way it cannot honour (not an app error)."""


class _TestSecretSource:
    """``at.secrets``, read at load time so edits before ``run()`` count."""

    name = "AppTest.secrets"
    priority = 1_000_000

    def __init__(self, at: AppTest) -> None:
        self._at = weakref.ref(at)

    def load(self) -> Mapping[str, Any]:
        at = self._at()
        return dict(at.secrets) if at is not None else {}

    def watch_paths(self) -> Sequence[Path]:
        return []


class _AppTestPlugin:
    """Registered into the app under test: contributes ``at.secrets`` as a source."""

    def __init__(self, at: AppTest) -> None:
        self._source = _TestSecretSource(at)

    @hookimpl
    def kernel_register_secret_sources(self) -> list[Any]:
        return [self._source]


class _SessionStateProxy(MutableMapping[str, Any]):
    """``at.session_state``: the session's state, before and between runs."""

    def __init__(self, at: AppTest) -> None:
        object.__setattr__(self, "_at", at)

    @property
    def _state(self) -> Any:
        return self._at._ensure_session().state

    def __getitem__(self, key: str) -> Any:
        return self._state[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self._state[key] = value

    def __delitem__(self, key: str) -> None:
        del self._state[key]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._state))

    def __len__(self) -> int:
        return len(self._state)

    def __contains__(self, key: object) -> bool:
        return key in self._state

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(exc.args[0] if exc.args else key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self[key] = value

    def to_dict(self) -> dict[str, Any]:
        """A plain dict copy of the state."""
        return dict(self._state.to_dict())

    def __repr__(self) -> str:
        return f"SessionState({self.to_dict()!r})"


class AppTest:
    """A simulated user session of one app script.

    Set ``secrets`` and ``session_state`` before :meth:`run`; after it, query the
    element tree (``at.button[0]``, ``at.markdown.values``, ``at.sidebar.slider``) and
    stage widget actions (``at.checkbox[0].check()``) for the next run. ``run()`` never
    raises for an error in the script: it shows up in ``at.exception``.
    """

    __test__ = False  # not a pytest test class

    def __init__(self, script_path: str | Path, *, default_timeout: float = DEFAULT_TIMEOUT,
                 plugins: Sequence[tuple[object, str | None]] = (),
                 config_options: Mapping[str, str] | None = None, plugin_args: Sequence[str] = ()) -> None:
        path = Path(script_path)
        if not path.is_file():
            raise FileNotFoundError(f"AppTest: no script at {path}")
        self.script_path = path.resolve()
        self.default_timeout = default_timeout
        self.secrets: dict[str, Any] = {}
        self.session_state = _SessionStateProxy(self)
        self.query_params: dict[str, str | list[str]] = {}
        """The page URL's query parameters: set before ``run()``; script changes show after it."""
        self.context: dict[str, Any] = {}
        """Browser facts for ``st.context``: ``timezone``, ``timezone_offset``, ``locale``,
        ``url``, ``is_embedded``, ``theme`` (``"light"``/``"dark"``)."""
        self._plugins = tuple(plugins)
        self._config_options = dict(config_options or {})
        self._plugin_args = tuple(plugin_args)
        """``-p`` values, as on the command line: ``no:NAME`` blocks a plugin, ``module`` loads one."""
        self._app: KernelApp | None = None
        self._session: AppSession | None = None
        self._ready = threading.Event()
        self._root = Block("root", {}, self, None)
        self._root_index: dict[str, int] = {}
        self._pending: dict[str, Any] = {}
        self._trigger: str | None = None
        self._last_trigger: str | None = None
        self._last_sent: dict[str, Any] = {}
        self._node_types: list[TestNodeType] = []
        self._page_request: Path | str | None = None
        # Sessions to close when this AppTest is garbage-collected (their script threads end).
        self._sessions_to_close: list[AppSession] = []
        weakref.finalize(self, AppTest._close_sessions, self._sessions_to_close)

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_file(cls, script_path: str | Path, *, default_timeout: float = DEFAULT_TIMEOUT) -> AppTest:
        """An AppTest of a script file; a relative path is relative to the calling file."""
        path = Path(script_path)
        if not path.is_absolute():
            caller = Path(inspect.stack()[1].filename).resolve().parent
            path = caller / path
        return cls(path, default_timeout=default_timeout)

    @classmethod
    def from_string(cls, script: str, *, default_timeout: float = DEFAULT_TIMEOUT) -> AppTest:
        """An AppTest of script source (written to a temporary file)."""
        folder = Path(tempfile.mkdtemp(prefix="kernel-apptest-"))
        path = folder / "app.py"
        path.write_text(textwrap.dedent(script))
        at = cls(path, default_timeout=default_timeout)
        weakref.finalize(at, _remove_tree, folder)
        return at

    @classmethod
    def from_function(cls, script: Callable[..., Any], *, default_timeout: float = DEFAULT_TIMEOUT,
                      args: Sequence[Any] | None = None, kwargs: Mapping[str, Any] | None = None) -> AppTest:
        """An AppTest whose script is ``script``'s source followed by a call to it.

        The function must do its own imports; ``args`` and ``kwargs`` are pickled into
        the script.
        """
        source = textwrap.dedent(inspect.getsource(script))
        payload = pickle.dumps((tuple(args or ()), dict(kwargs or {})))
        call = f"\nimport pickle as _pickle\n_a, _k = _pickle.loads({payload!r})\n{script.__name__}(*_a, **_k)\n"
        return cls.from_string(source + call, default_timeout=default_timeout)

    # -- the session ------------------------------------------------------------------

    @staticmethod
    def _close_sessions(sessions: list[AppSession]) -> None:
        for session in sessions:
            session.close("apptest finished")

    def _ensure_session(self) -> AppSession:
        if self._session is None:
            self._app = build_app(AppOptions(
                script_path=self.script_path,
                plugins=((_AppTestPlugin(self), "apptest"), *self._plugins),
                config_options={**self._config_options, **active_config_patches()},
                plugin_args=self._plugin_args,
            ))
            self._node_types = [t for _, t in self._app.collect("kernel_register_test_nodes")]
            session: AppSession = self._app.make("app_session", session_id=f"apptest-{uuid.uuid4().hex[:8]}")
            session.queue.set_listener(self._wake)
            self._session = session
            self._sessions_to_close.append(session)
        return self._session

    def _wake(self, urgent: bool = False) -> None:
        self._ready.set()

    @property
    def app(self) -> KernelApp:
        """The kernel app under test (built on first use)."""
        self._ensure_session()
        assert self._app is not None
        return self._app

    def run(self, *, timeout: float | None = None) -> AppTest:
        """Run the script once with the staged widget values; return ``self``.

        Raises ``RuntimeError`` if the run takes longer than ``timeout`` seconds
        (``default_timeout`` when ``None``). Reruns the script asks for (``st.rerun()``)
        are followed within the same call.
        """
        limit = self.default_timeout if timeout is None else timeout
        session = self._ensure_session()
        states, trigger = self._pending, self._trigger
        self._pending, self._trigger = {}, None
        states = self._filter_staged(states, trigger)
        self._last_trigger = trigger
        self._last_sent = dict(states)
        self._ready.clear()
        sent = _encode_query(self.query_params)
        self.query_params = _decode_query(sent)
        request, self._page_request = self._page_request, None
        if request is not None:
            pages = session_pages(session)
            if pages is None:
                raise AppTestError("AppTest cannot show another page: no plugin implements pages (is the pages "
                                   "plugin disabled with -p no:pages?)")
            if isinstance(request, Path):
                pages.request_script(request)
            else:
                pages.request(request)
        # Like the web client, say which widgets the user changed (Rerun.changed).
        changed = tuple(wid for wid, raw in states.items() if _is_change(session, wid, raw))
        session.handle_back_msg(Rerun(states, trigger, query_string=sent, context=self._browser_context(),
                                      changed=changed))
        deadline = time.monotonic() + limit
        while True:
            self._ready.clear()
            if self._apply(session.queue.flush()):
                return self
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                session.request_stop()
                raise RuntimeError(f"AppTest script run timed out after {limit}(s)")
            self._ready.wait(min(remaining, 0.05))

    def switch_page(self, page_path: str | Path) -> AppTest:
        """Show the page whose file is ``page_path`` (relative to the entry script's folder)
        in the next :meth:`run`; does not run.

        Raises ``ValueError`` for a file that does not exist, or, once a run has shown
        which pages the app has, for a file that is not one of them.
        """
        folder = self.script_path.parent
        full = (folder / page_path).resolve()
        if not full.is_file():
            raise ValueError(f"Unable to find script at {page_path}: page paths are relative to the main script's "
                             f"folder ({folder}).")
        pages = session_pages(self._session) if self._session is not None else None
        known = pages.pages() if pages is not None else ()
        if known and not any(p.script_path == full for p in known):
            listing = ", ".join(str(p.script_path.relative_to(folder)) if p.script_path and
                                p.script_path.is_relative_to(folder) else repr(p.title) for p in known)
            raise ValueError(f"{page_path} is not a page of this app (with st.navigation, only the pages it lists "
                             f"are). Pages: {listing}")
        self._page_request = full
        return self

    def _request_page(self, url_path: str, query_string: str = "") -> None:
        """Show the page at ``url_path`` with ``query_string`` in the next run (a page link click)."""
        self._page_request = url_path
        embed = {k: v for k, v in self.query_params.items() if k.lower() in ("embed", "embed_options")}
        self.query_params = {**embed, **_decode_query(query_string)}

    # -- applying messages ----------------------------------------------------------

    def _apply(self, msgs: list[ForwardMsg]) -> bool:
        finished = False
        for msg in msgs:
            if isinstance(msg, Delta):
                self._apply_delta(msg)
            elif isinstance(msg, Trim):
                self._apply_trim(msg)
            elif isinstance(msg, PageInfo):
                self.query_params = _decode_query(msg.query_string)
            elif isinstance(msg, Navigation) and msg.switched and msg.query_string is not None:
                self.query_params = _decode_query(msg.query_string)  # st.switch_page's new URL
            elif isinstance(msg, ScriptFinished):
                for trim in msg.trim:
                    self._apply_trim(trim)
                if msg.status != "rerun":
                    finished = True
        return finished

    def _root_block(self, root: str) -> Block:
        index = self._root_index.get(root)
        if index is None:
            index = self._root_index[root] = {"main": 0, "sidebar": 1}.get(root, 2 + len(self._root_index))
            self._root.children[index] = Block(root, {}, self, None)
        block = self._root.children[index]
        assert isinstance(block, Block)
        return block

    def _container(self, root: str, path: tuple[int, ...]) -> Node:
        node: Node = self._root_block(root)
        for index in path:
            child = node.children.get(index)
            if child is None:
                child = node.children[index] = Block("container", {}, self, None)
            node = child
        return node

    def _apply_delta(self, delta: Delta) -> None:
        parent = self._container(delta.root, delta.path[:-1])
        index = delta.path[-1]
        element = delta.element
        old = parent.children.get(index)
        node = self._make_node(element.kind, element.props, element.block)
        if old is not None and old.kind == element.kind and isinstance(old, Block) == element.block:
            node.children = old.children
        parent.children[index] = node

    def _apply_trim(self, trim: Trim) -> None:
        container = self._container(trim.root, trim.path)
        for index in [i for i in container.children if i >= trim.keep]:
            del container.children[index]

    def _make_node(self, kind: str, props: Mapping[str, Any], block: bool) -> Node:
        for node_type in self._node_types:
            if node_type.matches(kind, props):
                return node_type.cls(kind, props, self, node_type)
        return Block(kind, props, self, None) if block else UnknownElement(kind, props, self, None)

    # -- widget staging (used by Widget actions) ---------------------------------

    def _stage(self, widget_id: str, value: Any, *, trigger: bool = False) -> None:
        if trigger:
            self._trigger = widget_id if value else None
        else:
            self._pending[widget_id] = value

    def _browser_context(self) -> dict[str, Any]:
        allowed = {"timezone": str, "timezone_offset": int, "locale": str, "url": str, "is_embedded": bool,
                   "theme": str}
        for key, value in self.context.items():
            if key not in allowed:
                raise AppTestError(f"at.context[{key!r}] is not a browser fact; use one of {', '.join(allowed)}")
            if value is not None and not isinstance(value, allowed[key]):
                raise AppTestError(f"at.context[{key!r}] = {value!r}: expected {allowed[key].__name__} or None")
            if key == "theme" and value not in (None, "light", "dark"):
                raise AppTestError(f"at.context['theme'] = {value!r}: use 'light' or 'dark'")
        return dict(self.context)

    def _filter_staged(self, values: dict[str, Any], trigger: str | None) -> dict[str, Any]:
        # Containers that hold their widgets' values back (a form until its submit
        # button fires) say so with a `filter_staged(values, trigger)` method.
        for node in list(self._root.walk()):
            keep = getattr(node, "filter_staged", None)
            if callable(keep):
                values = keep(values, trigger)
        return values

    def _triggered_last_run(self, widget_id: str) -> bool:
        return widget_id == self._last_trigger

    def _sent_last_run(self, widget_id: str) -> Any:
        """The value the last run was sent for ``widget_id`` (as on the wire), or ``_NOTHING``."""
        return self._last_sent.get(widget_id, _NOTHING)

    def _widget_meta(self, widget_id: str) -> Any:
        """What the last run that showed ``widget_id`` knows about it (its ``WidgetMeta``), or ``None``."""
        if self._session is None:
            return None
        return self._session.state.widgets.meta(widget_id)

    def _pending_value(self, widget_id: str) -> Any:
        if widget_id == self._trigger:
            return True
        return self._pending.get(widget_id, _NOTHING)

    def _known_collections(self) -> set[str]:
        names = {c for t in self._node_types for c in t.collections}
        return names | {n.kind for n in self._root.walk()}

    def _widget_collections(self) -> set[str]:
        return {c for t in self._node_types if issubclass(t.cls, Widget) for c in t.collections}

    # -- the tree ---------------------------------------------------------------------

    @property
    def main(self) -> Block:
        """The main area."""
        return self._root_block("main")

    @property
    def sidebar(self) -> Block:
        """The sidebar."""
        return self._root_block("sidebar")

    def get(self, element_type: str) -> Sequence[Node]:
        """Every node of a collection name or element kind, in page order."""
        return self._root.get(element_type)

    def get_by_key(self, key: Any) -> Node:
        """The one node with user ``key``."""
        return self._root.get_by_key(key)

    def __len__(self) -> int:
        return len(self._root.children)

    def __getitem__(self, index: int) -> Node:
        return self._root[index]

    def __iter__(self) -> Iterator[Node]:
        return self._root.walk()

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._root, name)

    def __repr__(self) -> str:
        return f"AppTest({self.script_path.name!r})"


def _encode_query(params: Mapping[str, str | list[str]]) -> str:
    pairs: list[tuple[str, str]] = []
    for key, value in params.items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((str(key), str(v)) for v in values)
    return urllib.parse.urlencode(pairs)


def _decode_query(text: str) -> dict[str, str | list[str]]:
    out: dict[str, str | list[str]] = {}
    for key, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
        out[key] = values[0] if len(values) == 1 else values
    return out


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)

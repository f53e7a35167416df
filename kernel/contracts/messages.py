"""Wire messages between server and browser, and the one converter for them.

Every message is an attrs class. A frame is a JSON array of messages, each an object
whose ``"type"`` field names its class (see ``docs/protocol.md``). Element content
travels as an :class:`Element` with a ``kind`` and a JSON-ready ``props`` mapping, so
element plugins add elements without adding message classes. The element's ``kind``
is the file stem of its renderer module (``heading`` -> ``heading.js``).
"""

from __future__ import annotations

import functools
import json
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "PROTOCOL_VERSION",
    "BackMsg",
    "ClearCache",
    "ContainerRef",
    "Delta",
    "Element",
    "ErrorMsg",
    "ForwardMsg",
    "FrameError",
    "Heartbeat",
    "NavPage",
    "Navigation",
    "NewSession",
    "PageConfig",
    "PageInfo",
    "Rerun",
    "ScriptFinished",
    "ScriptStarted",
    "SessionStatus",
    "SetRunOnSave",
    "Stop",
    "Trim",
    "UploadAck",
    "UploadCancel",
    "UploadChunk",
    "UploadRefused",
    "UploadStart",
    "build_all_hooks",
    "decode_back_frame",
    "decode_forward_frame",
    "encode_back_frame",
    "encode_element",
    "encoded_element",
    "encode_forward_frame",
    "get_converter",
    "leaf_delta",
    "wire_props",
]

PROTOCOL_VERSION = 1
"""Bumped on every incompatible change; the web client refuses other versions."""

RunStatus = str
"""How a run ended: ``"ok"``, ``"error"`` (uncaught exception, shown on the page),
``"stopped"`` (``st.stop()`` or a stop request), ``"rerun"`` (interrupted to rerun),
``"compile_error"`` (the script does not compile)."""

CLEANUP_STATUSES = frozenset({"ok", "error", "stopped"})
"""Run endings after which elements the run did not write are removed from the page."""


@attrs.frozen
class Element:
    """One element's content: its renderer ``kind`` and JSON-ready properties.

    A property whose name starts with ``_`` stays in the process: the test API
    (``kernel.testing.AppTest``) and element observers see it, the wire never carries it
    (e.g. a Markdown element's source, ``_body``, beside the ``html`` the browser shows).

    ``block=True`` marks a container (columns, a sidebar section, ...): deltas whose
    path extends this element's path are its children.
    """

    kind: str
    props: dict[str, Any] = attrs.field(factory=dict)
    block: bool = False
    _encoded: str | None = attrs.field(default=None, init=False, eq=False, repr=False, hash=False)
    """Memo of :func:`encode_element` (not part of the value)."""


# -- server to browser -------------------------------------------------------------


@attrs.frozen
class NewSession:
    """First message on a connection: the session the client is talking to.

    ``token`` is secret: a client that reconnects with it (``?token=``) within the
    grace period resumes this session. ``resumed`` says whether that happened; when it
    is false the client clears its page and widget values. ``keep_token``: the client
    keeps the token across a reload of the tab (the browser's ``sessionStorage``), so a
    reload resumes the session too; set when scale-out is on.
    """

    session_id: str
    token: str
    resumed: bool = False
    protocol_version: int = PROTOCOL_VERSION
    script_name: str = ""
    keep_token: bool = False


@attrs.frozen
class ScriptStarted:
    """A run began; the page shows the script as running."""

    run_id: int


@attrs.frozen
class Delta:
    """Put ``element`` at ``path`` under the root container ``root``.

    Writing an element of a different kind at a path replaces that node and drops
    its children; writing the same kind updates it and keeps its children.
    """

    root: str
    path: tuple[int, ...]
    element: Element


@attrs.frozen
class Trim:
    """In the container at ``path`` under ``root``, remove children from index ``keep`` on.

    ``path == ()`` names the root container itself.
    """

    root: str
    path: tuple[int, ...]
    keep: int


@attrs.frozen
class ContainerRef:
    """A container on the page: its root and delta path."""

    root: str
    path: tuple[int, ...] = ()


@attrs.frozen
class ScriptFinished:
    """A run ended with ``status``; ``trim`` removes the elements this run did not write.

    ``scope`` is set for a partial run (an ``st.fragment`` rerun): only elements inside
    these containers were candidates for removal; the rest of the page stays.
    """

    run_id: int
    status: RunStatus
    trim: tuple[Trim, ...] = ()
    scope: tuple[ContainerRef, ...] = ()


@attrs.frozen
class PageConfig:
    """``st.set_page_config``: the tab title and icon, the layout and the sidebar state."""

    title: str | None = None
    icon: str | None = None
    layout: str = "centered"
    initial_sidebar_state: str = "auto"
    sidebar_width: int | None = None
    """The sidebar's width in pixels when the app gave one (``initial_sidebar_state=300``)."""


@attrs.frozen
class SessionStatus:
    """Session-level state the page shows outside the element tree.

    ``source_changed`` is true when the script changed on disk and ``run_on_save``
    is off, so the page offers "Rerun" and "Always rerun".
    """

    run_on_save: bool = False
    source_changed: bool = False


@attrs.frozen
class PageInfo:
    """The script changed ``st.query_params``: put ``query_string`` (without ``?``) in the
    page's URL, replacing the current history entry; no rerun."""

    query_string: str = ""


@attrs.frozen
class NavPage:
    """One page of a multipage app, as the navigation menu shows it.

    ``url_path`` is the page's URL path without slashes (``""`` for the default page,
    served at the app's root); ``section`` is the menu section (``""`` for none);
    ``external_url`` is set for a page that is a link to another site.
    """

    url_path: str
    title: str
    icon: str = ""
    section: str = ""
    hidden: bool = False
    help: str | None = None
    external_url: str | None = None


@attrs.frozen
class Navigation:
    """The pages of a multipage app and the one this run shows (sent at the start of a full run).

    ``position``: ``"sidebar"``, ``"top"`` or ``"hidden"`` (no menu). ``collapsed_count``:
    when non-zero, the menu shows that many entries until the user asks for more.
    ``page_not_found``: the URL path the client asked for that no page has (the run
    shows the default page instead). ``switched``: the script switched pages
    (``st.switch_page``), so the client adds a history entry for ``current`` with
    ``query_string``; otherwise it only corrects the URL in place.
    """

    pages: tuple[NavPage, ...]
    current: str
    position: str = "sidebar"
    collapsed_count: int = 0
    page_not_found: str | None = None
    switched: bool = False
    query_string: str | None = None


@attrs.frozen
class UploadAck:
    """The server holds the first ``offset`` bytes of upload ``upload_id`` (see :class:`UploadStart`).

    ``start`` marks the answer to an :class:`UploadStart`: the client sends the file from
    ``offset`` on (0 for a new upload; where it stopped for a resumed one). The upload is
    complete when ``offset`` equals the size the client announced.
    """

    upload_id: str
    offset: int
    start: bool = False


@attrs.frozen
class UploadRefused:
    """The server will not take upload ``upload_id``; ``message`` says why (shown under the widget)."""

    upload_id: str
    message: str


@attrs.frozen
class ErrorMsg:
    """Something the client sent could not be handled; the connection stays open.

    Tagged ``"Error"`` on the wire.
    """

    message: str
    code: str = "bad_frame"


# -- browser to server -------------------------------------------------------------


@attrs.frozen
class Rerun:
    """Rerun the script with these widget values (by widget id).

    ``widget_states`` is the client's whole map; ``trigger`` names a one-shot widget
    (a button) that fired for this run only; ``changed`` lists the widgets the user
    changed since the client's last request; ``query_string`` is what the page's URL
    says (``st.query_params``).
    """

    widget_states: dict[str, Any] = attrs.field(factory=dict)
    trigger: str | None = None
    query_string: str | None = None
    """The page URL's query string (without ``?``); ``None`` leaves the session's as it is."""
    navigation: bool = True
    """Whether ``query_string`` comes from the user navigating (the page was opened or
    reloaded, back/forward, a link to a page); only then (and on a session's first report) does
    the URL win over the parameters the server last wrote. ``False``: the page reports its
    URL, which may predate the server's latest :class:`PageInfo`; the server's stand. Clients
    that do not send it count as navigating."""
    fragment_id: str | None = None
    """Rerun only this ``st.fragment`` (its widget changed, or its ``run_every`` timer fired)."""
    is_auto_rerun: bool = False
    """Sent by a ``run_every`` timer: dropped while another run is in progress."""
    page: str | None = None
    """The URL path of the page the client shows (without slashes, ``""`` for the root);
    ``None`` keeps the session's page."""
    context: dict[str, Any] | None = None
    """Browser facts for ``st.context`` (``timezone``, ``timezone_offset``, ``locale``,
    ``url``, ``theme``); sent with the first rerun of a connection, ``None`` otherwise."""
    changed: tuple[str, ...] | None = None
    """The ids of the widgets the user changed since the client's last request, in the order
    of their latest change. Exactly these count as changes: their values in ``widget_states``
    are taken (even when equal to the last reported ones), replace values the server set, and
    fire callbacks in this order; the other values of widgets the server already knows are
    echoes and are not taken (a request that predates a server-side change never undoes it).
    ``None`` (a client that does not send the field): a value counts as changed when it
    differs from the one the client reported before."""


@attrs.frozen
class UploadStart:
    """Begin sending a file of ``size`` bytes for the upload field whose upload key is ``target``.

    The client picks ``upload_id`` (8 to 64 letters, digits, ``-`` or ``_``; unguessable,
    it also names the file in the widget's value). The server answers an
    :class:`UploadAck` with ``start`` set, or :class:`UploadRefused` (too large, too many,
    no such field) before any byte is sent. Sent again with the same id after a reconnect
    to the same session, it resumes: the ack says how many bytes the server holds.
    """

    upload_id: str
    target: str
    name: str
    size: int
    mime: str = ""
    """The file's MIME type as the browser knows it (``""``: unknown)."""


@attrs.frozen
class UploadChunk:
    """The bytes of upload ``upload_id`` from ``offset`` on, base64-encoded in ``data``.

    ``offset`` must be the number of bytes the server holds (chunks arrive in order), a
    chunk holds at most ``kernel.contracts.uploads.MAX_CHUNK_BYTES`` bytes, and no chunk
    may go past the announced size; otherwise the answer is an ``Error`` with code
    ``bad_frame`` and the upload stays as it was. Each accepted chunk is answered with an
    :class:`UploadAck`.
    """

    upload_id: str
    offset: int
    data: str


@attrs.frozen
class UploadCancel:
    """Forget upload ``upload_id`` and the bytes the server holds of it."""

    upload_id: str


@attrs.frozen
class Stop:
    """Stop the running script at its next ``st`` call."""


@attrs.frozen
class ClearCache:
    """Clear every cache of the app."""


@attrs.frozen
class SetRunOnSave:
    """Turn rerun-on-save on or off for this session ("Always rerun")."""

    enabled: bool = True


@attrs.frozen
class Heartbeat:
    """Keep-alive; carries nothing."""


ForwardMsg = (NewSession | ScriptStarted | Delta | ScriptFinished | PageConfig | SessionStatus | ErrorMsg
              | PageInfo | Navigation | UploadAck | UploadRefused)
BackMsg = Rerun | Stop | ClearCache | SetRunOnSave | Heartbeat | UploadStart | UploadChunk | UploadCancel

FORWARD_TYPES: tuple[type, ...] = ForwardMsg.__args__
BACK_TYPES: tuple[type, ...] = BackMsg.__args__


class FrameError(ValueError):
    """A frame is not valid JSON or not a list of known, well-formed messages."""


def _tag(cls: type) -> str:
    return "Error" if cls is ErrorMsg else cls.__name__


def _make_converter() -> cattrs.Converter:
    import cattrs.gen
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override
    from cattrs.preconf.json import make_converter

    from kernel._code_store import cover

    # Under the `kernel` command, the functions cattrs generates are compiled through the
    # code store too (seven in a first run, about 1 ms).
    cover(cattrs.gen, "make_dict_structure_fn_from_attrs")
    conv = make_converter(forbid_extra_keys=True)
    # A flag is JSON true or false: "false" or 0 is refused, not read as its truth value.
    conv.register_structure_hook(bool, _structure_bool)
    # Text is a JSON string and a count a JSON integer: 5 for a widget id, or "3" for a
    # run id, is refused (bad_frame), not turned into "5" or 3.
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    # Rerun.changed is a list of widget ids: a bare string is refused, not split into characters.
    conv.register_structure_hook(Rerun, make_dict_structure_fn(
        Rerun, conv, _cattrs_forbid_extra_keys=True, changed=override(struct_hook=_structure_changed)))
    # A full run's ScriptFinished (the common case) leaves out its empty `scope`.
    conv.register_unstructure_hook(ScriptFinished, make_dict_unstructure_fn(
        ScriptFinished, conv, scope=override(omit_if_default=True)))
    _configure_lazy_tagged_union(ForwardMsg, conv)
    _configure_lazy_tagged_union(BackMsg, conv)
    # Element props are already JSON-ready: pass them through without a deep copy.
    conv.register_unstructure_hook(Element, _unstructure_element)
    conv.register_unstructure_hook(Delta, _unstructure_delta)
    return conv


def _configure_lazy_tagged_union(union: Any, conv: cattrs.Converter) -> None:
    """``union`` goes as an object whose ``"type"`` is the member's tag (:func:`_tag`).

    What cattrs' ``configure_tagged_union`` does (with ``forbid_extra_keys``: the tag is not
    an extra key of the member), except that a member's hooks are built when a message of
    that member is first read or written, not all at once: a session's first run uses a few
    of the nineteen, and building all of them (118 generated functions) was about 14 ms of
    CPU before the first session's first run.
    """
    tag_to_cl = {_tag(cl): cl for cl in union.__args__}
    cl_to_tag = {cl: tag for tag, cl in tag_to_cl.items()}
    structure_hooks: dict[type, Any] = {}
    unstructure_hooks: dict[type, Any] = {}

    def structure(val: dict[str, Any], _: Any) -> Any:
        val = val.copy()
        cl = tag_to_cl[val.pop("type")]
        hook = structure_hooks.get(cl)
        if hook is None:
            hook = structure_hooks[cl] = conv.get_structure_hook(cl)
        return hook(val, cl)

    def unstructure(val: Any) -> dict[str, Any]:
        cl = val.__class__
        hook = unstructure_hooks.get(cl)
        if hook is None:
            hook = unstructure_hooks[cl] = conv.get_unstructure_hook(cl)
        res: dict[str, Any] = hook(val)
        res["type"] = cl_to_tag[cl]
        return res

    conv.register_unstructure_hook(union, unstructure)
    conv.register_structure_hook(union, structure)


def _structure_bool(raw: Any, _: Any) -> bool:
    if not isinstance(raw, bool):
        raise ValueError(f"expected true or false, got {raw!r}")
    return raw


def _structure_str(raw: Any, _: Any) -> str:
    if not isinstance(raw, str):
        raise ValueError(f"expected a string, got {raw!r}")
    return raw


def _structure_int(raw: Any, _: Any) -> int:
    if not isinstance(raw, int) or isinstance(raw, bool):
        raise ValueError(f"expected an integer, got {raw!r}")
    return raw


def _structure_changed(raw: Any, _: Any) -> tuple[str, ...] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise ValueError(f"Rerun.changed must be a list of widget ids (strings) or null, got {raw!r}")
    return tuple(raw)


def wire_props(props: dict[str, Any]) -> dict[str, Any]:
    """``props`` without the properties kept in the process (names starting with ``_``):
    what the wire carries. ``props`` itself when it has none (the common case, told by
    its names, remembered per tuple of names)."""
    names = tuple(props)
    local = _LOCAL_NAMES.get(names)
    if local is None:
        local = _local_names(names)
    if local:
        props = props.copy()
        for name in local:
            del props[name]
    return props


_LOCAL_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}
"""Per tuple of property names, those kept in the process (tuples are few: one or two per
element command)."""


def _local_names(names: tuple[str, ...]) -> tuple[str, ...]:
    """Those of ``names`` kept in the process, remembered in :data:`_LOCAL_NAMES`."""
    if len(_LOCAL_NAMES) >= 4096:
        _LOCAL_NAMES.clear()
    local = _LOCAL_NAMES[names] = tuple(n for n in names if type(n) is str and n[:1] == "_")
    return local


def _unstructure_element(el: Element) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": el.kind, "props": wire_props(el.props)}
    if el.block:
        out["block"] = True
    return out


def _unstructure_delta(d: Delta) -> dict[str, Any]:
    return {"type": "Delta", "root": d.root, "path": d.path, "element": _unstructure_element(d.element)}


def encode_element(el: Element) -> str:
    """The JSON of ``el`` (computed once per element and remembered on it).

    Two elements are identical on the page exactly when these strings are equal, so
    the queue compares and stores these instead of whole elements.
    """
    encoded = el._encoded
    if encoded is None:
        encoded = _dumps(_unstructure_element(el))
        object.__setattr__(el, "_encoded", encoded)
    return encoded


def encoded_element(kind: str, props: dict[str, Any]) -> Element:
    """``Element(kind, props)`` (a leaf) with the JSON :func:`encode_element` gives it already
    remembered: written straight from ``kind`` and ``props``, the same string without the
    dictionary that wraps them (the queue's path for every element of a run)."""
    head = _ELEMENT_HEADS.get(kind)
    if head is None:
        head = _ELEMENT_HEADS[kind] = '{"kind":' + _dumps(kind) + ',"props":'
    # wire_props and _dumps, inlined (two calls less per element).
    names = tuple(props)
    local = _LOCAL_NAMES.get(names)
    if local is None:
        local = _local_names(names)
    wire = props
    if local:
        wire = props.copy()
        for name in local:
            del wire[name]
    try:
        body = "".join(_fast_encode(wire, 0)) if _fast_encode is not None else _encoder.encode(wire)
    except RecursionError:
        body = _encoder.encode(wire)
    # Built through its slots: a frozen class's __init__ sets each field with a call of
    # object.__setattr__, which costs twice as much (this runs for every element of a run).
    el = _new(Element)
    _SET_KIND(el, kind)
    _SET_PROPS(el, props)
    _SET_BLOCK(el, False)
    _SET_ENCODED(el, head + body + "}")
    return el


def leaf_delta(root: str, path: tuple[int, ...], element: Element) -> Delta:
    """``Delta(root, path, element)``, built through its slots like :func:`encoded_element`
    (the queue's path for every element of a run; no value is checked or converted)."""
    delta = _new(Delta)
    _SET_ROOT(delta, root)
    _SET_PATH(delta, path)
    _SET_ELEMENT(delta, element)
    return delta


_new = object.__new__


def _slot_setters(cls: type, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The slot descriptors' setters of ``cls``'s fields, in the order of ``names``, which
    must be every field (so a field added to the class cannot be left unset silently)."""
    fields = tuple(a.name for a in attrs.fields(cls))
    if sorted(fields) != sorted(names):
        raise TypeError(f"{cls.__name__} has the fields {fields}, not {names}")
    return tuple(cls.__dict__[name].__set__ for name in names)


_SET_KIND, _SET_PROPS, _SET_BLOCK, _SET_ENCODED = _slot_setters(Element, ("kind", "props", "block", "_encoded"))
_SET_ROOT, _SET_PATH, _SET_ELEMENT = _slot_setters(Delta, ("root", "path", "element"))


_ELEMENT_HEADS: dict[str, str] = {}
"""The JSON that starts an element of each kind (kinds are few)."""


@functools.lru_cache(maxsize=64)
def _delta_head(root: str) -> str:
    return '{"type":"Delta","root":' + _dumps(root) + ',"path":['


@functools.cache
def get_converter() -> cattrs.Converter:
    """The single converter used for every wire message (built on first use, so that
    importing the message classes stays cheap)."""
    return _make_converter()


@functools.cache
def _forward_hook() -> Any:
    return get_converter().get_unstructure_hook(ForwardMsg)


def build_all_hooks() -> None:
    """Build the converter and every message type's hooks now, instead of when a message of
    that type is first read or written (``kernel_warm_up``: a worker about to serve)."""
    conv = get_converter()
    _forward_hook()
    for union in (ForwardMsg, BackMsg):
        for cl in union.__args__:
            conv.get_structure_hook(cl)
            conv.get_unstructure_hook(cl)


def __getattr__(name: str) -> Any:
    if name == "converter":
        return get_converter()
    raise AttributeError(f"module 'kernel.contracts.messages' has no attribute {name!r}")

_encoder = json.JSONEncoder(separators=(",", ":"), default=str)


def _make_fast_encode() -> Any:
    # The C encoder that JSONEncoder.encode builds on every call, built once: that call
    # costs about as much as encoding a small element. No circular-reference markers
    # here (a cycle ends in RecursionError, and then _dumps asks JSONEncoder, which
    # names the cycle).
    try:
        from _json import encode_basestring_ascii, make_encoder
    except ImportError:  # pragma: no cover - CPython always has _json
        return None
    return make_encoder(None, str, encode_basestring_ascii, None, ":", ",", False, False, True)


_fast_encode = _make_fast_encode()


def _dumps(value: Any) -> str:
    """ASCII-only JSON, so a frame's length in characters is its size in bytes."""
    if _fast_encode is not None:
        try:
            return "".join(_fast_encode(value, 0))
        except RecursionError:
            pass
    return _encoder.encode(value)


def encode_forward_frame(msgs: list[ForwardMsg]) -> str:
    """Serialize a batch of forward messages into one JSON frame."""
    unstructure = _forward_hook()
    parts: list[str] = []
    append = parts.append
    for m in msgs:
        if type(m) is Delta:
            # Paths are ints and roots are few: a delta's JSON is built around its element's
            # memo in one piece (most paths have one index).
            path = m.path
            append(f'{_delta_head(m.root)}{path[0] if len(path) == 1 else ",".join(map(str, path))}'
                   f'],"element":{encode_element(m.element)}}}')
        else:
            append(_dumps(unstructure(m)))
    if not parts:
        return "[]"
    # The brackets go on the first and last parts: the frame is copied once, by the join.
    parts[0] = "[" + parts[0]
    parts[-1] += "]"
    return ",".join(parts)


def encode_back_frame(msgs: list[BackMsg]) -> str:
    """Serialize a batch of back messages (what the web client sends) into one frame."""
    return _dumps(get_converter().unstructure(msgs, list[BackMsg]))


def _parse(frame: str | bytes) -> list[Any]:
    try:
        raw = json.loads(frame)
    except ValueError as exc:
        raise FrameError(f"frame is not valid JSON: {exc}") from None
    except RecursionError:
        raise FrameError("frame is nested too deeply") from None
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise FrameError(f"a frame must be a JSON array of messages, got {type(raw).__name__}")
    return raw


def _structure(raw: list[Any], union: Any, types: tuple[type, ...]) -> list[Any]:
    out = []
    import cattrs

    conv = get_converter()
    known_tags = {_tag(c) for c in types}
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("type"), str) or item["type"] not in known_tags:
            got = item.get("type") if isinstance(item, dict) else type(item).__name__
            raise FrameError(
                f"message {i} has an unknown type {got!r}; each message is an object whose \"type\" is one of: "
                + ", ".join(sorted(known_tags))
            )
        try:
            out.append(conv.structure(item, union))
        except (cattrs.BaseValidationError, KeyError, TypeError, ValueError, AttributeError) as exc:
            known = ", ".join(sorted(_tag(c) for c in types))
            kind = item.get("type") if isinstance(item, dict) else None
            what = f"message {i} ({kind!r})" if kind else f"message {i}"
            detail = "; ".join(cattrs.transform_error(exc)) if isinstance(exc, cattrs.BaseValidationError) else exc
            raise FrameError(f"{what} is unknown or malformed (known types: {known}): {detail}") from None
    return out


def decode_back_frame(frame: str | bytes) -> list[BackMsg]:
    """Parse one JSON frame from the client into messages, or raise :class:`FrameError`."""
    return _structure(_parse(frame), BackMsg, BACK_TYPES)


def decode_forward_frame(frame: str | bytes) -> list[ForwardMsg]:
    """Parse one frame from the server (for tests and Python clients)."""
    return _structure(_parse(frame), ForwardMsg, FORWARD_TYPES)

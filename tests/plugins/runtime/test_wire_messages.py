"""Every wire message survives a round trip through the one converter, tagged by type."""

from __future__ import annotations

import json
import random

import attrs
import pytest

from kernel.contracts.messages import (
    BACK_TYPES,
    FORWARD_TYPES,
    ClearCache,
    ContainerRef,
    Delta,
    Element,
    ErrorMsg,
    ForwardMsg,
    FrameError,
    Heartbeat,
    Navigation,
    NavPage,
    NewSession,
    PageConfig,
    PageInfo,
    Rerun,
    ScriptFinished,
    ScriptStarted,
    SessionStatus,
    SetRunOnSave,
    Stop,
    Trim,
    UploadAck,
    UploadCancel,
    UploadChunk,
    UploadRefused,
    UploadStart,
    _slot_setters,
    decode_back_frame,
    decode_forward_frame,
    encode_back_frame,
    encode_element,
    encode_forward_frame,
    encoded_element,
    get_converter,
    leaf_delta,
    wire_props,
)
from kernel.testing import AppTest

FORWARD = [
    NewSession("sid", "tok", resumed=True, script_name="app.py"),
    ScriptStarted(3),
    Delta("main", (0, 2), Element("text", {"body": "é <b>"})),
    Delta("sidebar", (1,), Element("columns", {"role": "row"}, block=True)),
    ScriptFinished(3, "ok", (Trim("main", (), 2), Trim("main", (0,), 0))),
    PageConfig(title="T", icon="🎈", layout="wide", initial_sidebar_state="collapsed"),
    SessionStatus(run_on_save=True, source_changed=True),
    ErrorMsg("bad", "bad_frame"),
    PageInfo("a=1&a=2&b="),
    ScriptFinished(4, "ok", (Trim("main", (1,), 0),), scope=(ContainerRef("main", (1,)),)),
    Navigation((NavPage("", "Home", "🏠"), NavPage("stats", "Stats", section="More", hidden=True, help="h"),
                NavPage("", "Docs", external_url="https://example.com")), current="stats", position="top",
               collapsed_count=10, page_not_found="nope", switched=True, query_string="a=1"),
    UploadAck("f-0123456789", 1048576, start=True),
    UploadRefused("f-0123456789", "big.bin is 250.0 MB, over the upload limit of 200 MB."),
]
BACK = [Rerun({"w": [1, 2], "t": "x"}, trigger="b"), Stop(),
        Rerun({}, None, query_string="q=1", fragment_id="fragment-x", is_auto_rerun=True,
              context={"timezone": "UTC", "timezone_offset": 0}), ClearCache(),
        SetRunOnSave(False), Heartbeat(), Rerun({}, page="stats"),
        UploadStart("f-0123456789", "w::upload", "données.csv", 12, "text/csv"),
        UploadChunk("f-0123456789", 0, "aGVsbG8="), UploadCancel("f-0123456789")]


def test_every_type_is_covered() -> None:
    assert {type(m) for m in FORWARD} == set(FORWARD_TYPES)
    assert {type(m) for m in BACK} == set(BACK_TYPES)


@pytest.mark.parametrize("msg", FORWARD, ids=lambda m: type(m).__name__)
def test_forward_round_trip(msg: object) -> None:
    frame = encode_forward_frame([msg])  # type: ignore[list-item]
    assert frame.isascii()
    raw = json.loads(frame)
    assert raw[0]["type"] == ("Error" if isinstance(msg, ErrorMsg) else type(msg).__name__)
    assert decode_forward_frame(frame) == [msg]


@pytest.mark.parametrize("msg", BACK, ids=lambda m: type(m).__name__)
def test_back_round_trip(msg: object) -> None:
    assert decode_back_frame(encode_back_frame([msg])) == [msg]  # type: ignore[list-item]


def test_a_frame_is_a_batch_and_a_single_object_is_accepted() -> None:
    assert decode_forward_frame(encode_forward_frame(FORWARD)) == FORWARD  # type: ignore[arg-type]
    assert decode_back_frame('{"type": "Stop"}') == [Stop()]


def test_element_encoding_is_memoised_and_not_part_of_equality() -> None:
    a = Element("text", {"body": "x"})
    b = Element("text", {"body": "x"})
    assert encode_element(a) == '{"kind":"text","props":{"body":"x"}}'
    assert a == b and encode_element(a) is encode_element(a)


def test_element_json_is_what_the_standard_encoder_writes() -> None:
    # Elements are encoded with the C encoder called directly: same text as JSONEncoder
    # (ASCII only, compact, str() of unknown values, NaN as the encoder writes it).
    props = {"body": "é\u2028\"<x>", "n": [1, 2.5, None, True, False], "f": float("nan"),
             "nested": {"k": (1, 2)}, "other": object.__new__(Stop), 3: "int key"}
    expected = json.JSONEncoder(separators=(",", ":"), default=str).encode({"kind": "x", "props": props})
    assert encode_element(Element("x", props)) == expected


def test_an_element_encoded_straight_from_kind_and_props_has_the_same_json() -> None:
    # encoded_element (the queue's path) writes the JSON without the wrapping dict; over
    # many elements it must be the very string the converter's path gives.
    rng = random.Random(19)
    alphabet = "ab Z09_-*`#<>&\"'\\/\n\t\x00\x1f\x7fé€\u2028\U0001f600:[]()"
    values: list[object] = [None, True, False, 0, -7, 2**70, 1.5, float("inf"), "", [1, "x"], {"k": None}]
    for _ in range(3000):
        props: dict[object, object] = {}
        for _n in range(rng.randrange(0, 8)):
            name = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 6)))
            props[name] = (rng.choice(values) if rng.random() < 0.3
                           else "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40))))
        kind = rng.choice(["text", "markdown", "checkbox", "k\"ind", "é"])
        assert encode_element(encoded_element(kind, props)) == encode_element(Element(kind, props)), (kind, props)
    for kind, props in [("x", {}), ("text", {"body": "é\u2028\"<x>", "nested": {"k": (1, 2)}, 3: "int key"})]:
        assert encode_element(encoded_element(kind, props)) == encode_element(Element(kind, props))
    assert encoded_element("text", {"body": "x"}) == Element("text", {"body": "x"})


def test_elements_and_deltas_built_through_their_slots_equal_the_constructed_ones() -> None:
    # encoded_element and leaf_delta skip attrs' __init__: every field must still be set,
    # to the same values, and the objects stay frozen.
    el = encoded_element("text", {"body": "x", "wrap": True})
    assert (el.kind, el.props, el.block) == ("text", {"body": "x", "wrap": True}, False)
    assert el == Element("text", {"body": "x", "wrap": True})
    delta = leaf_delta("main", (0, 3), el)
    assert delta == Delta("main", (0, 3), Element("text", {"body": "x", "wrap": True}))
    assert (delta.root, delta.path, delta.element) == ("main", (0, 3), el)
    assert encode_forward_frame([delta]) == encode_forward_frame([Delta("main", (0, 3), el)])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        delta.root = "sidebar"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        el.kind = "markdown"  # type: ignore[misc]
    # A field the fast path does not name is an error at import, not an unset slot.
    with pytest.raises(TypeError, match="fields"):
        _slot_setters(Delta, ("root", "path"))


PAGE = """
from kernel import st
v = st.slider("v", 0, 100, 3)
for i in range(12):
    st.text(f"row {i}: {v}", help=f"tip *{v}*")
    st.markdown(f"row **{i}**: {v} é \\u2028 <b>")
    st.write(f"It's {v}")
    st.caption(f"# {i} [link](https://example.com/{v})")
    st.header(f"h {v}", help="x" if i % 2 else None)
    st.checkbox(f"check {i}", value=bool(v % 2), help="a *b*")
    st.code(f"x = {v}")
    st.json({"v": v, "i": [i, None]})
    with st.columns(2)[1]:
        st.text(f"in a column {v}")
"""


def test_every_element_a_page_sends_has_the_json_of_its_content() -> None:
    # What the queue remembered as each element's JSON is the JSON of its content.
    at = AppTest.from_string(PAGE)
    session = at._ensure_session()
    sent: list[Element] = []
    real = session.queue.flush

    def recording_flush() -> list[object]:
        msgs = real()
        sent.extend(m.element for m in msgs if isinstance(m, Delta))
        return msgs

    session.queue.flush = recording_flush  # type: ignore[method-assign]
    at.run()
    at.slider[0].set_value(8).run()
    assert not at.exception
    assert len(sent) > 200
    for el in sent:
        assert encode_element(el) == encode_element(Element(el.kind, el.props, el.block))


def test_a_frame_is_the_compact_json_of_its_messages_as_the_converter_writes_them() -> None:
    # Deltas are written around their elements' memo, the rest through the converter: the
    # frame is still the one JSON text of the list (no spaces, ASCII only).
    msgs = [*FORWARD, Delta("main", (), Element("x", {})), Delta("main", (3, 1, 4), Element("t", {"b": "é"}))]
    conv = get_converter()
    expected = json.dumps([conv.unstructure(m, ForwardMsg) for m in msgs], separators=(",", ":"))
    assert encode_forward_frame(msgs) == expected  # type: ignore[arg-type]
    assert encode_forward_frame([]) == "[]"


def test_an_element_holding_a_cycle_is_refused_by_name() -> None:
    props: dict[str, object] = {}
    props["self"] = props
    with pytest.raises(ValueError, match="Circular reference"):
        encode_element(Element("x", props))


def test_forward_frames_are_checked_too() -> None:
    with pytest.raises(FrameError, match="unknown type 'Rerun'"):
        decode_forward_frame('[{"type": "Rerun"}]')


def test_one_converter() -> None:
    import kernel.contracts.messages as messages

    assert messages.converter is get_converter()


@pytest.mark.parametrize("flag", ['"false"', "0", "1", "null", '"yes"'])
def test_a_flag_must_be_json_true_or_false(flag: str) -> None:
    """A string or a number where a flag belongs is an error frame, not its truth value
    ("false" would otherwise read as True)."""
    with pytest.raises(FrameError, match="expected bool"):
        decode_back_frame(f'[{{"type": "Rerun", "widget_states": {{}}, "navigation": {flag}}}]')
    with pytest.raises(FrameError, match="expected bool"):
        decode_back_frame(f'[{{"type": "SetRunOnSave", "enabled": {flag}}}]')
    assert decode_back_frame('[{"type": "SetRunOnSave", "enabled": false}]')[0].enabled is False  # type: ignore[union-attr]


@pytest.mark.parametrize("field, value", [("trigger", "5"), ("trigger", "[1]"), ("query_string", "3.5"),
                                          ("page", '{"a": 1}'), ("fragment_id", "true")])
def test_a_wrongly_typed_text_field_is_refused_not_coerced(field: str, value: str) -> None:
    """A number, list or object where a string belongs is a bad frame (it used to become its repr)."""
    with pytest.raises(FrameError, match=f"expected str.*{field}"):
        decode_back_frame(f'[{{"type": "Rerun", "{field}": {value}}}]')


@pytest.mark.parametrize("value", ['"3"', "3.0", "true"])
def test_a_wrongly_typed_count_is_refused_not_coerced(value: str) -> None:
    with pytest.raises(FrameError, match="expected int"):
        decode_forward_frame(f'[{{"type": "ScriptStarted", "run_id": {value}}}]')


def test_properties_named_with_an_underscore_stay_in_the_process() -> None:
    # A Markdown element keeps its source for the test API (`_body`); the wire carries
    # only the HTML, on both encoding paths (the queue's and the converter's).
    props = {"_body": "**hi**", "html": "<p><strong>hi</strong></p>\n", "align": "left", 3: "int key"}
    wire = '{"kind":"markdown","props":{"html":"<p><strong>hi</strong></p>\\n","align":"left","3":"int key"}}'
    assert encode_element(encoded_element("markdown", props)) == wire
    assert encode_element(Element("markdown", props)) == wire
    assert encoded_element("markdown", props).props["_body"] == "**hi**"
    unstructured = get_converter().unstructure(Delta("main", (0,), Element("markdown", props)), ForwardMsg)
    assert unstructured["element"]["props"] == {"html": props["html"], "align": "left", 3: "int key"}
    plain = {"body": "x", "help_html": None}
    assert wire_props(plain) is plain

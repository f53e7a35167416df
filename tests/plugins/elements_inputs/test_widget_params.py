"""The parameters every input widget shares with Streamlit: on_change modes, bind,
persist_state, wrap, required, and the widget-specific ones (text_input's type, validate
and live; selectbox/multiselect filter_mode and select_all; button icon_position and
shortcut; chat_input audio and height)."""

from __future__ import annotations

import datetime as dt

import pytest

from kernel.testing import AppTest
from tests.plugins.elements_inputs.inputs_harness import error_of

# One call of each labelled widget with a key, as `{args}` after st.NAME(.
WIDGETS = {
    "checkbox": "'Dark', key='w'",
    "toggle": "'Dark', key='w'",
    "radio": "'Pick', ['a', 'b'], key='w'",
    "selectbox": "'Pick', ['a', 'b'], key='w'",
    "multiselect": "'Pick', ['a', 'b'], key='w'",
    "slider": "'N', key='w'",
    "select_slider": "'Size', ['S', 'M', 'L'], key='w'",
    "text_input": "'Name', key='w'",
    "text_area": "'Notes', key='w'",
    "number_input": "'N', key='w'",
    "date_input": "'Day', value=dt.date(2024, 5, 1), key='w'",
    "time_input": "'At', value=dt.time(8, 45), key='w'",
    "color_picker": "'Colour', key='w'",
    "pills": "'Tags', ['a', 'b'], key='w'",
    "segmented_control": "'Mode', ['a', 'b'], key='w'",
    "feedback": "key='w'",
}
ELEMENT = {"segmented_control": "pills"}


def _props(name: str, extra: str = "") -> dict:
    at = AppTest.from_string(f"from kernel import st\nimport datetime as dt\nst.{name}({WIDGETS[name]}{extra})\n").run()
    assert not at.exception, at.exception[0].value if at.exception else None
    return at.get(ELEMENT.get(name, name))[0].props


# -- on_change ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_on_change_modes_reach_the_page(name: str) -> None:
    assert _props(name)["rerun"] is True  # the default is "rerun"
    assert _props(name, ", on_change=None")["rerun"] is True  # None = "rerun"
    assert _props(name, ", on_change='ignore'")["rerun"] is False
    assert _props(name, ", on_change=print")["rerun"] is True


@pytest.mark.parametrize("name", sorted(WIDGETS))
def test_an_unknown_on_change_mode_is_refused(name: str) -> None:
    message = error_of(f"st.{name}({WIDGETS[name]}, on_change='later')")
    assert f"st.{name}(on_change='later')" in message and "'rerun', 'ignore'" in message


def test_an_ignored_change_arrives_with_the_next_rerun_something_else_causes() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.session_state.runs = st.session_state.get("runs", 0) + 1
        on = st.checkbox("Held", key="held", on_change="ignore")
        n = st.slider("Level", 0, 10, key="level", on_change="ignore")
        st.button("Go")
        st.text(f"{on} {n} run {st.session_state.runs}")
        """
    ).run()
    assert at.checkbox[0].props["rerun"] is False and at.slider[0].props["rerun"] is False
    assert at.text[0].value == "False 0 run 1"
    # The page keeps the changed values and sends them with the button's rerun.
    at.checkbox[0].check()
    at.slider[0].set_value(7)
    at.button[0].click().run()
    assert at.text[0].value == "True 7 run 2"
    assert at.session_state["held"] is True and at.session_state["level"] == 7


def test_callables_still_run_with_args() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        def changed(tag, *, twice):
            st.session_state.log = st.session_state.get("log", []) + [tag * (2 if twice else 1)]
        st.toggle("T", key="t", on_change=changed, args=("x",), kwargs={"twice": True})
        st.text(str(st.session_state.get("log")))
        """
    ).run()
    at.toggle[0].set_value(True).run()
    assert at.text[0].value == "['xx']"


# -- bind="query-params" --------------------------------------------------------------------

BOUND = [
    # (command call, URL value, what the script sees for it, a value set from the page, its URL form)
    ("st.checkbox('Dark', key='p', bind='query-params')", "true", True, True, "true"),
    ("st.toggle('Dark', key='p', bind='query-params')", "true", True, True, "true"),
    ("st.radio('Pick', ['a', 'b', 'c'], key='p', bind='query-params')", "c", "c", "b", "b"),
    ("st.selectbox('Pick', ['a', 'b', 'c'], key='p', bind='query-params')", "c", "c", "b", "b"),
    ("st.slider('N', 0, 10, key='p', bind='query-params')", "7", 7, 3, "3"),
    ("st.slider('F', 0.0, 1.0, key='p', bind='query-params')", "0.25", 0.25, 0.5, "0.5"),
    ("st.select_slider('Size', ['S', 'M', 'L'], key='p', bind='query-params')", "L", "L", "M", "M"),
    ("st.text_input('Name', key='p', bind='query-params')", "Ada", "Ada", "Bob", "Bob"),
    ("st.text_area('Notes', key='p', bind='query-params')", "hi there", "hi there", "x", "x"),
    ("st.number_input('N', 0, 100, key='p', bind='query-params')", "42", 42, 5, "5"),
    ("st.date_input('Day', dt.date(2024, 5, 1), key='p', bind='query-params')", "2024-06-02",
     dt.date(2024, 6, 2), dt.date(2024, 5, 3), "2024-05-03"),
    ("st.time_input('At', dt.time(8, 45), key='p', bind='query-params')", "09:30:00", dt.time(9, 30),
     dt.time(10, 15), "10:15:00"),
    ("st.color_picker('C', key='p', bind='query-params')", "#00ff00", "#00ff00", "#ff0000", "#ff0000"),
    ("st.pills('Tags', ['a', 'b'], key='p', bind='query-params')", "b", "b", "a", "a"),
    ("st.segmented_control('Mode', ['a', 'b'], key='p', bind='query-params')", "b", "b", "a", "a"),
    ("st.feedback('stars', key='p', bind='query-params')", "3", 3, 1, "1"),
]


def _bound_app(call: str) -> AppTest:
    return AppTest.from_string(f"from kernel import st\nimport datetime as dt\nst.text(repr({call}))\n")


BOUND_IDS = [c.split("(")[0] for c, *_ in BOUND]


@pytest.mark.parametrize(("call", "url", "seen", "picked", "shown"), BOUND, ids=BOUND_IDS)
def test_bound_widgets_follow_the_url_and_write_it(call: str, url: str, seen: object, picked: object,
                                                    shown: str) -> None:
    at = _bound_app(call)
    at.query_params["p"] = url
    at.run()
    assert not at.exception
    assert at.text[0].value == repr(seen)  # opening a URL with the parameter presets the widget
    assert at.session_state["p"] == seen
    at.get_by_key("p").set_value(picked).run()
    assert at.text[0].value == repr(picked)
    assert at.query_params["p"] == shown  # the page changed the widget: the URL follows


@pytest.mark.parametrize(("call", "url", "seen", "picked", "shown"), BOUND[:4], ids=BOUND_IDS[:4])
def test_a_bound_widget_at_its_default_has_no_parameter(call: str, url: str, seen: object, picked: object,
                                                        shown: str) -> None:
    at = _bound_app(call).run()
    assert "p" not in at.query_params
    at.query_params["p"] = url
    at.run()  # the URL changed (e.g. back/forward): the widget takes its value
    assert at.text[0].value == repr(seen)
    at.query_params.pop("p")
    at.run()  # parameter gone: the widget is back at its default, the URL stays clean
    assert "p" not in at.query_params and at.session_state["p"] != seen


def test_repeated_parameters_for_multi_value_widgets() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.text(repr(st.multiselect("Pick", ["a", "b", "c"], key="m", bind="query-params")))
        st.text(repr(st.slider("R", 0, 10, (2, 8), key="r", bind="query-params")))
        st.text(repr(st.pills("P", ["x", "y"], selection_mode="multi", key="p", bind="query-params")))
        """
    )
    at.query_params.update({"m": ["c", "a"], "r": ["1", "9"], "p": ["y"]})
    at.run()
    assert [t.value for t in at.text] == ["['c', 'a']", "(1, 9)", "['y']"]
    at.multiselect[0].set_value(["b"])
    at.slider[0].set_value((3, 4))
    at.run()
    assert at.query_params["m"] == "b" and at.query_params["r"] == ["3", "4"]


def test_a_range_select_slider_binds_to_a_repeated_parameter() -> None:
    at = _bound_app("st.select_slider('S', ['a', 'b', 'c', 'd'], value=('a', 'b'), key='p', bind='query-params')")
    at.query_params["p"] = ["b", "d"]
    at.run()
    assert at.text[0].value == "('b', 'd')"
    at.select_slider[0].set_value(("a", "c")).run()
    assert at.query_params["p"] == ["a", "c"]
    at.query_params["p"] = ["c", "zzz"]
    at.run()  # not two options: the widget keeps its value and the URL is corrected
    assert at.text[0].value == "('a', 'c')" and at.query_params["p"] == ["a", "c"]


def test_a_url_value_the_widget_cannot_take_is_corrected() -> None:
    at = _bound_app("st.selectbox('Pick', ['a', 'b'], key='p', bind='query-params')")
    at.query_params["p"] = "zzz"
    at.run()
    assert at.text[0].value == "'a'" and "p" not in at.query_params
    at = _bound_app("st.slider('N', 0, 10, key='p', bind='query-params')")
    at.query_params["p"] = "99"
    at.run()
    assert at.text[0].value == "10" and at.query_params["p"] == "10"  # clamped like a page value


def test_session_state_changes_a_bound_widget_and_its_url() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        if st.button("Reset"):
            st.session_state.q = "reset"
        st.text(st.text_input("Q", key="q", bind="query-params"))
        """
    ).run()
    at.button[0].click().run()
    assert at.text[0].value == "reset" and at.query_params["q"] == "reset"


def test_query_params_cannot_set_or_delete_a_bound_parameter() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.checkbox("Dark", key="dark", bind="query-params")
        action = st.session_state.get("action")
        try:
            if action == "set":
                st.query_params["dark"] = "true"
            elif action == "del":
                del st.query_params["dark"]
            elif action == "from_dict":
                st.query_params.from_dict({"dark": "true"})
            elif action == "clear":
                st.query_params.other = "1"
                st.query_params.clear()
            st.text("ok " + repr(st.query_params.to_dict()))
        except Exception as exc:
            st.text(f"{type(exc).__name__}: {exc}")
        """
    )
    at.query_params["dark"] = "true"
    at.run()
    for action in ("set", "del", "from_dict"):
        at.session_state["action"] = action
        at.run()
        assert at.text[0].value.startswith("QueryParamsError: st.query_params cannot set or delete 'dark'")
        assert "st.session_state['dark']" in at.text[0].value
    at.session_state["action"] = "clear"
    at.run()
    assert at.text[0].value == "ok {'dark': 'true'}"  # clear() keeps bound parameters


def test_bind_needs_a_key_and_a_known_mode() -> None:
    assert "bind='query-params') needs a key" in error_of("st.checkbox('x', bind='query-params')")
    assert "bind must be None or 'query-params'" in error_of("st.slider('x', key='k', bind='url')")


@pytest.mark.parametrize("key", ["embed", "Embed_Options"])
def test_a_widget_cannot_bind_to_an_embed_parameter(key: str) -> None:
    """The page reads ?embed=... itself; a bound widget writing it would change how the app is shown."""
    message = error_of(f"st.checkbox('x', key={key!r}, bind='query-params')")
    assert "is reserved for embedding the app" in message


def test_a_gone_bound_widget_releases_its_parameter() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        if st.session_state.get("show", True):
            st.checkbox("Dark", key="dark", bind="query-params")
        elif st.session_state.get("write"):
            st.query_params["dark"] = "by hand"
        """
    ).run()
    at.session_state["show"] = False
    at.run()  # the first complete run without the widget releases the binding
    at.session_state["write"] = True
    at.run()
    assert not at.exception and at.query_params["dark"] == "by hand"


def test_a_widget_no_longer_bound_releases_its_parameter() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.checkbox("Dark", key="dark", bind="query-params" if st.session_state.get("bind", True) else None)
        if st.session_state.get("write"):
            st.query_params["dark"] = "by hand"
        """
    ).run()
    at.checkbox[0].check().run()
    assert at.query_params["dark"] == "true"
    at.session_state["bind"] = False
    at.run()  # still shown, but without bind: the parameter is the app's again
    at.session_state["write"] = True
    at.run()
    assert not at.exception and at.query_params["dark"] == "by hand"


# -- persist_state ----------------------------------------------------------------------------


@pytest.mark.parametrize("persist", [None, "session", "page"])
def test_persist_state_through_the_commands(persist: str | None) -> None:
    at = AppTest.from_string(
        f"""
        from kernel import st
        if st.session_state.get("show", True):
            st.text_input("Name", key="name", persist_state={persist!r})
            st.slider("N", 0, 10, key="n", persist_state={persist!r})
        """
    ).run()
    at.text_input[0].input("Ada")
    at.slider[0].set_value(4)
    at.run()
    at.session_state["show"] = False
    at.run()
    at.run()
    at.session_state["show"] = True
    at.run()
    kept = persist is not None
    assert at.text_input[0].value == ("Ada" if kept else "")
    assert at.slider[0].value == (4 if kept else 0)


def test_persist_state_is_checked() -> None:
    assert "persist_state must be None, 'page' or 'session'" in error_of(
        "st.checkbox('x', key='k', persist_state='forever')")
    assert "persist_state='session') needs a key" in error_of("st.radio('x', ['a'], persist_state='session')")


# -- wrap, required, icons ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["checkbox", "toggle", "multiselect", "pills", "segmented_control"])
def test_wrap(name: str) -> None:
    assert _props(name).get("wrap") is None  # None props are left off the wire
    assert _props(name, ", wrap=False")["wrap"] is False
    assert "wrap must be True or False or None" in error_of(f"st.{name}({WIDGETS[name]}, wrap='yes')")


@pytest.mark.parametrize("name", ["selectbox", "text_input", "text_area", "number_input", "date_input", "time_input"])
def test_required_goes_to_the_page_and_keeps_the_default(name: str) -> None:
    plain = _props(name)
    assert plain["required"] is False
    props = _props(name, ", required=True")
    assert props["required"] is True
    assert props.get("value") == plain.get("value") and props.get("index") == plain.get("index")
    assert "required must be True or False" in error_of(f"st.{name}({WIDGETS[name]}, required='yes')")


def test_icons_in_fields() -> None:
    assert _props("selectbox", ", icon='🔎'")["icon"] == "🔎"
    assert _props("number_input", ", icon=':material/euro:'")["icon"] == ":material/euro:"
    assert _props("text_input", ", icon='✏️'")["icon"] == "✏️"


# -- text_input: type, validate, live -------------------------------------------------------------


def test_text_input_types_supply_defaults_that_can_be_turned_off() -> None:
    email = _props("text_input", ", type='email'")
    assert email["icon"] == ":material/mail:" and email["autocomplete"] == "email"
    assert email["placeholder"] == "name@example.com" and email["validate"]["message"]
    off = _props("text_input", ", type='email', icon='', placeholder='', validate='', autocomplete=''")
    assert off.get("icon") is None and off.get("placeholder") is None and off.get("validate") is None
    assert off.get("autocomplete") is None
    assert _props("text_input", ", type='url'")["validate"]["pattern"].startswith("https?")
    assert _props("text_input", ", type='phone'")["autocomplete"] == "tel"
    assert "type must be one of" in error_of("st.text_input('x', type='color')")


def test_text_input_validate() -> None:
    assert _props("text_input", ", validate='[0-9]+'")["validate"] == {"pattern": "[0-9]+",
                                                                       "message": "Invalid value"}
    pair = _props("text_input", ", validate=('[a-z]+', 'lowercase only')")["validate"]
    assert pair == {"pattern": "[a-z]+", "message": "lowercase only"}
    assert "is not a valid regular expression" in error_of("st.text_input('x', validate='[')")
    assert "validate must be a regular expression" in error_of("st.text_input('x', validate=5)")


@pytest.mark.parametrize("pattern", [r"\p{L}+", r"(?<year>\d{4})-\k<year>", r"[\u{1F600}-\u{1F64F}]+", r"\cJ?x"])
def test_text_input_validate_takes_javascript_only_syntax(pattern: str) -> None:
    """validate is a JavaScript regex run by the page: syntax Python's re lacks is not refused."""
    assert _props("text_input", f", validate={pattern!r}")["validate"]["pattern"] == pattern


@pytest.mark.parametrize(("live", "ms"), [(False, None), (True, 250), ("0ms", 0), ("500ms", 500), ("2s", 2000),
                                          ("1.5s", 1500), ("1m", 60000)])
def test_text_input_live(live: object, ms: int | None) -> None:
    assert _props("text_input", f", live={live!r}").get("live") == ms


@pytest.mark.parametrize("live", [5, 0.5, "2m", "fast", "dt.timedelta(seconds=1)"])
def test_text_input_live_refuses_other_values(live: object) -> None:
    shown = live if isinstance(live, str) and live.startswith("dt.") else repr(live)
    assert "live must be True, False or a duration string" in error_of(f"st.text_input('x', live={shown})")


def test_validate_is_part_of_a_keyed_text_inputs_identity() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        st.text_input("Code", key="c", validate=st.session_state.get("rule", "[0-9]+"))
        """
    ).run()
    first = at.text_input[0].id
    at.session_state["rule"] = "[a-z]+"
    at.run()
    assert at.text_input[0].id != first


# -- selectbox / multiselect ---------------------------------------------------------------------


def test_filter_mode() -> None:
    assert _props("selectbox")["filter_mode"] == "fuzzy"
    assert _props("multiselect", ", filter_mode='prefix'")["filter_mode"] == "prefix"
    assert _props("selectbox", ", filter_mode=None").get("filter_mode") is None
    assert "filter_mode must be one of" in error_of("st.selectbox('x', ['a'], filter_mode='regex')")
    assert "typing a new option needs a filter mode" in error_of(
        "st.multiselect('x', ['a'], filter_mode=None, accept_new_options=True)")
    assert "typing a new option needs a filter mode" in error_of(
        "st.selectbox('x', ['a'], filter_mode=None, accept_new_options=True)")


@pytest.mark.parametrize(("options", "extra", "shown"), [
    (3, "", True), (1, "", False), (3, ", select_all=False", False), (3, ", select_all=0", False),
    (3, ", select_all=1", False), (3, ", select_all=2", False), (3, ", select_all=3", True),
    (1, ", select_all=True", False), (2, ", select_all=True", True), (3, ", max_selections=2", False),
])
def test_select_all(options: int, extra: str, shown: bool) -> None:
    at = AppTest.from_string(f"from kernel import st\nst.multiselect('x', list(range({options})){extra})\n").run()
    assert at.multiselect[0].props["select_all"] is shown


def test_select_all_is_checked() -> None:
    assert "select_all must be True, False or a non-negative int" in error_of(
        "st.multiselect('x', ['a'], select_all=-1)")


# -- buttons -------------------------------------------------------------------------------------

BUTTONS = {
    "button": "st.button('Go'{extra})",
    "download_button": "st.download_button('Get', b'data'{extra})",
    "link_button": "st.link_button('Docs', 'https://example.com'{extra})",
    "form_submit_button": "with st.form('f'):\n    st.form_submit_button('Send'{extra})",
}


def _button_props(name: str, extra: str = "") -> dict:
    at = AppTest.from_string("from kernel import st\n" + BUTTONS[name].format(extra=extra) + "\n").run()
    assert not at.exception, at.exception[0].value if at.exception else None
    return at.get(name)[0].props


@pytest.mark.parametrize("name", sorted(BUTTONS))
def test_button_icon_position_shortcut_and_wrap(name: str) -> None:
    plain = _button_props(name)
    assert plain["icon_position"] == "left" and plain.get("shortcut") is None and plain.get("wrap") is None
    props = _button_props(name, ", icon='🚀', icon_position='right', shortcut='Ctrl+Shift+K', wrap=False")
    assert props["icon"] == "🚀" and props["icon_position"] == "right" and props["wrap"] is False
    assert props["shortcut"] == {"key": "k", "ctrl": True, "shift": True, "alt": False, "meta": False,
                                 "mod": False, "text": "Ctrl+Shift+K"}


@pytest.mark.parametrize(("shortcut", "expected"), [
    ("K", {"key": "k"}), ("Enter", {"key": "enter"}), ("F11", {"key": "f11"}),
    ("Cmd+Shift+O", {"key": "o", "meta": True, "shift": True}), ("Mod+S", {"key": "s", "mod": True}),
    ("Option+1", {"key": "1", "alt": True}),
])
def test_shortcuts(shortcut: str, expected: dict) -> None:
    got = _button_props("button", f", shortcut={shortcut!r}")["shortcut"]
    assert {k: v for k, v in got.items() if v and k != "text"} == expected


@pytest.mark.parametrize(("shortcut", "why"), [
    ("C", "C and R are reserved"), ("Ctrl+r", "C and R are reserved"), ("Ctrl+;", "punctuation is not supported"),
    ("Hyper+K", "is not a modifier"), ("", "shortcut must be a string"),
])
def test_bad_shortcuts_are_refused(shortcut: str, why: str) -> None:
    message = error_of(f"st.button('Go', shortcut={shortcut!r})")
    assert f"st.button(shortcut={shortcut!r})" in message and why in message


def test_button_arguments_are_checked() -> None:
    assert "icon_position must be one of 'left', 'right'" in error_of("st.button('x', icon_position='top')")
    assert "on_click must be a function or None" in error_of("st.button('x', on_click='rerun')")
    assert "type must be one of" in error_of("st.download_button('x', b'1', type='big')")


def test_download_button_on_click_ignore_does_not_rerun_the_page() -> None:
    assert _button_props("download_button", ", on_click='ignore'")["rerun"] is False
    assert _button_props("download_button", ", on_click=None")["rerun"] is True


# -- chat_input ---------------------------------------------------------------------------------


def test_chat_input_records_audio() -> None:
    at = AppTest.from_string(
        """
        from kernel import st
        v = st.chat_input("Say", accept_audio=True, audio_sample_rate=None, height=120)
        if v is None:
            st.text("none")
        else:
            clip = v.audio
            st.text(repr((v.text, None if clip is None else (clip.name, clip.type, clip.getvalue()), "files" in v)))
        """
    ).run()
    chat = at.chat_input[0]
    assert chat.props["accept_audio"] is True and chat.props.get("audio_sample_rate") is None
    assert chat.props["height"] == 120
    chat.record(b"RIFF....WAVE").set_value("").run()
    assert at.text[0].value == "('', ('audio.wav', 'audio/wav', b'RIFF....WAVE'), False)"
    at.chat_input[0].set_value("typed only").run()
    assert at.text[0].value == "('typed only', None, False)"
    at.run()
    assert at.text[0].value == "none"


CHAT_WITH_TYPES = """
from kernel import st
v = st.chat_input("Say", accept_file="multiple", file_type=["pdf"], accept_audio=True)
if v is not None:
    st.text(repr(([f.name for f in v.files], v.audio and (v.audio.name, v.audio.type))))
"""


def test_chat_input_file_type_checks_attached_files_and_the_clip_is_checked_as_wav() -> None:
    at = AppTest.from_string(CHAT_WITH_TYPES).run()
    chat = at.chat_input[0]
    chat.upload("notes.pdf", b"%PDF", "application/pdf").upload("song.wav", b"RIFF", "audio/wav")
    chat.record(b"RIFF....WAVE").set_value("hi").run()
    # A recording in the message no longer lets every audio/wav attachment through.
    assert at.text[0].value == "(['notes.pdf'], ('audio.wav', 'audio/wav'))"
    assert at.chat_input[0].props["errors"] == ["song.wav is not an accepted file type (.pdf)."]


def _record_webm(at: AppTest) -> None:
    """Stage a clip the page claims is WebM (the page records WAV; another client might not)."""
    chat = at.chat_input[0].record(b"\x1aE\xdf\xa3")
    key = str(chat.props["upload_key"])
    at._pending[key] = {i: {**f, "name": "audio.webm", "type": "audio/webm"} for i, f in at._pending[key].items()}


def test_chat_input_refuses_a_clip_that_is_not_wav() -> None:
    for app in (CHAT_WITH_TYPES, CHAT_WITH_TYPES.replace(', file_type=["pdf"]', "")):
        at = AppTest.from_string(app).run()
        _record_webm(at)
        at.chat_input[0].set_value("hi").run()
        assert at.text[0].value == "([], None)"
        assert at.chat_input[0].props["errors"] == ["audio.webm is not an accepted file type (audio/wav)."]


def test_chat_input_arguments_are_checked() -> None:
    assert "audio_sample_rate must be one of" in error_of("st.chat_input(accept_audio=True, audio_sample_rate=1)")
    assert "accept_audio must be True or False" in error_of("st.chat_input(accept_audio='yes')")
    assert "height must be 'content' or an int" in error_of("st.chat_input(height='stretch')")
    assert "submit_mode must be one of" in error_of("st.chat_input(submit_mode='later')")

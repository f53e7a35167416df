"""The app_api plugin: st.get_option/set_option, st.runtime, st.errors, deprecated and removed names."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from kernel import UnknownCommandError
from kernel.testing import AppTest
from tests.conftest import MakeApp


def run(script: str) -> AppTest:
    at = AppTest.from_string(script).run()
    assert not at.exception, [e.props for e in at.exception]
    return at


def bodies(at: AppTest) -> list[str]:
    return [m.props["body"] for m in at.markdown]


# -- st.get_option / st.set_option -------------------------------------------------


def test_get_option_reads_kernel_config_under_streamlit_and_kernel_names() -> None:
    at = run("""
        from kernel import st
        for key in ["server.port", "server.runOnSave", "server.run_on_save", "runner.magicEnabled",
                    "server.maxUploadSize", "server.maxMessageSize", "cache.backend",
                    "theme.primaryColor", "theme.sidebar.backgroundColor", "client.showErrorDetails"]:
            st.text(repr(st.get_option(key)))
    """)
    assert [t.value for t in at.text] == ["8501", "False", "False", "True", "200", "16", "'memory'", "None",
                                        "None", "'full'"]


@pytest.mark.parametrize("key, fragment", [
    ("server.prot", "Did you mean 'server.port'"),
    ("nonsense", "an option is named \"section.option\""),
    ("theme.primaryColour", "Did you mean 'theme.primaryColor'"),
])
def test_get_option_of_an_unknown_key_raises_a_runtime_error_naming_close_matches(key: str, fragment: str) -> None:
    at = AppTest.from_string(f"""
        from kernel import st
        try:
            st.get_option({key!r})
        except RuntimeError as exc:
            assert isinstance(exc, st.errors.StreamlitAPIException)
            st.text(str(exc))
    """).run()
    assert not at.exception
    assert fragment in at.text[0].value


def test_set_option_changes_only_the_options_a_script_may_change() -> None:
    at = run("""
        from kernel import st
        st.set_option("client.showErrorDetails", "type")
        st.text(st.get_option("client.showErrorDetails"))
        for key, value in [("server.port", 1), ("client.nope", 1), ("client.toolbarMode", "loud")]:
            try:
                st.set_option(key, value)
            except st.errors.StreamlitAPIException as exc:
                st.text(str(exc))
    """)
    texts = [t.value for t in at.text]
    assert texts[0] == "type"
    assert "server.port cannot be set while the app runs" in texts[1] and "--server.port=" in texts[1]
    assert "client.showErrorDetails" in texts[1], "the message lists the options a script can set"
    assert "no such config option" in texts[2]
    assert "'loud' is not a valid value for client.toolbarMode" in texts[3]


# -- st.runtime ----------------------------------------------------------------------


def test_runtime_exists_inside_a_run() -> None:
    at = run("""
        from kernel import st
        st.text(str(st.runtime.exists()))
    """)
    assert at.text[0].value == "True"


def test_runtime_does_not_exist_in_a_plain_python_process(tmp_path: Path) -> None:
    code = "from kernel import st; print(st.runtime.exists())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert out.stdout.strip() == "False"


# -- st.errors -----------------------------------------------------------------------


def test_st_errors_has_kernel_and_streamlit_names_for_the_same_classes() -> None:
    at = run("""
        from kernel import st
        from kernel.contracts import DuplicateElementId, WidgetAlreadyInstantiatedError
        e = st.errors
        assert e.StreamlitAPIException is e.KernelAPIException
        assert e.StreamlitDuplicateElementId is DuplicateElementId
        assert issubclass(e.StreamlitDuplicateElementId, e.DuplicateWidgetID)
        assert e.StreamlitWidgetAlreadyInstantiatedError is WidgetAlreadyInstantiatedError
        assert issubclass(e.StreamlitAPIWarning, Warning) and issubclass(e.StreamlitAPIWarning, e.StreamlitAPIException)
        for name in ["StreamlitValueAssignmentNotAllowedError", "StreamlitInvalidFormCallbackError",
                     "StreamlitInvalidLayoutContextError", "StreamlitPageNotFoundError", "StreamlitValueError"]:
            assert issubclass(getattr(e, name), e.StreamlitAPIException), name
        st.text("ok")
    """)
    assert at.text[0].value == "ok"


def test_except_streamlit_api_exception_catches_what_kernel_raises() -> None:
    at = run("""
        from kernel import st
        caught = []
        for attempt in [lambda: st.button("a") or st.button("a"),      # duplicate widget
                        lambda: st.columns(0),                         # layout argument
                        lambda: st.image("x.png", caption=["a", "b"]), # element argument
                        lambda: st.slider("s", 5, 1),                  # widget argument
                        lambda: st.query_params.update({"a": {"b": 1}})]:
            try:
                attempt()
            except st.errors.StreamlitAPIException as exc:
                caught.append(type(exc).__name__)
        st.text(" ".join(caught))
    """)
    assert len(at.text[0].value.split()) == 5, at.text[0].value


# -- deprecated names ------------------------------------------------------------------


def test_experimental_query_params_keep_the_old_list_semantics(caplog: pytest.LogCaptureFixture) -> None:
    at = AppTest.from_string("""
        from kernel import st
        st.json(st.experimental_get_query_params())
        if st.button("set"):
            st.experimental_set_query_params(tag=["a", "b"], n=3)
        st.json(st.experimental_get_query_params())
    """)
    at.query_params = {"x": ["1", "2"], "y": "z"}
    with caplog.at_level(logging.WARNING, logger="kernel.app_api"):
        at.run()
        at.button[0].click().run()
    assert not at.exception
    assert json.loads(at.json[0].value) == {"x": ["1", "2"], "y": ["z"]}
    assert json.loads(at.json[1].value) == {"tag": ["a", "b"], "n": ["3"]}
    assert at.query_params == {"tag": ["a", "b"], "n": "3"}
    warnings = [r.getMessage() for r in caplog.records if r.name == "kernel.app_api"]
    assert warnings == [
        "st.experimental_get_query_params is deprecated: use st.query_params instead (read st.query_params like "
        "a dict; st.query_params.get_all(key) gives a key's list of values). Streamlit has removed the old name.",
        "st.experimental_set_query_params is deprecated: use st.query_params instead (assign "
        "st.query_params[key] = value, or st.query_params.from_dict(...)). Streamlit has removed the old name.",
    ], "each name warns once per process, however often it is used"


def test_experimental_fragment_and_dialog_are_the_new_commands(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kernel.app_api"):
        at = run("""
            from kernel import st
            assert st.experimental_fragment is st.fragment and st.experimental_dialog is st.dialog

            @st.experimental_fragment
            def part():
                st.text("in a fragment")

            part()
        """)
    assert at.text[0].value == "in a fragment"
    assert sum("st.experimental_fragment is deprecated: use st.fragment" in r.getMessage()
               for r in caplog.records) == 1


def test_experimental_audio_input_records_and_warns_once(caplog: pytest.LogCaptureFixture) -> None:
    at = AppTest.from_string("""
        from kernel import st
        assert st.experimental_audio_input is st.audio_input
        clip = st.experimental_audio_input("Say something")
        st.text(repr(clip and (clip.type, clip.getvalue())))
    """)
    with caplog.at_level(logging.WARNING, logger="kernel.app_api"):
        at.run()
        at.get("audio_input")[0].record(b"RIFF....WAVE").run()
    assert not at.exception
    assert at.text[0].value == "('audio/wav', b'RIFF....WAVE')"
    assert sum("st.experimental_audio_input is deprecated: use st.audio_input" in r.getMessage()
               for r in caplog.records) == 1


def test_a_deprecated_name_whose_replacement_is_missing_says_so(tmp_path: Path) -> None:
    # st.audio_input exists now (issue 20); blocking its plugin makes the replacement missing.
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.experimental_audio_input('Say something')\n")
    at = AppTest(script, plugin_args=["no:elements_inputs"]).run()
    message = at.exception[0].value
    assert "st.experimental_audio_input is the deprecated name of st.audio_input" in message


# -- removed names -----------------------------------------------------------------------


@pytest.mark.parametrize("name, replacement", [
    ("beta_columns", "use st.columns instead"),
    ("beta_expander", "use st.expander instead"),
    ("cache", "use st.cache_data or st.cache_resource instead"),
    ("experimental_memo", "use st.cache_data instead"),
    ("experimental_singleton", "use st.cache_resource instead"),
    ("experimental_rerun", "use st.rerun instead"),
    ("bokeh_chart", "streamlit-bokeh"),
])
def test_a_name_streamlit_removed_raises_attribute_error_naming_the_replacement(name: str, replacement: str) -> None:
    at = AppTest.from_string(f"""
        from kernel import st
        assert not hasattr(st, {name!r})
        st.{name}
    """).run()
    exc = at.exception[0].value
    assert f"st.{name} is not a valid kernel command" in exc and replacement in exc


def test_a_removed_name_on_a_container_names_the_replacement_too() -> None:
    at = AppTest.from_string("""
        from kernel import st
        try:
            st.sidebar.beta_columns(2)
        except AttributeError as exc:
            st.text(str(exc))
    """).run()
    assert "use st.columns instead" in at.text[0].value


def test_hints_are_collected_once_and_never_at_start_up(make_app: MakeApp) -> None:
    app = make_app()
    assert app._command_hints is None
    assert isinstance(app.missing_command("beta_columns"), UnknownCommandError)
    assert app.command_hints() is app.command_hints()
    assert "experimental_fragment" in app.commands, "a deprecated alias is a command, not a hint"


def test_kernel_api_exception_is_exported() -> None:
    import kernel

    assert issubclass(kernel.KernelAPIException, kernel.KernelError)


def test_st_user_and_experimental_user_are_empty_and_read_only_without_login() -> None:
    at = run("""
        from kernel import st
        assert st.experimental_user is st.user
        st.text(repr((dict(st.user), len(st.user), "email" in st.user, st.user.to_dict())))
        for attempt in [lambda: st.user.email, lambda: st.user["email"]]:
            try:
                attempt()
            except (AttributeError, KeyError) as exc:
                st.text(type(exc).__name__)
        try:
            st.user.name = "x"
        except st.errors.StreamlitAPIException as exc:
            st.text(str(exc))
    """)
    assert [t.value for t in at.text] == ["({}, 0, False, {})", "AttributeError", "KeyError",
                                        "st.user cannot be modified: it holds the logged-in user's identity claims."]


def test_a_removed_name_through_import_streamlit_names_the_replacement_too() -> None:
    at = AppTest.from_string("""
        import streamlit as st
        st.beta_columns(2)
    """).run()
    exc = at.exception[0].value
    assert "st.beta_columns is not a valid kernel command" in exc and "use st.columns instead" in exc

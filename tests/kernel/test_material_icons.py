"""``:material/name:`` icons (issue 18): Markdown draws a known name with the vendored font and leaves an
unknown one as text; an ``icon=`` parameter accepts an emoji or a known name and refuses the rest."""

from __future__ import annotations

from pathlib import Path

import pytest

import kernel.contracts.icons as icons
from kernel.elements import ElementArgumentError, check_icon, is_emoji, is_material_icon, render_inline
from tests.plugins.elements_inputs.inputs_harness import app, error_of

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "plugins/runtime/static/fonts/material-symbols"


def test_the_font_its_licence_and_its_names_are_vendored() -> None:
    woff2 = (FONT / "material-symbols-rounded.woff2").read_bytes()
    assert woff2[:4] == b"wOF2"
    assert "Apache License" in (FONT / "LICENSE").read_text()
    assert "material-symbols" in (FONT / "VERSION").read_text()
    names = icons.material_icon_names()
    assert len(names) > 3000
    assert {"home", "thumb_up", "warning", "10k", "check_circle"} <= names
    assert (ROOT / "scripts/vendor_material_symbols.sh").is_file()
    # The web client's stylesheet loads that font, from the app's own server.
    css = (ROOT / "plugins/runtime/static/client/style.css").read_text()
    assert 'url("../fonts/material-symbols/material-symbols-rounded.woff2")' in css
    assert "fonts.googleapis" not in css


def test_markdown_draws_a_known_icon_as_a_ligature_span() -> None:
    assert render_inline("Go :material/home: now") == (
        'Go <span class="k-material-icon" translate="no" role="img" aria-label="home icon">home</span> now')


def test_markdown_leaves_an_unknown_icon_and_other_text_as_written() -> None:
    assert render_inline(":material/no_such_icon: and :material/Home: and :material/home") == (
        ":material/no_such_icon: and :material/Home: and :material/home")


def test_icons_in_code_stay_as_written_and_next_to_emoji() -> None:
    assert render_inline("`:material/home:`") == "<code>:material/home:</code>"
    html = render_inline(":smile::material/star::material/nope:")
    assert html.startswith("😄<span") and html.endswith("</span>:material/nope:")


def test_icons_in_labels_tabs_and_headings_render_too() -> None:
    at = app("""
        from kernel import st
        st.tabs([":material/table: Data", "Chart"])
        st.header("Sales :material/trending_up:")
    """).run()
    assert 'aria-label="table icon">table</span> Data' in at.get("tabs")[0].props["labels"][0]
    assert 'aria-label="trending_up icon"' in at.header[0].props["html"]


@pytest.mark.parametrize("icon", [None, "🔥", "👍🏽", "ℹ", ":material/home:", ":material/10k:"])
def test_check_icon_accepts_an_emoji_or_a_known_material_name(icon: str | None) -> None:
    assert check_icon("button", icon) == icon


def test_check_icon_extra_values_and_own_error_class() -> None:
    assert check_icon("chat_message", "spinner", also=("spinner",)) == "spinner"

    class MyError(Exception):
        pass

    with pytest.raises(MyError, match=r"st\.thing\(icon=':material/nope:'\): 'nope' is not the name"):
        check_icon("thing", ":material/nope:", error=MyError)


@pytest.mark.parametrize(("icon", "says"), [
    (":smile:", "must be a single emoji"),
    ("smile", "must be a single emoji"),
    ("🔥🔥 two", "must be a single emoji"),
    (3, "must be a single emoji"),
    (":material/nope:", "'nope' is not the name of a Material Symbol"),
    (":material/Home:", "must be a single emoji"),
])
def test_check_icon_refuses_the_rest_naming_the_parameter(icon: object, says: str) -> None:
    with pytest.raises(ElementArgumentError, match=r"st\.button\(icon=") as caught:
        check_icon("button", icon)
    assert says in str(caught.value)


def test_is_emoji_and_is_material_icon() -> None:
    assert is_emoji("🎈") and not is_emoji("a") and not is_emoji(":balloon:")
    assert is_material_icon("home") and not is_material_icon("nope")


@pytest.mark.parametrize("call", [
    "st.button('b', icon=':material/not_an_icon:')",
    "st.download_button('d', b'x', icon=':material/not_an_icon:')",
    "st.text_input('t', icon=':material/not_an_icon:')",
    "st.number_input('n', icon=':material/not_an_icon:')",
    "st.selectbox('s', ['a'], icon=':material/not_an_icon:')",
    "st.info('i', icon=':material/not_an_icon:')",
    "st.toast('t', icon=':material/not_an_icon:')",
    "st.badge('b', icon=':material/not_an_icon:')",
    "st.header('h', icon=':material/not_an_icon:')",
    "st.metric('m', 1, icon=':material/not_an_icon:')",
    "st.expander('e', icon=':material/not_an_icon:')",
    "st.popover('p', icon=':material/not_an_icon:')",
    "st.Page(lambda: None, title='x', icon=':material/not_an_icon:')",
])
def test_icon_parameters_refuse_an_unknown_material_name(call: str) -> None:
    assert "'not_an_icon' is not the name of a Material Symbol" in error_of(call)


def test_icon_parameters_keep_a_known_material_name() -> None:
    at = app("""
        from kernel import st
        st.button("b", icon=":material/save:")
        st.info("i", icon=":material/info:")
        with st.expander("e", icon=":material/home:"):
            pass
    """).run()
    assert not at.exception
    assert at.button[0].props["icon"] == ":material/save:"
    assert at.info[0].icon == ":material/info:"


def test_an_alert_takes_only_a_known_leading_material_icon() -> None:
    at = app("""
        from kernel import st
        st.info(":material/info: known")
        st.info(":material/nope: unknown")
    """).run()
    assert (at.info[0].icon, at.info[0].value) == (":material/info:", "known")
    assert (at.info[1].icon, at.info[1].value) == (None, ":material/nope: unknown")


def test_page_icon_checks_a_material_name_and_turns_a_shortcode_into_its_emoji(tmp_path: Path) -> None:
    from kernel.contracts.messages import PageConfig
    from tests.plugins.headless_run import script_runner

    assert "'nope' is not the name of a Material Symbol" in error_of("st.set_page_config(page_icon=':material/nope:')")
    with script_runner(tmp_path) as run:
        for given, shown in [(":material/home:", ":material/home:"), (":balloon:", "🎈"), ("🎈", "🎈"),
                             (":not_a_code:", ":not_a_code:")]:
            ran = run(f"from kernel import st\nst.set_page_config(page_icon={given!r})\n")
            [config] = [m for m in ran.msgs if isinstance(m, PageConfig)]
            assert config.icon == shown, given

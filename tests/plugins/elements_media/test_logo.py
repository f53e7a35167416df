"""st.logo: an element of the root "header", the last call of a run wins, gone when a run has none."""

from __future__ import annotations

from pathlib import Path

from kernel.testing import AppTest

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")


def test_logo_takes_images_icons_a_size_a_link_and_an_icon_image(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG)
    at = AppTest.from_string(f"""
        from kernel import st
        st.logo({str(tmp_path / "logo.png")!r}, size="large", link="https://example.com",
                icon_image=":material/home:")
        st.text("body")
    """).run()
    assert not at.exception
    (logo,) = at.get("logo")
    assert logo.props["image"]["src"].startswith("/_kernel/media/") and logo.props["image"]["src"].endswith(".png")
    assert logo.props["icon_image"] == {"icon": ":material/home:"}
    assert logo.props["size"] == "large" and logo.props["link"] == "https://example.com"
    assert [t.value for t in at.text] == ["body"], "the logo takes no place in the main area"


def test_the_logo_follows_the_runs_that_draw_it() -> None:
    at = AppTest.from_string("""
        from kernel import st
        if st.checkbox("show", value=True):
            st.logo("🦜", size="small")
            st.logo("https://example.com/logo.png")
    """).run()
    logos = at.get("logo")
    assert [lg.props["image"] for lg in logos] == [{"icon": "🦜"}, {"src": "https://example.com/logo.png"}], \
        "every call is an element; the page shows the last"
    at.checkbox[0].uncheck().run()
    assert list(at.get("logo")) == [], "a run without st.logo leaves none"


def test_bad_logo_arguments_name_the_parameter() -> None:
    for call, fragment in [
        ("st.logo('🦜', size='huge')", "st.logo(size='huge')"),
        ("st.logo('🦜', link='example.com')", "st.logo(link='example.com'): use an absolute URL"),
        ("st.logo(['a.png', 'b.png'])", "give one image"),
        ("st.logo(3)", "st.logo(image=3)"),
        ("st.sidebar.logo('🦜')", "call it as st.logo()"),
    ]:
        at = AppTest.from_string(f"from kernel import st\n{call}\n").run()
        assert fragment in at.exception[0].value, (call, at.exception[0].value)

"""The multipage examples run through every page under AppTest."""

from __future__ import annotations

from pathlib import Path

from kernel.testing import AppTest

EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def test_navigation_example_shop_to_report() -> None:
    at = AppTest.from_file(EXAMPLES / "multipage" / "app.py", default_timeout=10).run()
    assert titles(at) == ["Shop"] and not at.exception
    at.sidebar.text_input[0].input("Ada").run()
    at.button[0].click().run()
    assert at.text[0].value == "cart: apple"
    at.page_link[0].click().run()
    assert titles(at) == ["Orders"] and at.text.values == ["1. apple"]
    at.button[0].click().run()
    assert titles(at) == ["Report"] and at.query_params == {"items": "1"}
    at._request_page("settings")
    at.run()
    assert titles(at) == ["Settings"] and not at.exception
    assert at.text[0].value == "0 item(s) in the cart"
    assert at.sidebar.text_input[0].value == "Ada"  # the entry script's widget kept its value
    at.button[0].click().run()
    assert titles(at) == ["Shop"] and "Ada" in at.markdown[0].value


def test_pages_folder_example() -> None:
    at = AppTest.from_file(EXAMPLES / "multipage_folder" / "Home.py", default_timeout=10).run()
    assert titles(at) == ["Home"]
    at.switch_page("pages/1_👋_Hello.py").run()
    at.text_input[0].input("Bo").run()
    assert at.markdown[0].value == "Hello, Bo!"
    at.switch_page("pages/2_📊_Charts.py").run()
    assert titles(at) == ["Charts"] and not at.exception
    at.button[0].click().run()
    assert titles(at) == ["Home"]
    assert at.session_state["visits"] == 6

"""examples/streamlit_apps: apps written for Streamlit (``import streamlit as st``) run unedited in Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = [pytest.mark.browser, pytest.mark.slow]

APPS = Path(__file__).resolve().parents[2] / "examples" / "streamlit_apps"


@pytest.fixture
def serve_example() -> Iterator[Any]:
    """``serve_example("hello.py")`` serves that example file as it is, on a free port."""
    apps: list[ServedApp] = []

    def start(name: str) -> ServedApp:
        app = ServedApp(APPS / name, {"server.port": "0", "server.file_watcher_type": "none"})
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()


def settled(page: Any) -> None:
    expect(page.locator("body")).to_have_attribute("data-running", "false", timeout=30_000)
    expect(page.locator(".k-kind-exception")).to_have_count(0)


def test_hello_tutorial_app(serve_example: Any, page: Any) -> None:
    open_app(page, serve_example("hello.py"))
    settled(page)
    expect(page.locator("h1")).to_have_text("Hello, Streamlit-style app 👋")
    expect(page.get_by_text("Hello, world!")).to_be_visible()
    expect(page.locator(".k-kind-dataframe")).to_be_visible()
    page.get_by_label("Your name").fill("Ann")
    page.get_by_label("Your name").press("Enter")
    expect(page.get_by_text("Hello, Ann!")).to_be_visible()
    page.get_by_role("button", name="Click me").click()
    expect(page.locator(".k-kind-metric")).to_contain_text("1")
    expect(page.get_by_text("Streamlit API level 1.67.0")).to_be_visible()  # written by a helper library


def test_chat_tutorial_app(serve_example: Any, page: Any) -> None:
    open_app(page, serve_example("chat.py"))
    settled(page)
    box = page.locator(".k-kind-chat_input").get_by_role("textbox")
    box.fill("hi there")
    box.press("Enter")
    expect(page.locator(".k-kind-chat_message")).to_have_count(2)
    expect(page.get_by_text("Echo: hi there")).to_be_visible()


def test_components_v1_html_runs_its_script_in_a_frame(serve_example: Any, page: Any) -> None:
    open_app(page, serve_example("embed.py"))
    settled(page)
    frames = page.locator(".k-kind-iframe iframe")
    expect(frames).to_have_count(2)
    expect(page.frame_locator(".k-kind-iframe iframe >> nth=0").locator("#out")).to_have_text("script ran: 42")
    expect(page.frame_locator(".k-kind-iframe iframe >> nth=1").locator("#second")).to_have_text("second frame")
    assert frames.first.bounding_box()["height"] == pytest.approx(80, abs=1)


def test_pages_folder_app(serve_example: Any, page: Any) -> None:
    open_app(page, serve_example("multipage/streamlit_app.py"))
    settled(page)
    expect(page.locator("h1")).to_have_text("Main page")
    menu = page.locator("#kernel-nav")
    expect(menu.locator(".k-nav-link")).to_have_text(["streamlit app", "📈Plotting", "Settings"])
    menu.get_by_text("Plotting").click()
    expect(page.locator("h1")).to_have_text("Plotting")
    expect(page.locator(".k-kind-vega_lite")).to_have_attribute("data-drawn", "true", timeout=30_000)
    settled(page)
    expect(page.get_by_text("Visits so far: 1")).to_be_visible()
    menu.get_by_text("Settings").click()
    expect(page.locator("h1")).to_have_text("Settings")
    expect(page.get_by_text("Dark mode is off - visits: 1")).to_be_visible()
    settled(page)

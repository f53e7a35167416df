"""examples/gallery.py runs in the browser with every Elements I command, and its screenshot is in docs/."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
GALLERY = ROOT / "examples" / "gallery.py"
SCREENSHOT = ROOT / "docs" / "gallery.png"
KINDS = ("heading", "markdown", "badge", "text", "code", "latex", "html", "divider", "json", "help", "metric",
         "dataframe", "table", "vega_lite", "plotly", "graphviz_chart", "mermaid_chart", "echarts_chart", "image",
         "audio", "video", "pdf")


def test_gallery_renders_every_element_and_is_screenshotted(serve: Callable[..., ServedApp], page: Any,
                                                            tmp_path: Path) -> None:
    app = serve(GALLERY.read_text())
    page.set_viewport_size({"width": 1400, "height": 900})
    page.set_default_timeout(60_000)
    page.goto(app.url)
    expect(page.locator("body")).to_have_attribute("data-runs", "1", timeout=60_000)
    for kind in KINDS:
        expect(page.locator(f".k-kind-{kind}").first).to_be_attached()
    expect(page.locator(".k-kind-exception")).to_have_count(0)
    for chart in page.locator(".k-kind-vega_lite, .k-kind-plotly, .k-kind-graphviz_chart, .k-kind-mermaid_chart, "
                              ".k-kind-echarts_chart").all():
        chart.scroll_into_view_if_needed()
        expect(chart).to_have_attribute("data-drawn", "true", timeout=60_000)
    page.evaluate("window.scrollTo(0, 0)")
    shot = tmp_path / "gallery.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000
    if os.environ.get("KERNEL_UPDATE_SCREENSHOTS") == "1":
        shutil.copyfile(shot, SCREENSHOT)
    assert SCREENSHOT.is_file(), "run with KERNEL_UPDATE_SCREENSHOTS=1 to write docs/gallery.png"

"""The pip-installed example element plugin works in Chromium: its renderer sends a value back."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.contrib.element_example_install import install, start_server

pytestmark = pytest.mark.browser


def test_star_rating_from_the_installed_distribution(tmp_path: Path, page: Any) -> None:
    site = install(tmp_path / "site", tmp_path)
    app_dir = tmp_path / "app"
    app_dir.mkdir()
    script = app_dir / "app.py"
    script.write_text("from kernel import st\nstars = st.star_rating('Rate the demo', value=1)\n"
                      "st.text(f'stars: {stars}')\n")
    proc, url = start_server(site, script)
    try:
        page.goto(url)
        expect(page.locator(".k-kind-text")).to_have_text("stars: 1")
        page.get_by_role("button", name="4 of 5 stars").click()
        expect(page.locator(".k-kind-text")).to_have_text("stars: 4")
        expect(page.get_by_role("button", name="4 of 5 stars")).to_have_attribute("aria-pressed", "true")
        expect(page.get_by_role("button", name="5 of 5 stars")).to_have_attribute("aria-pressed", "false")
        page.get_by_role("button", name="4 of 5 stars").click()  # the current star again: cleared
        expect(page.locator(".k-kind-text")).to_have_text("stars: 0")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(15)
        if proc.stdout is not None:
            proc.stdout.close()

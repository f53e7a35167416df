"""``st.connection("sql")`` in the browser: a page showing a query's rows, filtered by a widget."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

APP = """
from kernel import st
conn = st.connection("shop")
low = st.slider("Cheapest price", 0, 5, 1)
df = conn.query("select name, price from fruit where price >= :low order by name", params={"low": low}, ttl=600)
st.dataframe(df)
st.text(f"{len(df)} fruit: {', '.join(df['name'])}")
"""


def test_a_page_shows_a_query_result(serve: Serve, page: Any, tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    database = tmp_path / "shop.db"
    with sqlite3.connect(database) as db:
        db.execute("create table fruit (name text, price real)")
        db.executemany("insert into fruit values (?, ?)", [("apple", 1.5), ("pear", 2.0), ("plum", 0.5)])
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[connections.shop]\ntype = "sql"\nurl = "sqlite:///{database}"\n')
    open_app(page, serve(APP, **{"secrets.files": f'["{secrets}"]'}))
    output = page.locator(".k-kind-text")
    expect(output).to_have_text("2 fruit: apple, pear")
    grid = page.locator(".k-kind-dataframe .k-grid")
    expect(grid).to_contain_text("apple")
    expect(grid).to_contain_text("pear")
    page.get_by_label("Cheapest price").fill("0")
    expect(output).to_have_text("3 fruit: apple, pear, plum")
    expect(grid).to_contain_text("plum")
    expect(page.locator(".k-kind-exception")).to_have_count(0)

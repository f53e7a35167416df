"""elements_media is a plugin of its own: it serves the media files every element keeps with add_media."""

from __future__ import annotations

from pathlib import Path

import pytest

from kernel._errors import ComponentDisabledError
from kernel.testing import AppTest
from tests.conftest import MakeApp


def test_blocking_elements_media_names_it_for_its_commands(make_app: MakeApp) -> None:
    app = make_app(plugin_args=["no:elements_media"])
    assert app.commands.get("image") is None and app.commands.get("video") is None
    assert not any(route.url_prefix == "/_kernel/media/" for route in app.http_routes())
    with pytest.raises(ComponentDisabledError, match=r"st.audio is provided by the 'elements_media' plugin"):
        raise app.missing_command("audio")


def test_without_the_media_route_an_element_keeping_a_file_says_which_plugin_serves_it(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text("from kernel import st\nst.download_button('Get', b'data', file_name='a.txt')\n")
    served = AppTest(script).run()
    assert not served.exception and served.get("download_button")
    blocked = AppTest(script, plugin_args=["no:elements_media"]).run()
    assert "no plugin serves /_kernel/media/: the elements_media plugin does" in blocked.exception[0].value


def test_the_route_is_the_contracts_media_prefix_and_serves_through_serve_media(make_app: MakeApp) -> None:
    # The plugin writes the prefix out (its module loads before the server listens; media_files need not).
    from kernel import HttpRequest
    from kernel.contracts.media_files import MEDIA_PREFIX
    from kernel_plugins import elements_media

    assert elements_media.MEDIA_PREFIX == MEDIA_PREFIX
    app = make_app()
    routes = [r for r in app.http_routes() if r.url_prefix == MEDIA_PREFIX]
    assert [r.plugin for r in routes] == ["elements_media"] and routes[0].held_by_worker
    assert routes[0].handler(HttpRequest("GET", MEDIA_PREFIX + "missing.png")) is None  # the runtime's 404

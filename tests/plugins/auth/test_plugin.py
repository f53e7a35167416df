"""The auth plugin's shape: its commands and routes, and Authlib loaded only by a login."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from kernel._app import build_app


def test_commands_and_routes() -> None:
    app = build_app()
    for name in ("login", "logout", "user"):
        assert app.commands.get(name) is not None and app.commands.get(name).plugin == "auth"  # type: ignore[union-attr]
    routes = [(r.url_prefix, r.plugin) for r in app.http_routes() if r.plugin == "auth"]
    assert routes == [("/_kernel/auth/", "auth"), ("/oauth2callback", "auth")]


def test_reading_st_user_does_not_import_authlib() -> None:
    code = textwrap.dedent("""
        import sys
        from kernel.testing import AppTest
        at = AppTest.from_string("from kernel import st\\nst.text(str(st.user.to_dict()))")
        at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback",
                              "cookie_secret": "x" * 32, "client_id": "c", "client_secret": "s",
                              "server_metadata_url": "http://localhost:9/.well-known/openid-configuration"}
        at.run()
        assert at.text[0].value == "{'is_logged_in': False}", at.text[0].value
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("authlib", "requests", "joserfc")))
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"

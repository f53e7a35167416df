"""``st.login`` / ``st.user`` / ``st.logout`` in Chromium against a real OpenID Connect provider.

The provider is the npm package ``oidc-provider`` started on 127.0.0.1 by the test
(``tests/plugins/auth/oidc_server.py``); its development login page is filled in by the
browser like a user would. The app shows ``st.user``'s claims; a cookie altered in the
browser is refused; a logout link not made by the app's page is refused; logout deletes the
cookies and ends the provider's session too (RP-initiated logout).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.liveloop_browser import ServedApp, open_app
from tests.plugins.auth.oidc_server import OidcProvider, free_port, oidc_provider

pytestmark = pytest.mark.browser

Serve = Callable[..., ServedApp]

APP = """
from kernel import st
if st.user.is_logged_in:
    st.text(f"Hello {st.user.name} <{st.user.email}>")
    st.text(f"sub={st.user.sub} verified={st.user.email_verified} iss={st.user.iss}")
    if st.button("Log out"):
        st.logout()
else:
    st.text(f"Not logged in: {st.user.to_dict()}")
    if st.button("Log in"):
        st.login()
"""

COOKIE_SECRET = "browser-test-cookie-secret-0123456789"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "login" / "app.py"


def _secrets(tmp_path: Path, idp: OidcProvider, redirect_uri: str) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text(
        f'[auth]\nredirect_uri = "{redirect_uri}"\ncookie_secret = "{COOKIE_SECRET}"\n'
        f'client_id = "{idp.client_id}"\nclient_secret = "{idp.client_secret}"\n'
        f'server_metadata_url = "{idp.metadata_url}"\n')
    return path


def _log_in_at_the_provider(page: Any, user: str) -> None:
    page.locator("input[name=login]").fill(user)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()
    page.get_by_role("button", name="Continue").click()  # the consent page


def _identity_cookie(page: Any) -> dict[str, Any]:
    cookies = [c for c in page.context.cookies() if c["name"] == "_kernel_user"]
    assert len(cookies) == 1, cookies
    cookie: dict[str, Any] = cookies[0]
    return cookie


def _tampered(value: str) -> str:
    payload, _, tag = value.rpartition(".")
    body = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    body["data"]["claims"]["name"] = "Mallory"
    forged = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
    return f"{forged}.{tag}"


def test_login_shows_the_claims_a_tampered_cookie_is_refused_and_logout_ends_it(
        serve: Serve, page: Any, tmp_path: Path) -> None:
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    with oidc_provider(redirect_uri) as idp:
        secrets = _secrets(tmp_path, idp, redirect_uri)
        app = serve(APP, **{"server.port": str(port), "secrets.files": f'["{secrets}"]'})
        open_app(page, app)
        first = page.locator(".k-kind-text").first
        expect(first).to_have_text("Not logged in: {'is_logged_in': False}")

        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{idp.issuer}/**")
        _log_in_at_the_provider(page, "ada")
        page.wait_for_url(f"{app.url}**")
        expect(first).to_have_text("Hello Ada Lovelace <ada@example.test>")
        expect(page.locator(".k-kind-text").nth(1)).to_have_text(f"sub=ada verified=True iss={idp.issuer}")

        cookie = _identity_cookie(page)
        assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["secure"] is False
        assert cookie["path"] == "/" and cookie["domain"] == "127.0.0.1"
        days = (cookie["expires"] - time.time()) / 86400
        assert 29.9 < days <= 30.0, days
        assert not [c for c in page.context.cookies() if c["name"].startswith("_kernel_auth_flow_")]
        # The ID token, kept apart only for the provider's logout (id_token_hint), is HttpOnly too.
        hint = [c for c in page.context.cookies() if c["name"] == "_kernel_user_idt"]
        assert len(hint) == 1 and hint[0]["httpOnly"] is True and hint[0]["sameSite"] == "Lax"
        assert page.evaluate("document.cookie") == "", "a script of the page cannot read the identity cookie"

        # The same cookie with the name changed in its payload: refused, the user is not logged in.
        page.context.add_cookies([{**cookie, "value": _tampered(cookie["value"])}])
        open_app(page, app)
        expect(first).to_have_text("Not logged in: {'is_logged_in': False}")
        # Put back as it was, it is accepted again: the refusal was the tampering.
        page.context.add_cookies([cookie])
        open_app(page, app)
        expect(first).to_have_text("Hello Ada Lovelace <ada@example.test>")

        # A logout link from elsewhere (another site sending the browser there) is refused.
        page.goto(f"{app.url.rstrip('/')}/_kernel/auth/logout?next=/")
        expect(page.locator("body")).to_contain_text("Logout refused: the link has no logout token")
        open_app(page, app)
        expect(first).to_have_text("Hello Ada Lovelace <ada@example.test>")

        # The app's own logout: the cookies go, and the provider's session ends too (RP-initiated
        # logout at its end_session_endpoint, which asks the user, then returns through the callback).
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(f"{idp.issuer}/**")
        page.get_by_role("button", name="Yes, sign me out").click()
        page.wait_for_url(f"{app.url.rstrip('/')}/")
        expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
        expect(first).to_have_text("Not logged in: {'is_logged_in': False}")
        assert not [c for c in page.context.cookies() if c["name"] in ("_kernel_user", "_kernel_user_idt")]
        page.reload()
        expect(page.locator("#k-conn-state")).to_have_attribute("data-state", "connected")
        expect(first).to_have_text("Not logged in: {'is_logged_in': False}")
        # Logged out at the provider as well: logging in again asks for the user's name.
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{idp.issuer}/**")
        expect(page.locator("input[name=login]")).to_be_visible()


def test_the_example_app_logs_in_and_out_from_button_callbacks(serve: Serve, page: Any, tmp_path: Path) -> None:
    """examples/login/app.py, unedited: st.login and st.logout as on_click callbacks (Streamlit's documented way)."""
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    with oidc_provider(redirect_uri) as idp:
        secrets = _secrets(tmp_path, idp, redirect_uri)
        app = serve(EXAMPLE.read_text(), **{"server.port": str(port), "secrets.files": f'["{secrets}"]'})
        open_app(page, app)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{idp.issuer}/**")
        _log_in_at_the_provider(page, "grace")
        page.wait_for_url(f"{app.url}**")
        expect(page.get_by_role("heading", name="Welcome, Grace Lovelace!")).to_be_visible()
        expect(page.get_by_text("Your email address is grace@example.test.")).to_be_visible()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_url(f"{idp.issuer}/**")
        page.get_by_role("button", name="Yes, sign me out").click()
        expect(page.get_by_role("heading", name="A private app")).to_be_visible()
        assert not [c for c in page.context.cookies() if c["name"] == "_kernel_user"]

"""``st.login(provider=None)`` and ``st.logout()``: send the page to the login or logout route.

Both check the ``[auth]`` secrets first (a clear error in the app when they are missing
or incomplete), then write an ``auth_redirect`` element: its renderer sends the browser
to the route, adding the page's own path so that the user comes back to it. The script
goes on; the page leaves as soon as the element arrives.
"""

from __future__ import annotations

import itertools
from urllib.parse import urlencode

from kernel import NoRunContextError
from kernel.context import RunContext, get_run_context
from kernel_plugins.auth._cookies import IDENTITY_COOKIE, request_cookies
from kernel_plugins.auth._logout import logout_token
from kernel_plugins.auth._routes import LOGIN_PATH, LOGOUT_PATH
from kernel_plugins.auth._settings import load_auth

__all__ = ["login", "logout"]

_sequence = itertools.count(1)


def _context(name: str) -> RunContext:
    ctx = get_run_context()
    if ctx is None:
        raise NoRunContextError(f"st.{name}() was called outside a running app. Run the script with "
                                "`kernel run app.py`, or test it with kernel.testing.AppTest.")
    ctx.checkpoint()
    return ctx


def _redirect(ctx: RunContext, url: str) -> None:
    # "seq" makes each call a new element, so a second click is never taken for the element already shown.
    ctx.current_container().add_element("auth_redirect", {"url": url, "seq": next(_sequence)})


def login(provider: str | None = None) -> None:
    """Log the user in with the OpenID Connect provider ``provider`` of ``[auth]`` (``None``: the one in ``[auth]``).

    Redirects the browser to the provider; back in the app, ``st.user`` holds the
    user's claims. Needs ``[auth]`` in the secrets (``redirect_uri``, ``cookie_secret``,
    ``client_id``, ``client_secret``, ``server_metadata_url``) and Authlib
    (``pip install 'kernel[auth]'``).
    """
    ctx = _context("login")
    if provider is not None and not isinstance(provider, str):
        raise TypeError(f"st.login(provider={provider!r}): provider must be the name of a section [auth.NAME] or None")
    caller = f"st.login({provider!r})" if provider is not None else "st.login()"
    config = load_auth(None, caller=caller)
    chosen = config.provider(provider, caller=caller)
    from kernel_plugins.auth._oidc import _authlib

    _authlib()  # a missing Authlib is said in the app, not on a blank page later
    query = urlencode({"provider": chosen.name}) if chosen.name else ""
    _redirect(ctx, f"{LOGIN_PATH}?{query}" if query else LOGIN_PATH)


def logout() -> None:
    """Log the user out: delete the login cookies, end the provider's session too when it
    offers that (its ``end_session_endpoint``), and start a new session of the app.

    The link the page follows carries a token bound to this browser's login, so that no
    other site can log the user out.
    """
    ctx = _context("logout")
    config = load_auth(None, caller="st.logout()")
    identity = request_cookies(ctx.session.state.client.snapshot().headers).get(IDENTITY_COOKIE)
    if identity is None:
        _redirect(ctx, LOGOUT_PATH)
        return
    _redirect(ctx, f"{LOGOUT_PATH}?{urlencode({'token': logout_token(config, identity)})}")

"""Plugin ``auth``: ``st.login``, ``st.logout`` and ``st.user`` with OpenID Connect.

Configured in the secrets' ``[auth]`` section (and ``[auth.NAME]`` for named
providers). ``st.login`` sends the page to the login route this plugin contributes
through ``kernel_register_http_routes``; the provider sends it back to the
``/oauth2callback`` route, which checks the answer (state, PKCE, the ID token with its
nonce, through Authlib) and keeps the user's claims in a signed, HttpOnly cookie that
``st.user`` reads. ``st.logout`` deletes it. Secrets are read through ``st.secrets``,
whichever plugin provides them. Authlib loads only when a login happens. See
``docs/auth.md``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kernel import Command, hookimpl

if TYPE_CHECKING:
    from collections.abc import Awaitable

    from kernel import HttpRequest, HttpResponse, HttpRoute, KernelApp

PACKAGE = __name__


@hookimpl
def kernel_register_commands(app: KernelApp) -> Sequence[Command]:
    renderer = Path(__file__).parent / "auth_redirect.js"
    return [
        # The renderer of the auth_redirect element that st.login and st.logout write.
        Command("login", f"{PACKAGE}._commands:login", kind="module", renderer=renderer),
        Command("logout", f"{PACKAGE}._commands:logout", kind="module"),
        Command("user", f"{PACKAGE}._user:user", kind="module"),
    ]


@hookimpl
def kernel_register_http_routes(app: KernelApp) -> Sequence[HttpRoute]:
    # The handlers (cookies, config, Authlib's callers) load on the first request to a
    # route, not at start-up.
    from kernel import HttpRoute
    from kernel_plugins.auth._paths import AUTH_PREFIX, CALLBACK_PATH

    def auth(request: HttpRequest) -> HttpResponse | None | Awaitable[HttpResponse]:
        from kernel_plugins.auth._routes import answer_auth

        return answer_auth(app, request)

    def callback(request: HttpRequest) -> HttpResponse | Awaitable[HttpResponse]:
        from kernel_plugins.auth._routes import answer_callback

        return answer_callback(app, request)

    return [HttpRoute(AUTH_PREFIX, auth), HttpRoute(CALLBACK_PATH, callback)]

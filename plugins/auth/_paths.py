"""The paths of the login routes (no imports: the routes' handlers load on the first request)."""

from __future__ import annotations

__all__ = ["AUTH_PREFIX", "CALLBACK_PATH", "LOGIN_PATH", "LOGOUT_PATH"]

AUTH_PREFIX = "/_kernel/auth/"
LOGIN_PATH = AUTH_PREFIX + "login"
LOGOUT_PATH = AUTH_PREFIX + "logout"
CALLBACK_PATH = "/oauth2callback"
"""The ``redirect_uri`` path the provider sends the browser back to."""

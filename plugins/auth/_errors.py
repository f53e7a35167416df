"""The errors of ``st.login`` and its routes: each says what went wrong and how to fix it."""

from __future__ import annotations

from kernel import KernelAPIException

__all__ = ["AuthConfigError", "AuthError", "AuthFlowError"]


class AuthError(KernelAPIException):
    """``st.login`` / ``st.logout`` or a login route failed. The message never holds a secret."""


class AuthConfigError(AuthError):
    """The ``[auth]`` secrets are missing or incomplete, or Authlib is not installed."""


class AuthFlowError(AuthError):
    """One login did not complete: a state that does not match, a refused code, a bad ID token.

    :attr:`status` is the HTTP status the callback answers with.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status

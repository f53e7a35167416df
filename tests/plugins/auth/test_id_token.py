"""The ID token checks (Authlib's, through ``OidcClient.check_id_token``): nonce, signature, issuer, audience, expiry.

The tokens are signed here with a key made for the test; the client gets the matching
public key as the provider's JWKS, as a discovery document would give it.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from kernel_plugins.auth._config import ProviderConfig
from kernel_plugins.auth._errors import AuthFlowError
from kernel_plugins.auth._oidc import OidcClient

ISSUER = "http://localhost:9999"
CLIENT_ID = "kernel-app"
NONCE = "expected-nonce-0123456789"

KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)


def _client() -> OidcClient:
    provider = ProviderConfig("", CLIENT_ID, "secret", f"{ISSUER}/.well-known/openid-configuration")
    public = KeySet([KEY]).as_dict(private=False)
    return OidcClient(provider, "http://localhost:8501/oauth2callback", issuer=ISSUER, jwks=public,
                      authorization_endpoint=f"{ISSUER}/auth", token_endpoint=f"{ISSUER}/token",
                      id_token_signing_alg_values_supported=["RS256"])


def _token(key: RSAKey = KEY, **changes: Any) -> dict[str, str]:
    now = int(time.time())
    claims = {"iss": ISSUER, "aud": CLIENT_ID, "sub": "ada", "name": "Ada", "iat": now, "exp": now + 300,
              "nonce": NONCE, **changes}
    claims = {k: v for k, v in claims.items() if v is not None}
    return {"id_token": jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key), "access_token": "opaque"}


def test_a_good_token_gives_its_claims() -> None:
    claims = _client().check_id_token(_token(), NONCE)
    assert claims["sub"] == "ada" and claims["name"] == "Ada" and claims["nonce"] == NONCE


@pytest.mark.parametrize(("token", "why"), [
    (lambda: _token(nonce="another-nonce"), "Invalid claim: 'nonce'"),
    (lambda: _token(nonce=None), "Missing claim: 'nonce'"),
    (lambda: _token(OTHER_KEY), "BadSignatureError"),
    (lambda: _token(iss="http://evil.example"), "Invalid claim: 'iss'"),
    (lambda: _token(aud="another-client"), "Missing claim: 'azp'"),  # not for us: no azp names this client
    (lambda: _token(exp=int(time.time()) - 3600), "The token is expired"),
])
def test_a_bad_token_is_refused(token: Any, why: str) -> None:
    with pytest.raises(AuthFlowError, match="the ID token was refused") as info:
        _client().check_id_token(token(), NONCE)
    assert info.value.status == 502
    assert why in str(info.value)


def test_no_id_token_is_refused() -> None:
    with pytest.raises(AuthFlowError, match="sent no ID token"):
        _client().check_id_token({"access_token": "opaque"}, NONCE)

"""The signed cookies: what verifies, what is refused, and the attributes of Set-Cookie."""

from __future__ import annotations

import base64
import json

import pytest

from kernel_plugins.auth._cookies import BadCookie, CookieSigner, clear_cookie, request_cookies, set_cookie

SECRET = "unit-test-cookie-secret-0123456789"
NOW = 1_800_000_000.0


def _payload(value: str) -> dict[str, object]:
    payload = value.rpartition(".")[0]
    body: dict[str, object] = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return body


def _with_payload(value: str, body: object) -> str:
    tag = value.rpartition(".")[2]
    return base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode() + "." + tag


def test_a_signed_value_opens_to_its_data_until_it_expires() -> None:
    signer = CookieSigner(SECRET, "identity")
    value = signer.sign({"claims": {"name": "Ada", "email": "ada@example.test"}}, 60, now=NOW)
    assert set(value) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."), "cookie-safe"
    assert signer.open(value, now=NOW + 59) == {"claims": {"name": "Ada", "email": "ada@example.test"}}
    assert _payload(value)["exp"] == int(NOW + 60)
    with pytest.raises(BadCookie, match="expired"):
        signer.open(value, now=NOW + 60)


def test_a_changed_payload_or_tag_is_refused() -> None:
    signer = CookieSigner(SECRET, "identity")
    value = signer.sign({"claims": {"name": "Ada"}}, 60, now=NOW)
    body = _payload(value)
    body["data"] = {"claims": {"name": "Mallory"}}
    with pytest.raises(BadCookie, match="bad signature"):
        signer.open(_with_payload(value, body), now=NOW)
    later = _payload(value)
    later["exp"] = int(NOW + 10**9)  # a longer life, same data: refused as well
    with pytest.raises(BadCookie, match="bad signature"):
        signer.open(_with_payload(value, later), now=NOW)
    flipped = value[:-1] + ("A" if value[-1] != "A" else "B")
    with pytest.raises(BadCookie, match="bad signature"):
        signer.open(flipped, now=NOW)


@pytest.mark.parametrize("garbage", ["", ".", "abc", "abc.", ".abc", "é.é", "a.b.c", "x" * 5000])
def test_garbage_is_refused_without_an_exception_of_another_kind(garbage: str) -> None:
    with pytest.raises(BadCookie):
        CookieSigner(SECRET, "identity").open(garbage, now=NOW)


def test_another_secret_or_another_purpose_does_not_verify() -> None:
    value = CookieSigner(SECRET, "flow").sign({"state": "s"}, 60, now=NOW)
    with pytest.raises(BadCookie, match="bad signature"):
        CookieSigner(SECRET + "x", "flow").open(value, now=NOW)
    with pytest.raises(BadCookie, match="bad signature"):
        CookieSigner(SECRET, "identity").open(value, now=NOW)  # a login-state cookie is no identity


def test_a_validly_signed_value_of_another_shape_is_refused() -> None:
    signer = CookieSigner(SECRET, "identity")
    key_tag = signer._tag  # sign a payload that is not {"exp": int, "data": dict}
    for body in ([1, 2], {"exp": "soon", "data": {}}, {"exp": int(NOW + 60), "data": []}):
        payload = base64.urlsafe_b64encode(json.dumps(body).encode()).rstrip(b"=").decode()
        with pytest.raises(BadCookie, match="another shape"):
            signer.open(f"{payload}.{key_tag(payload)}", now=NOW)


def test_set_cookie_attributes() -> None:
    assert set_cookie("_kernel_user", "v.t", 2592000, secure=False) == (
        "set-cookie", "_kernel_user=v.t; Path=/; Max-Age=2592000; HttpOnly; SameSite=Lax")
    assert set_cookie("_kernel_user", "v.t", 60, secure=True)[1].endswith("; HttpOnly; SameSite=Lax; Secure")
    assert clear_cookie("_kernel_user", secure=False)[1] == "_kernel_user=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax"


def test_request_cookies_reads_every_cookie_header() -> None:
    headers = (("host", "x"), ("cookie", "a=1; _kernel_user=v.t"), ("cookie", "b=2"), ("cookie", "\x00bad=;;"))
    assert request_cookies(headers) == {"a": "1", "_kernel_user": "v.t", "b": "2"}

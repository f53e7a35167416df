"""What login costs: reading ``st.user`` in a script, and the login route against a local provider.

* ``st.user`` read: microseconds per ``st.user.to_dict()`` inside a running script (AppTest,
  so through the real script runner). The first read of a run reads ``[auth]`` from
  ``st.secrets``, parses the ``Cookie`` header and verifies the identity cookie's HMAC
  (median over 30 runs); later reads in that run reuse the result. Without a cookie and
  with a valid one.
* login start: milliseconds per ``GET /_kernel/auth/login`` served by the runtime, against
  the npm ``oidc-provider`` of the tests on 127.0.0.1 (discovery document cached after the
  first request): new state, nonce and PKCE verifier, the signed login-state cookie, the
  redirect. Needs Node and ``npm ci`` in ``tests/fixtures/oidc_provider`` (``.ci/run`` does it).

    python benchmarks/bench_auth.py [--reads 2000] [--logins 200]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

COOKIE_SECRET = "bench-cookie-secret-0123456789abcdef"


def _auth(redirect_uri: str, metadata_url: str) -> dict[str, str]:
    return {"redirect_uri": redirect_uri, "cookie_secret": COOKIE_SECRET, "client_id": "kernel-app",
            "client_secret": "provider-client-Secret-9d1e", "server_metadata_url": metadata_url}


def bench_user(reads: int) -> None:
    from kernel.testing import AppTest
    from kernel_plugins.auth._cookies import IDENTITY_COOKIE, CookieSigner

    claims = {"sub": "ada", "name": "Ada Lovelace", "email": "ada@example.test", "email_verified": True,
              "iss": "http://localhost:1", "aud": "kernel-app", "iat": 1, "exp": 2, "nonce": "n" * 27}
    signed = CookieSigner(COOKIE_SECRET, "identity").sign({"provider": "", "claims": claims}, 3600)
    cookie = f"{IDENTITY_COOKIE}={signed}"
    script = textwrap.dedent(f"""
        import time
        from kernel import st
        start = time.perf_counter()
        st.user.to_dict()
        first = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range({reads}):
            st.user.to_dict()
        st.text(str((time.perf_counter() - start) / {reads} * 1e6))
        st.text(str(st.user.is_logged_in))
        st.text(str(first * 1e6))
    """)
    for label, sent in (("no cookie", None), ("valid cookie", cookie)):
        at = AppTest.from_string(script)
        at.secrets["auth"] = _auth("http://localhost:8501/oauth2callback", "http://localhost:1/x")
        if sent is not None:
            at._ensure_session().state.client.set_request((("cookie", sent),), None)
        firsts = []
        for _ in range(30):
            at.run(timeout=120)
            firsts.append(float(at.text[2].value))
        print(f"st.user, {label} (logged in: {at.text[1].value}): first read of a run "
              f"{statistics.median(firsts):.1f} µs, later reads {float(at.text[0].value):.1f} µs")


def bench_login(logins: int) -> None:
    import trio

    from kernel._app import AppOptions, build_app
    from kernel._lifecycle import serve_app
    from tests.plugins.auth.oidc_server import free_port, oidc_provider

    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    with oidc_provider(redirect_uri) as idp, tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        (tmp / "app.py").write_text("from kernel import st\n")
        auth = _auth(redirect_uri, idp.metadata_url)
        (tmp / "secrets.toml").write_text("[auth]\n" + "".join(f'{k} = "{v}"\n' for k, v in auth.items()))
        app = build_app(AppOptions(script_path=tmp / "app.py", cwd=tmp, home=tmp, environ={}, config_options={
            "server.port": str(port), "server.file_watcher_type": "none",
            "secrets.files": f'["{tmp / "secrets.toml"}"]'}))
        ready = threading.Event()
        token: list[trio.lowlevel.TrioToken] = []
        stop: list[trio.Event] = []

        async def main() -> None:
            token.append(trio.lowlevel.current_trio_token())
            stop.append(trio.Event())
            await serve_app(app, stop[0], on_ready=lambda runtime: ready.set())

        thread = threading.Thread(target=trio.run, args=(main,), daemon=True)
        thread.start()
        ready.wait(30)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        times = []
        for i in range(logins + 1):
            start = time.perf_counter()
            conn.request("GET", "/_kernel/auth/login?next=/")
            answer = conn.getresponse()
            answer.read()
            assert answer.status == 302 and answer.getheader("location", "").startswith(idp.issuer), answer.status
            if i:  # the first one also reads the discovery document
                times.append((time.perf_counter() - start) * 1000)
            else:
                first = (time.perf_counter() - start) * 1000
                print(f"login start, first (with the discovery document): {first:.1f} ms")
        conn.close()
        trio.from_thread.run_sync(stop[0].set, trio_token=token[0])
        thread.join(10)
        times.sort()
        print(f"login start, next {logins}: median {statistics.median(times):.2f} ms, "
              f"p90 {times[int(len(times) * 0.9)]:.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reads", type=int, default=2000)
    parser.add_argument("--logins", type=int, default=200)
    args = parser.parse_args()
    bench_user(args.reads)
    bench_login(args.logins)


if __name__ == "__main__":
    main()

"""No leaks: secret values never reach the page, a repr, or the logs."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from kernel import StaticAsset
from kernel.contracts.messages import Delta, encode_forward_frame
from kernel_plugins.secrets_api import secrets_of

if TYPE_CHECKING:
    from tests.plugins.secrets.conftest import Dirs, MakeApp

TOKEN = "tok-9f8e7d6c5b4a"
PASSWORD = 'p"w\\with\nspecials'
TOML = f'api_key = "{TOKEN}"\npin = "12"\n[db]\nuser = "dbadmin"\npassword = "p\\"w\\\\with\\nspecials"\n'


@pytest.fixture
def secrets_file(dirs: Dirs) -> Path:
    return dirs.write(".kernel/secrets.toml", TOML)


def test_fixture_file_holds_the_values_we_look_for(secrets_file: Path, make_app: MakeApp) -> None:
    secrets: Any = secrets_of(make_app())
    assert secrets.api_key == TOKEN and secrets.db.password == PASSWORD


def test_repr_and_str_show_keys_with_masked_values(secrets_file: Path, make_app: MakeApp) -> None:
    secrets: Any = secrets_of(make_app())
    secrets.get("api_key")
    expected = "{'api_key': '***', 'pin': '***', 'db': {'user': '***', 'password': '***'}}"
    assert repr(secrets) == str(secrets) == f"{secrets}" == expected
    assert repr(secrets.db) == str(secrets.db) == "{'user': '***', 'password': '***'}"
    assert not hasattr(secrets, "_repr_html_") and not hasattr(secrets.db, "_repr_html_")


def test_repr_outside_a_run_does_not_read_files(secrets_file: Path, make_app: MakeApp) -> None:
    secrets: Any = secrets_of(make_app())
    assert repr(secrets) == "st.secrets(not loaded yet)"
    assert not secrets.loaded and "api_key" not in os.environ


def test_repr_of_a_broken_file_shows_the_error_not_the_content(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", f'api_key = "{TOKEN}"\nbroken\n')
    secrets: Any = secrets_of(make_app())
    with pytest.raises(Exception, match="invalid TOML"):
        secrets.get("api_key")
    assert repr(secrets).startswith("st.secrets(failed to load: ") and TOKEN not in repr(secrets)


def test_redact_masks_values_and_their_escaped_spellings(secrets_file: Path, make_app: MakeApp) -> None:
    secrets: Any = secrets_of(make_app())
    assert secrets.redact(f"token={TOKEN}") == f"token={TOKEN}"  # not loaded: nothing known yet
    secrets.get("api_key")
    assert secrets.redact(f"token={TOKEN}, user=dbadmin") == "token=***, user=***"
    assert secrets.redact(f"repr: {PASSWORD!r}") == "repr: '***'"
    assert secrets.redact(f"raw: {PASSWORD}") == "raw: ***"
    assert secrets.db.redact(TOKEN) == "***"
    # Values under four characters are left alone: masking every "12" would garble text.
    assert secrets.redact("pin 12 at line 12") == "pin 12 at line 12"


def test_old_values_stay_masked_after_a_reload(secrets_file: Path, make_app: MakeApp) -> None:
    secrets: Any = secrets_of(make_app())
    secrets.get("api_key")
    secrets_file.write_text('api_key = "rotated-value-1"\n', encoding="utf-8")
    os.utime(secrets_file, ns=(1, 1))
    assert secrets.reload_if_changed() is True
    assert secrets.redact(f"{TOKEN} rotated-value-1") == "*** ***"


def test_redactor_hook_masks_once_secrets_are_loaded(secrets_file: Path, make_app: MakeApp) -> None:
    app = make_app()
    redactors = [redactor for plugin, redactor in app.collect("kernel_register_redactors") if plugin == "secrets"]
    assert len(redactors) == 1
    (redact,) = redactors
    assert redact(TOKEN) == TOKEN
    assert not app.stash  # the redactor did not make or load the secrets
    secrets_of(app).get("api_key")
    assert redact(f"Bearer {TOKEN}") == "Bearer ***"


def test_exception_in_the_page_has_secret_values_masked_on_the_wire(
    secrets_file: Path, dirs: Dirs, make_app: MakeApp, run_once: Callable[[Any], list[Any]]
) -> None:
    script = dirs.write(
        "app.py",
        "import os\n"
        "from kernel import st\n"
        "token = st.secrets['api_key']\n"
        "user = st.secrets.db.user\n"
        "def connect(password):\n"
        "    env = os.environ['api_key']\n"
        "    raise ConnectionError(f'login {user}:{password} refused for {token} / {env}')\n"
        "connect(st.secrets.db.password)\n",
    )
    app = make_app(script=script)
    session = app.make("app_session", session_id="s1")
    try:
        msgs = run_once(session)
    finally:
        session.close("test")
    exceptions = [m.element for m in msgs if isinstance(m, Delta) and m.element.kind == "exception"]
    assert len(exceptions) == 1
    props = exceptions[0].props
    assert props["type"] == "ConnectionError"
    assert props["message"] == "login ***:*** refused for *** / ***"
    assert any("connect(st.secrets.db.password)" in line for line in props["traceback"])
    frame = encode_forward_frame(msgs)
    for value in (TOKEN, "dbadmin", PASSWORD, repr(PASSWORD)[1:-1], "specials"):
        assert value not in frame
    assert "***" in frame


def test_a_secret_literal_in_the_script_source_is_masked_in_the_traceback(
    secrets_file: Path, dirs: Dirs, make_app: MakeApp, run_once: Callable[[Any], list[Any]]
) -> None:
    script = dirs.write(
        "app.py",
        f"from kernel import st\nassert st.secrets.api_key != '{TOKEN}', 'token is the default one'\n",
    )
    session = make_app(script=script).make("app_session", session_id="s1")
    try:
        frame = encode_forward_frame(run_once(session))
    finally:
        session.close("test")
    assert "AssertionError" in frame and "token is the default one" in frame
    assert TOKEN not in frame and "!= '***'" in frame


def test_loading_and_failing_never_log_values(
    dirs: Dirs, make_app: MakeApp, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    path = dirs.write(".kernel/secrets.toml", f'api_key = "{TOKEN}"\n')
    secrets: Any = secrets_of(make_app(environ={"KERNEL_SECRET_env_token": "env-secret-value"}))
    assert secrets.api_key == TOKEN
    with pytest.raises(KeyError):
        secrets["missing"]
    path.write_text(f'api_key = "{TOKEN}"\nbroken = \n', encoding="utf-8")
    os.utime(path, ns=(1, 1))
    secrets.reload_if_changed()
    with pytest.raises(Exception, match="invalid TOML") as info:
        _ = secrets.api_key
    captured = capsys.readouterr()
    for text in (caplog.text, captured.out, captured.err, str(info.value)):
        assert TOKEN not in text and "env-secret-value" not in text


def _serves(asset: StaticAsset, path: Path) -> bool:
    return path.resolve().is_relative_to(asset.directory.resolve())


def test_no_static_folder_serves_a_secrets_file(secrets_file: Path, dirs: Dirs, make_app: MakeApp) -> None:
    app = make_app()
    secret_paths = [secrets_file, *(dirs.home / p for p in (".kernel/secrets.toml", ".streamlit/secrets.toml"))]
    # The check would catch a plugin that serves the project folder...
    assert _serves(StaticAsset("/files/", dirs.cwd), secrets_file)
    # ...and none of the registered static folders contains a secrets file.
    for asset in app.static_assets():
        for path in secret_paths:
            assert not _serves(asset, path), f"{asset.plugin} serves {asset.directory}, which holds {path}"


NON_ASCII = "pässwörd-€uro"


def _encoded_forms(value: str) -> list[str]:
    """Every way ``value`` could show up in a frame: as is, escaped, or as its bytes' repr."""
    import json
    import urllib.parse

    forms = [value, repr(value)[1:-1], ascii(value)[1:-1], json.dumps(value)[1:-1],
             value.encode("unicode_escape").decode("ascii"), urllib.parse.quote(value)]
    for encoding in ("utf-8", "latin-1", "utf-16"):
        try:
            raw = value.encode(encoding)
        except UnicodeEncodeError:
            continue
        forms += [repr(raw)[2:-1], json.dumps(repr(raw)[2:-1])[1:-1]]
    return sorted(set(forms))


def test_redact_masks_the_encoded_forms_of_a_non_ascii_value(dirs: Dirs, make_app: MakeApp) -> None:
    dirs.write(".kernel/secrets.toml", f'password = "{NON_ASCII}"\n')
    secrets: Any = secrets_of(make_app())
    assert secrets.password == NON_ASCII
    for form in _encoded_forms(NON_ASCII):
        assert secrets.redact(f"<{form}>") == "<***>", form
    assert secrets.redact(str(NON_ASCII.encode())) == "b'***'"


def test_a_non_ascii_secret_never_reaches_the_wire_as_bytes_or_escaped(
    dirs: Dirs, make_app: MakeApp, run_once: Callable[[Any], list[Any]]
) -> None:
    dirs.write(".kernel/secrets.toml", f'password = "{NON_ASCII}"\n')
    script = dirs.write(
        "app.py",
        "import json, urllib.parse\n"
        "from kernel import st\n"
        "pw = st.secrets.password\n"
        "raise ValueError(pw.encode(), pw.encode('latin-1', 'replace'), ascii(pw), json.dumps(pw),\n"
        "                 urllib.parse.quote(pw), pw)\n",
    )
    session = make_app(script=script).make("app_session", session_id="s1")
    try:
        msgs = run_once(session)
    finally:
        session.close("test")
    frame = encode_forward_frame(msgs)
    assert "ValueError" in frame and "***" in frame
    decoded = json.loads(frame)  # the frame is ASCII JSON: look at the text the page shows, too
    shown = json.dumps(decoded, ensure_ascii=False)
    for form in _encoded_forms(NON_ASCII):
        assert form not in frame and form not in shown, form
    for fragment in ("p\\xc3\\xa4ss", "p\\\\xc3\\\\xa4ss", "p\\u00e4ss", "pässw"):
        assert fragment not in frame and fragment not in shown, fragment

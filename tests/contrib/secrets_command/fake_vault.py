"""A stand-in for a password manager CLI, run as a real subprocess by the tests.

Usage: ``fake_vault.py MODE [COUNTER_FILE]``. It prints secrets in the format the
mode names, or misbehaves the way the mode names. With a counter file it appends a
line per run, so tests can see how often it was run.
"""

from __future__ import annotations

import json
import sys
import time

SECRETS = {"token": "vault-token-4242", "db": {"user": "vault-user", "password": "vault-pw-777"}}


def main(argv: list[str]) -> int:
    mode = argv[1]
    if len(argv) > 2:
        with open(argv[2], "a", encoding="utf-8") as counter:
            counter.write("run\n")
    if mode == "json":
        print(json.dumps(SECRETS, indent=2))
    elif mode == "toml":
        print('token = "vault-token-4242"\n\n[db]\nuser = "vault-user"\npassword = "vault-pw-777"')
    elif mode == "toml-table-first":
        print('[db]\nuser = "vault-user"\npassword = "vault-pw-777"\n[meta]\ntoken = "vault-token-4242"')
    elif mode == "json-list":
        print(json.dumps(["vault-token-4242"]))
    elif mode == "bad-json":
        print('{\n  "token": "vault-token-4242",\n  oops\n}')
    elif mode == "bad-toml":
        print('token = "vault-token-4242"\nnot toml at all')
    elif mode == "fail":
        print("error: not signed in (run `vault login`)", file=sys.stderr)
        return 3
    elif mode == "sleep":
        time.sleep(30)
    else:
        print(f"unknown mode {mode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

"""List the commands of the Streamlit reference without an AppTest test or a browser test.

    python scripts/catalogue_coverage.py          # the gaps only (exit 1 if there are any)
    python scripts/catalogue_coverage.py --all    # every command, with the test files found

It reads the commands as the signature test does (tests/conformance/test_streamlit_signatures.py),
then looks for each one by name (``st.line_chart``, ``column_config.TextColumn``,
``components.html``...) in the test files that use ``AppTest`` and in the browser tests (and the
examples they serve). A name found is a hint that a test exercises the command, not a proof:
read the test. Commands without a browser side (caching, options, ``st.typing``) and ``st.App``
(an ASGI application, not something a script shows) are listed in :data:`NOT_APPLICABLE`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conformance.test_streamlit_signatures import OBJECTS, SIGNATURES  # noqa: E402

NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "st.App": {"apptest": "an ASGI application around a script, not an element: tests/contrib/asgi",
               "browser": ""},
    "st.cache_resource": {"browser": "shows nothing"},
    "st.get_option": {"browser": "shows nothing"},
    "st.set_option": {"browser": "shows nothing"},
    "st.typing": {"browser": "types for annotations"},
}
"""Per command, a kind of test that does not apply and why (an empty reason: it does apply)."""
EXTRA_FILES: dict[str, dict[str, list[str]]] = {
    "st.App": {"browser": ["tests/browser/test_st_app_browser.py"]},
}
"""Tests that exercise a command without naming it in their own text (a shared fixture's script)."""


def _pattern(name: str) -> re.Pattern[str]:
    short = name.split(".", 1)[1]
    parts = short.split(".")
    if name.startswith("grid."):
        return re.compile(r"\." + re.escape(parts[-1]) + r"\(")
    if parts[0] == "components":
        return re.compile(r"\b(?:components|v1|v2)\." + re.escape(parts[-1]) + r"\(")
    if len(parts) > 1:
        return re.compile(r"\b" + re.escape(parts[-2]) + r"\." + re.escape(parts[-1]) + r"\b")
    return re.compile(r"\bst\." + re.escape(short) + r"\b")


def _files() -> tuple[list[tuple[Path, str]], list[tuple[Path, str]]]:
    apptest, browser = [], []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "tests/browser" in path.as_posix():
            browser.append((path, text))
        elif "AppTest" in text:
            apptest.append((path, text))
    browser += [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples").rglob("*.py"))]
    return apptest, browser


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    apptest, browser = _files()
    gaps = 0
    for name in sorted(set(SIGNATURES) | set(OBJECTS)):
        rx = _pattern(name)
        found = {"apptest": [p for p, t in apptest if rx.search(t)], "browser": [p for p, t in browser if rx.search(t)]}
        for kind, extra in EXTRA_FILES.get(name, {}).items():
            found[kind] += [ROOT / e for e in extra]
        cells = []
        missing = False
        for kind in ("apptest", "browser"):
            why = NOT_APPLICABLE.get(name, {}).get(kind)
            if found[kind]:
                cells.append(f"{kind}: {', '.join(p.name for p in found[kind][:3])}"
                             + (f" (+{len(found[kind]) - 3})" if len(found[kind]) > 3 else ""))
            elif why:
                cells.append(f"{kind}: n/a ({why})")
            else:
                cells.append(f"{kind}: NONE")
                missing = True
        gaps += missing
        if show_all or missing:
            print(f"{name:42s} " + " | ".join(cells))
    print(f"\n{len(set(SIGNATURES) | set(OBJECTS))} commands of the reference, {gaps} with a gap")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""The app shell page: the HTML the browser loads first, which boots the web client."""

from __future__ import annotations

from collections.abc import Mapping

CLIENT_PREFIX = "/_kernel/static/"
STREAM_PATH = "/_kernel/stream"


def shell_page(title: str, renderers: Mapping[str, str], nonce: str = "") -> bytes:
    """The shell HTML: client config (renderer URLs, protocol version) and the boot module.

    ``nonce``: the Content-Security-Policy nonce, on the boot module's preload link; the
    web client reads it there for the scripts it adds itself (``scriptNonce()`` in elements.js).
    """
    import html
    import json

    from kernel.contracts.messages import PROTOCOL_VERSION

    config = {"protocolVersion": PROTOCOL_VERSION, "streamPath": STREAM_PATH, "renderers": dict(renderers)}
    # "</" cannot end the JSON script early once escaped.
    config_json = json.dumps(config, sort_keys=True).replace("</", "<\\/")
    preloads = "".join(
        f'<link rel="modulepreload" href="{html.escape(url)}">' for url in sorted(set(renderers.values()))
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{html.escape(title)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{CLIENT_PREFIX}client/style.css">
<link rel="modulepreload" href="{CLIENT_PREFIX}client/main.js" nonce="{html.escape(nonce)}">
{preloads}
<script type="application/json" id="kernel-config">{config_json}</script>
<script type="module" src="{CLIENT_PREFIX}client/main.js"></script>
</head>
<body class="layout-centered">
<div id="kernel-status" role="status" aria-live="polite"></div>
<div id="kernel-app">
<aside id="kernel-sidebar" hidden>
<nav id="kernel-nav" aria-label="Pages" hidden></nav>
<div id="kernel-sidebar-root" data-root="sidebar"></div>
</aside>
<div id="kernel-column">
<main id="kernel-main" data-root="main"></main>
<div id="kernel-bottom"><div id="kernel-bottom-root" data-root="bottom"></div></div>
</div>
</div>
<noscript>This app needs JavaScript.</noscript>
</body>
</html>
""".encode()

"""Minimal third-party replacements of the eight core components, one module each.

Each module is a plugin loaded with ``-p tests.replacements.<module>`` while the core
plugin is blocked with ``-p no:<component>``; the tests next to them check each against
its contract (``kernel.testing.conformance``) and serve a real app with it. They are
small on purpose: read them as examples of what a replacement must do.

| component | module |
|---|---|
| runtime | ``tiny_runtime`` |
| app_session | ``simple_session`` |
| script_runner | ``simple_runner`` |
| delta_generator | ``list_dg`` |
| forward_msg_queue | ``plain_queue`` |
| session_state | ``dict_state`` |
| caching | ``dict_cache`` |
| secrets | ``dict_secrets`` |
"""

"""The element plugin API: what an element command may use besides its container.

This is the namespace third-party element plugins import from; the API itself is
documented (and implemented) in :mod:`kernel.contracts.element_api`, with the helpers it
re-exports. See ``docs/plugins.md`` ("Writing an element plugin").
"""

from kernel.contracts.element_api import *  # noqa: F403
from kernel.contracts.element_api import __all__ as __all__

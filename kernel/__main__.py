"""``python -m kernel``: the ``kernel`` command line (what the supervisor starts its workers with)."""

import sys

from kernel._cli import main

sys.exit(main())

"""``python -m kernel``: the ``kernel`` command line (what the supervisor starts its workers with)."""

import sys

from kernel._cli import main

if __name__ == "__main__":
    sys.exit(main())

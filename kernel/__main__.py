"""``python -m kernel`` and the ``kernel`` console script: the command line (the supervisor
starts its workers this way too).

Start-up is mostly imports, and the cyclic garbage collector runs through every object they
made again and again while they load (about 7 % of the CPU time of ``kernel run`` until the
first finished run). It is paused while the command loads; ``kernel run`` freezes what
start-up made (the permanent generation: later collections skip it, so a full collection
while serving costs less) and resumes collecting once the server listens, with a higher
generation-0 threshold than Python's (``kernel._cli.SERVING_GEN0_THRESHOLD``: a rerun's
temporary containers no longer set off young and full collections).

The methods attrs compiles for each class come from a store on disk (``kernel/_code_store.py``):
compiling them is about a fifth of the CPU time until the first run of a session finishes.
attrs and trio are imported without the modules they load for one question each (platform,
ctypes.util and its ``ldconfig`` run: ``kernel/_dependency_imports.py``).
"""

import gc
import sys


def main() -> int:
    """Run the command line in ``sys.argv`` with collection paused while it loads and attrs'
    generated methods read from the code store; the exit code."""
    gc.disable()
    try:
        from kernel._code_store import install
        from kernel._dependency_imports import import_trio, platform_answers
        from kernel._stand_in import standing_in

        with standing_in({"platform": platform_answers}):
            install()  # imports attrs
        import_trio()
        from kernel._cli import main as cli_main

        return cli_main()
    finally:
        gc.enable()


if __name__ == "__main__":
    sys.exit(main())

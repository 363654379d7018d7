"""Run every ``bench/bench_*.py`` module in turn (``make bench``); each prints its figures.

A module defines ``main() -> None``. One failing module is reported and the rest still run.
"""

import importlib
import sys
import traceback
from pathlib import Path


def main() -> int:
    """Run all benchmark modules; return 1 if any failed."""
    failed = 0
    for path in sorted(Path(__file__).parent.glob("bench_*.py")):
        name = f"bench.{path.stem}"
        print(f"== {name}", flush=True)
        try:
            importlib.import_module(name).main()
        except Exception:  # a broken benchmark must not hide the others' figures
            traceback.print_exc()
            failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())

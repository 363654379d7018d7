"""Helpers for timing: medians of repeated runs, in-process and as whole processes."""

import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence


def median_seconds(action: Callable[[], object], repeat: int = 20) -> float:
    """Return the median wall time of ``action`` over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_seconds(
    argv: Sequence[str], repeat: int = 7, env: dict[str, str] | None = None
) -> float:
    """Return the median wall time of running ``argv`` as a process (output discarded)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


PYTHON = sys.executable

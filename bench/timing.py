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


def alternating_process_seconds(
    first: Sequence[str],
    second: Sequence[str],
    repeat: int = 7,
    env: dict[str, str] | None = None,
) -> tuple[float, float]:
    """Return the median wall times of two processes run in turn (first, second, first…).

    Alternating puts both under the same load on a shared machine, so their ratio is fair.
    """
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for argv, bucket in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            subprocess.run(
                argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True
            )
            bucket.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


PYTHON = sys.executable

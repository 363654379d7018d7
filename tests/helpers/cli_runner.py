"""Run ``ddq`` in-process with real text streams, so fuzzing can afford hundreds of runs.

stdout is a strict UTF-8 stream (the worst case a user's locale gives) and stderr uses
``backslashreplace`` as Python's own stderr does; anything other than a clean exit status —
an exception escaping ``main`` — propagates to the test as the failure it is.
"""

import io
import os
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from desktop.cli import main


@dataclass(frozen=True)
class InProcessResult:
    """What one in-process ``ddq`` run printed and returned, and how long it took."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def run_ddq(argv: list[str]) -> InProcessResult:
    """Run ``ddq argv`` in this process; exceptions other than SystemExit propagate."""
    out_bytes, err_bytes = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_bytes, encoding="utf-8", errors="strict", newline="\n")
    err = io.TextIOWrapper(err_bytes, encoding="utf-8", errors="backslashreplace", newline="\n")
    started = time.monotonic()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_request:
            code = exit_request.code if isinstance(exit_request.code, int) else 2
    seconds = time.monotonic() - started
    out.flush()
    err.flush()
    return InProcessResult(
        code=code,
        stdout=out_bytes.getvalue().decode("utf-8", errors="surrogateescape"),
        stderr=err_bytes.getvalue().decode("utf-8", errors="replace"),
        seconds=seconds,
    )


def argv_text(raw: bytes) -> str:
    """Decode bytes as the operating system decodes a command-line argument."""
    return os.fsdecode(raw)

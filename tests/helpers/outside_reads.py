"""Notice a test opening a file beside the repository instead of inside it.

A fresh clone has nothing next to it: a test that reads ``../shared/…`` (or any other sibling
of the checkout) passes on a developer's machine and fails for everyone else. An audit hook
(PEP 578) sees every ``open`` and directory listing made in the test process; paths under a
sibling of the repository are recorded, so ``tests/conftest.py`` can fail the test that made
them. Temporary folders (pytest's ``tmp_path``) are exempt even when the repository itself
sits in the temporary directory, but ``../shared`` never is.

Subprocesses are not watched: they inherit paths from the test, which is watched.
"""

import os
import sys
import tempfile
from pathlib import Path

WATCHED_EVENTS = frozenset({"open", "os.listdir", "os.scandir", "glob.glob"})


class OutsideReads:
    """Records paths beside ``repository`` that the process opened or listed."""

    def __init__(self, repository: Path) -> None:
        self.repository = os.path.abspath(repository)
        self.parent = os.path.dirname(self.repository)
        self.never_exempt = os.path.join(self.parent, "shared")
        self.exempt = tuple(
            os.path.abspath(folder)
            for folder in {tempfile.gettempdir(), sys.prefix, sys.base_prefix, sys.exec_prefix}
        )
        self.paths: list[str] = []

    def is_outside(self, path: str) -> bool:
        """Whether ``path`` (absolute) lies beside the repository rather than inside it."""
        if _within(path, self.never_exempt):
            return True
        if not _within(path, self.parent) or _within(path, self.repository):
            return False
        return not any(_within(path, folder) for folder in self.exempt)

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        """The audit hook: record a watched event whose path is outside."""
        if event not in WATCHED_EVENTS or not args:
            return
        target = args[0]
        if isinstance(target, int) or target is None:
            return  # a file descriptor, or the current directory
        try:
            path = os.path.abspath(os.fsdecode(target))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return
        if self.is_outside(path):
            self.paths.append(path)

    def take(self) -> list[str]:
        """Return the paths recorded so far and forget them."""
        taken, self.paths = self.paths, []
        return taken


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)

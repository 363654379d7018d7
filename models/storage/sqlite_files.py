"""Opening an SQLite file at any path the user's data directory may have.

A data directory may contain ``#``, ``?``, ``%``, spaces or bytes that are not UTF-8 in its
path. Pasted into a ``file:`` URI or an SQLAlchemy URL such characters silently name another
file (``#`` starts a fragment, ``?`` a query), so read-only connections use a percent-encoded
URI and SQLAlchemy engines receive ready-made connections instead of a URL.

A database on a read-only file system (or in a folder we may not write) cannot be opened even
read-only in WAL mode, because SQLite must create its ``-shm`` beside it; such a file is read
as *immutable* instead, which nobody can be changing, so checking and backing it up still work.
"""

import os
import sqlite3
from pathlib import Path

from models.storage.locking import lock_timeout_seconds


def is_read_only_location(path: Path) -> bool:
    """Return True when ``path`` (or, for a new file, its folder) cannot be written."""
    path = Path(path)
    if not os.access(path.parent, os.W_OK):
        return True
    return path.exists() and not os.access(path, os.W_OK)


def read_only_uri(path: Path) -> str:
    """Return the ``file:`` URI that opens ``path`` read-only, whatever characters it holds."""
    immutable = "&immutable=1" if is_read_only_location(path) else ""
    return f"{Path(path).resolve().as_uri()}?mode=ro{immutable}"


def connect_read_only(
    path: Path, timeout: float | None = None, *, check_same_thread: bool = True
) -> sqlite3.Connection:
    """Open ``path`` read-only, waiting up to the lock timeout for a busy file."""
    return sqlite3.connect(
        read_only_uri(path),
        uri=True,
        timeout=lock_timeout_seconds() if timeout is None else timeout,
        check_same_thread=check_same_thread,
    )


def connect_read_write(path: Path, timeout: float | None = None) -> sqlite3.Connection:
    """Open (creating) ``path`` for writing, usable from any thread, with the lock timeout."""
    return sqlite3.connect(
        str(path),
        timeout=lock_timeout_seconds() if timeout is None else timeout,
        check_same_thread=False,
    )

"""Waiting for the database lock, and the one place a lock that never came is explained.

SQLite lets one writer in at a time. Every connection DDQ Desk opens waits up to
``lock_timeout_seconds()`` for the lock (15 s, or ``$DDQ_LOCK_TIMEOUT``) instead of failing at
once; when the wait runs out, ``busy_error`` turns SQLite's "database is locked" into a
one-line :class:`~models.errors.DatabaseBusyError` that says what to do. A write the disk
cannot take (full, over a size limit, failing) is explained here too (``storage_error``).
"""

import os

from models.errors import DatabaseBusyError, DatabaseError

LOCK_TIMEOUT_ENV = "DDQ_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT_SECONDS = 15.0
_BUSY_MESSAGES = ("database is locked", "database is busy", "database table is locked")
_STORAGE_MESSAGES = ("disk i/o error", "database or disk is full", "disk is full")


def lock_timeout_seconds() -> float:
    """Return how long to wait for the database lock: ``$DDQ_LOCK_TIMEOUT`` or 15 seconds.

    A value that is not a non-negative number is ignored (the default applies): a typo in an
    environment variable should not stop the application.
    """
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT_SECONDS
    if not 0 <= value <= 24 * 3600:
        return DEFAULT_LOCK_TIMEOUT_SECONDS
    return value


def is_busy(error: BaseException) -> bool:
    """True when ``error`` (sqlite3 or SQLAlchemy) means another connection holds the lock."""
    text = str(getattr(error, "orig", None) or error).lower()
    return any(message in text for message in _BUSY_MESSAGES)


def busy_error(timeout: float | None = None) -> DatabaseBusyError:
    """Return the user-facing error for a lock that was not released in time."""
    waited = lock_timeout_seconds() if timeout is None else timeout
    return DatabaseBusyError(
        f"database is busy: another DDQ Desk window or command is writing to it "
        f"(waited {waited:g} s); try again when it has finished "
        f"(set {LOCK_TIMEOUT_ENV}=SECONDS to wait longer)"
    )


def storage_error(error: BaseException) -> DatabaseError | None:
    """Return the one-line error for a write the disk refused, or None for other errors.

    The transaction is rolled back by the caller's unit of work, so nothing was saved.
    """
    text = str(getattr(error, "orig", None) or error)
    if "readonly database" in text.lower():
        return DatabaseError(
            f"the change could not be saved: the database file or its folder is read-only "
            f"({text}); nothing was changed and the database is not damaged — make it "
            "writable and try again"
        )
    if not any(message in text.lower() for message in _STORAGE_MESSAGES):
        return None
    return DatabaseError(
        f"the change could not be saved: the disk refused the write ({text}); nothing was "
        "changed — free some disk space (or check the drive) and try again"
    )

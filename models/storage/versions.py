"""Row versions: a change made from an older version of a row is refused, never lost.

Every row people edit carries ``version`` (``models.storage.tables``). Two guards keep two
writers from overwriting each other:

- **The version the person saw.** A reader hands the ``version`` it read to the write
  (``base_version``); the write, inside its transaction, compares it with the row's and
  raises :class:`~models.errors.ConflictError` naming who changed the row and when, with
  their values, before changing anything (:func:`check_base`).
- **Two writers at the same instant.** SQLAlchemy's ``version_id_col`` puts
  ``AND version = ?`` in every UPDATE, so of two transactions that read the same version
  only the first one's UPDATE matches; the second gets ``StaleDataError``, which
  ``Database.write`` turns into :class:`RaceLostError` after rolling back. On SQLite this
  cannot happen (``BEGIN IMMEDIATE`` lets one writer in at a time); on a server database
  with read-committed transactions it can. :func:`write_versioned` runs such a change again
  from the top, where the base check then reports the conflict (a base was given) or the
  change is made on the newest version (none was: a command that reads and writes in one go).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from models.errors import Conflict, ConflictError, UserError

if TYPE_CHECKING:
    from models.storage.database import Database, UnitOfWork

T = TypeVar("T")

# A race is lost only to a transaction that committed in between; three tries is plenty.
RACE_ATTEMPTS = 3


class RaceLostError(UserError):
    """Another transaction changed the row between this one's read and its write."""


def check_base(
    row_version: int,
    base_version: int | None,
    what: str,
    by: str | None,
    at: datetime | None,
    theirs: dict[str, Any],
) -> None:
    """Refuse a change whose base version is not the row's version now.

    Args:
        row_version: The row's version, read inside the writing transaction.
        base_version: The version the person's change was based on; None when the change
            is made on whatever is there (a command that reads and writes in one go).
        what: The row in the user's words (``answer Q12``, ``claim soc2-type2``).
        by: Who made the row's last change, when known.
        at: When that change was made, when known.
        theirs: The row's values now, of the fields the refused change would have set.

    Raises:
        ConflictError: The row changed since ``base_version`` was read.
    """
    if base_version is None or base_version == row_version:
        return
    raise ConflictError(
        Conflict(what=what, by=by or None, at=at, version=row_version, theirs=theirs)
    )


def write_versioned(database: Database, actor: str, change: Callable[[UnitOfWork], T]) -> T:
    """Run ``change`` in one write transaction, again from the top if it lost a race.

    Args:
        database: The open database.
        actor: Who makes the change.
        change: Reads the row, checks its base version and changes it, in the unit given.

    Returns:
        What ``change`` returned in the transaction that committed.

    Raises:
        ConflictError: The base version is older than the row's.
        RaceLostError: It lost the race every time (a row changed that often is reported).
    """
    for attempt in range(1, RACE_ATTEMPTS + 1):
        try:
            with database.write(actor) as unit:
                return change(unit)
        except RaceLostError:
            if attempt == RACE_ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # the loop returns or raises

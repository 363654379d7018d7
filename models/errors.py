"""Errors that mean "the user gave us something we cannot use".

Every layer raises :class:`UserError` (or a subclass) for bad input; the command line turns it
into one line on stderr and exit status 2, the GUI into a dialog.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


class UserError(Exception):
    """Bad input from the user, a file or the environment, explained in one line."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = " ".join(str(message).split())

    def __str__(self) -> str:
        return self.message


class DatabaseError(UserError):
    """The database file cannot be used as it is (not SQLite, corrupt, newer schema)."""


class DatabaseBusyError(UserError):
    """Another process held the database lock for longer than DDQ Desk waits for it."""


@dataclass(frozen=True)
class Conflict:
    """Someone else's change that landed after the version a refused change was based on.

    Attributes:
        what: The row in the user's words (``answer Q12``, ``claim soc2-type2``).
        by: Who made that change, when known.
        at: When it was made (UTC), when known.
        version: The row's version now: a change redone on top is based on it.
        theirs: The row's values now, of the fields the refused change would have set.
    """

    what: str
    by: str | None
    at: datetime | None
    version: int
    theirs: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """Return ``answer Q12 was changed by alice at 10:42 UTC`` (who and when if known)."""
        text = f"{self.what} was changed"
        if self.by:
            text += f" by {self.by}"
        if self.at is not None:
            moment = self.at if self.at.tzinfo else self.at.replace(tzinfo=UTC)
            moment = moment.astimezone(UTC)
            same_day = moment.date() == datetime.now(UTC).date()
            text += f" at {moment:%H:%M} UTC" if same_day else f" on {moment:%Y-%m-%d at %H:%M} UTC"
        return text


class ConflictError(UserError):
    """A change was based on a version of a row that another change has since replaced.

    Nothing was changed. The command line prints the one line and exits 2; the GUI shows
    the other person's change beside the reviewer's and offers to redo it on top.

    Attributes:
        conflict: What the other change was.
    """

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(
            f"{conflict.describe()} since you read it; nothing was changed: run the command again"
        )
        self.conflict = conflict

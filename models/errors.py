"""Errors that mean "the user gave us something we cannot use".

Every layer raises :class:`UserError` (or a subclass) for bad input; the command line turns it
into one line on stderr and exit status 2, the GUI into a dialog.
"""


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

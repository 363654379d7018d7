"""Saving the reviewer's changes without the window ever waiting on the database lock.

Every change the guided review makes (the question the reviewer is on, the answer text as it
is typed, accept, verdict, flag) goes through one :class:`ReviewSaver`. A change is written at
once on a connection that waits at most ``GUI_LOCK_WAIT`` seconds for the lock. When another
process holds the lock longer, the change is kept in memory, in order behind any earlier one,
the page says "Saving…", and the saver tries again every ``RETRY_MS`` until it lands. Changes
to the same thing (the position in a review, one answer's draft text) replace each other while
they wait, so only the newest is written. Nothing typed is lost: ``flush`` (on closing) waits
the usual lock timeout for whatever is still pending.

A change based on a version of the answer someone else has replaced is refused by the core
(:class:`~models.errors.ConflictError`); the change's ``conflicted`` callback (the conflict
dialog) then says whether to write it again on top of the new version or drop it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from models.errors import ConflictError, DatabaseBusyError, UserError
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.dialogs import DialogService

T = TypeVar("T")

# Long enough for another thread of this app to finish a short write; short enough that the
# reviewer never feels it.
GUI_LOCK_WAIT = 0.05
RETRY_MS = 250


@dataclass
class _Change(Generic[T]):
    key: Hashable | None
    title: str
    write: Callable[[Database], T]
    saved: Callable[[T, bool], None] | None
    conflicted: Callable[[ConflictError], bool] | None = None


class ReviewSaver(QObject):
    """Writes review changes in order; never blocks on a lock another process holds.

    Signals:
        state_changed(str): ``saved`` (nothing pending) or ``waiting`` (changes are kept until
            another process releases the database lock).
    """

    state_changed = Signal(str)

    def __init__(
        self, database: Database, dialogs: DialogService, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.dialogs = dialogs
        self._quick = database.with_lock_timeout(GUI_LOCK_WAIT)
        self._pending: list[_Change[Any]] = []
        self._draining = False
        self.state = "saved"
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self._drain)

    @property
    def pending(self) -> int:
        """How many changes wait to be written."""
        return len(self._pending)

    def save(
        self,
        title: str,
        write: Callable[[Database], T],
        saved: Callable[[T, bool], None] | None = None,
        key: Hashable | None = None,
        conflicted: Callable[[ConflictError], bool] | None = None,
    ) -> bool:
        """Write a change now if the lock is free, else keep it and write it when it is.

        Args:
            title: The title of the error dialog if the change is refused.
            write: Makes the change on the database it is given; returns what ``saved`` gets.
            saved: Called with the result and whether it was written at once (False when it
                had to wait, so the reviewer may have moved on meanwhile).
            key: Changes with the same key replace each other while they wait.
            conflicted: Called when the change was refused because someone else's landed
                first; True writes it again (``write`` then reads the newer base version),
                False drops it. Without it the refusal is an error dialog.

        Returns:
            True when the change (and every one before it) was written before returning.
        """
        if key is not None:
            self._pending = [change for change in self._pending if change.key != key]
        self._pending.append(_Change(key, title, write, saved, conflicted))
        if self._draining or self._retry.isActive():
            return False  # it waits behind the changes already queued
        return self._drain(at_once=True)

    def discard(self, key: Hashable) -> None:
        """Forget a change still waiting (e.g. draft text the reviewer cancelled)."""
        self._pending = [change for change in self._pending if change.key != key]
        if not self._pending:
            self._retry.stop()
            self._set_state("saved")

    def flush(self) -> None:
        """Write whatever waits, waiting the usual lock timeout (on closing the window)."""
        self._retry.stop()
        self._drain(database=self.database)

    def _drain(self, at_once: bool = False, database: Database | None = None) -> bool:
        self._draining = True
        try:
            while self._pending:
                change = self._pending[0]
                try:
                    result = change.write(database or self._quick)
                except DatabaseBusyError as error:
                    if database is not None:  # closing: waited the full timeout in vain
                        self._pending.pop(0)
                        self.dialogs.error(change.title, str(error))
                        continue
                    self._set_state("waiting")
                    self._retry.start()
                    return False
                except ConflictError as error:
                    if change.conflicted is None:
                        self._pending.pop(0)
                        self.dialogs.error(change.title, str(error))
                    # The dialog runs an event loop: a newer change with the same key may
                    # have replaced this one meanwhile, so it is dropped by identity.
                    elif not change.conflicted(error):
                        self._pending = [kept for kept in self._pending if kept is not change]
                    continue
                except UserError as error:
                    self._pending.pop(0)
                    self.dialogs.error(change.title, str(error))
                    continue
                except BaseException:
                    self._pending.pop(0)  # a bug: never retry it forever
                    raise
                self._pending.pop(0)
                if change.saved is not None:
                    change.saved(result, at_once)
        finally:
            self._draining = False
        self._set_state("saved")
        return True

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

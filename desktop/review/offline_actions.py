"""Review → Check out for offline work… / Check in: the GUI's door to ``models.offline``.

Both run against the team database the window is connected to and the SQLite file of this
computer's data directory, off the GUI thread (``desktop.operations``); what the command line
prints comes as dialogs: the copy's local review id, what landed, the conflicts (question,
theirs, yours) and what to do next. Questions and answers go through the dialog service.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.operations import Operation, run_in_background
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.dialogs import DialogService
    from models.offline.checkin import CheckedIn
    from models.offline.checkout import CheckedOut


class OfflineActions(QObject):
    """Check a review out of the team database for offline work, and back in.

    Signals:
        status_message(str): A short note for the status bar.
        finished(): The last check-out or check-in ended (its dialog was shown).
    """

    status_message = Signal(str)
    finished = Signal()

    def __init__(
        self,
        database: Database,
        dialogs: DialogService,
        actor: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.dialogs = dialogs
        self.actor = actor
        self.operation: Operation[Any] | None = None

    def _run(self, work: Callable[[], Any], done: Callable[[Any], None], title: str) -> None:
        def failed(message: str) -> None:
            self.dialogs.error(title, message)
            self.finished.emit()

        def succeeded(result: Any) -> None:
            done(result)
            self.finished.emit()

        self.operation = run_in_background(
            work, on_success=succeeded, on_failure=failed, parent=self
        )

    def _with_local(
        self, action: Callable[[Database, Database, int, str], Any], review_id: int
    ) -> Callable[[], Any]:
        team, actor = self.database, self.actor() or "reviewer"

        def work() -> Any:
            # deferred: start-up time (the ORM and the local file load on first use)
            from models.bootstrap import open_local_database

            local = open_local_database(team.data_dir)
            try:
                return action(team, local, review_id, actor)
            finally:
                local.close()

        return work

    def checkout(self, review_id: int | None) -> None:
        """Ask, then copy the review and its vendor's knowledge base into the data directory."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.offline.checkout import checkout_review

        if review_id is None:
            return
        if not self.dialogs.confirm(
            "Check out for offline work",
            f"Copy review {review_id} and its vendor's knowledge base into this computer's "
            f"data directory ({self.database.data_dir})?\n\nOn the team database the review "
            "becomes read-only for everyone until you check it in or release it.",
        ):
            return

        def done(result: CheckedOut) -> None:
            self.dialogs.info(
                "Checked out",
                f"Review {result.team_review_id} is checked out: {result.answers} answers and "
                f"{result.claims} claims are in local review {result.local_review_id} of "
                f"{self.database.data_dir}.\n\nWork on it without the team database (Settings → "
                "Team database empty), then check it in from here.",
            )
            self.status_message.emit(f"Review {result.team_review_id} checked out")

        self._run(self._with_local(checkout_review, review_id), done, "Cannot check out")

    def checkin(self, review_id: int | None) -> None:
        """Push the local copy's changes; show what landed and any conflicts."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.offline.checkin import checkin_review

        if review_id is None:
            return

        def done(result: CheckedIn) -> None:
            landed = f"{result.landed} change{'' if result.landed == 1 else 's'} landed"
            if result.clean:
                self.dialogs.info(
                    "Checked in", f"Review {review_id}: {landed}; it is no longer checked out."
                )
                self.status_message.emit(f"Review {review_id} checked in")
                return
            lines = "\n".join(conflict.describe() for conflict in result.conflicts)
            self.dialogs.error(
                "Check-in with conflicts",
                f"Review {review_id}: {landed}; these changed on the team database meanwhile "
                f"and were not overwritten:\n\n{lines}\n\nThe review stays checked out: edit "
                f"local review {result.local_review_id} and check in again to put yours on "
                "top, or release it to keep theirs.",
            )

        self._run(self._with_local(checkin_review, review_id), done, "Cannot check in")

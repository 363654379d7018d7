"""Starting a review: read the questions (template or imported file), auto-fill them off the
GUI thread with a progress dialog and a Cancel button, and report the new review's id.

Nothing is written until auto-fill has finished (start_review stores the review in one
transaction), so a bad file or a Cancel leaves the database as it was.
"""

from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.dialogs import DialogService
from desktop.operations import Operation
from desktop.progress_runner import ProgressRunner
from desktop.review.new_review_dialog import NewReviewRequest
from models.storage.database import Database

QUESTIONNAIRE_SUFFIXES = (".csv", ".xlsx", ".json")


def review_steps(
    database: Database, request: NewReviewRequest, reviewer: str, organisation: str
) -> Iterator[tuple[int, int, int | None]]:
    """Return the generator that builds the review (runs on a worker thread)."""
    # deferred: start-up time (loaded on first use, not when the window opens)
    from questionnaires.review_builder import new_review_steps

    return new_review_steps(
        database, request.vendor, title=request.title, template_id=request.template_id,
        path=request.path, reviewer=reviewer, organisation=organisation,
    )  # fmt: skip


class ReviewStarter(QObject):
    """Starts new reviews, one at a time, behind a progress dialog.

    Signals:
        review_created(int): The new review's id.
        ended(): The operation is over, whatever its outcome.
    """

    review_created = Signal(int)
    ended = Signal()

    def __init__(self, database: Database, dialogs: DialogService, parent: QWidget) -> None:
        super().__init__(parent)
        self.database = database
        self.dialogs = dialogs
        self.runner = ProgressRunner(dialogs, parent)
        self.runner.ended.connect(self.ended)

    @property
    def busy(self) -> bool:
        """True while a review is being prepared."""
        return self.runner.busy

    def start(
        self, request: NewReviewRequest, reviewer: str, organisation: str
    ) -> Operation | None:
        """Start building the review described by ``request``; None when refused at once."""
        if request.path is not None and not is_questionnaire_file(request.path):
            self.dialogs.error(
                "Cannot import the questionnaire",
                f"{request.path.name}: DDQ Desk reads .csv, .xlsx and VSAQ .json files",
            )
            return None
        return self.runner.start(
            "New review",
            "Auto-filling answers…",
            lambda _operation: review_steps(self.database, request, reviewer, organisation),
            self._created,
            "Cannot start the review",
        )

    def _created(self, review_id: object) -> None:
        if isinstance(review_id, int):
            self.review_created.emit(review_id)


def is_questionnaire_file(path: Path) -> bool:
    """True for files DDQ Desk can import (by extension)."""
    return path.suffix.lower() in QUESTIONNAIRE_SUFFIXES

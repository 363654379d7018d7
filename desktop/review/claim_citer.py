"""*Cite claim…* behaviour: ask which of the vendor's current claims answer the question on
screen, then run the learning action (``questionnaires.citing.cite_claims``: phrasing
stored, answer recomputed from those claims, saved) off the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.dialogs import DialogService
from desktop.operations import Operation, run_in_background
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.review.cite_claims_dialog import ClaimChoice
    from questionnaires.review_records import AnswerRecord


def claim_choices(database: Database, vendor: str) -> list[ClaimChoice]:
    """Return the vendor's current claims (none a newer one superseded) for the dialog."""
    # deferred: start-up time (issue 17)
    from desktop.review.cite_claims_dialog import ClaimChoice
    from models.kb.claims import list_claims

    return [
        ClaimChoice(
            key=claim.key,
            title=claim.title,
            status=claim.status,
            searched=" ".join((claim.key, claim.title, claim.statement, *claim.keywords)),
        )
        for claim in list_claims(database, vendor=vendor)
        if not claim.is_superseded
    ]


class ClaimCiter(QObject):
    """Cites claims for one answer at a time.

    Signals:
        cited(object): The answer as stored after citing (a reviews.AnswerRecord).
        ended(): The operation is over, whatever its outcome.
    """

    cited = Signal(object)
    ended = Signal()

    def __init__(self, database: Database, dialogs: DialogService, parent: QObject) -> None:
        super().__init__(parent)
        self.database = database
        self.dialogs = dialogs
        self.operation: Operation | None = None

    @property
    def busy(self) -> bool:
        """True while citing is being saved."""
        return self.operation is not None

    def start(
        self, vendor: str, answer: AnswerRecord, actor: str
    ) -> Operation[AnswerRecord] | None:
        """Ask for the claims, then save the citing in the background.

        Returns:
            The running operation, or None when the reviewer cancelled or one is running.
        """
        if self.busy:
            return None
        ticked = [str(citation.get("claim")) for citation in answer.citations]
        keys = self.dialogs.cite_claims(
            answer.question, claim_choices(self.database, vendor), ticked
        )
        if not keys:
            return None
        database = self.database

        def work() -> AnswerRecord:  # on a worker thread: the engine's first import costs time
            # deferred: start-up time (loaded on first use, not when the window opens)
            from questionnaires.citing import cite_claims

            # Based on the answer on screen: refused, not lost, if someone changed it meanwhile.
            return cite_claims(database, vendor, answer, keys, actor, base_version=answer.version)

        self.operation = run_in_background(
            work,
            on_success=self.cited.emit,
            on_failure=lambda message: self.dialogs.error("Cannot cite the claims", message),
            parent=self,
        )
        self.operation.finished.connect(self._ended)
        return self.operation

    def _ended(self) -> None:
        self.operation = None
        self.ended.emit()

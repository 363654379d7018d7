"""The round trip with the vendor from a review: *Request from vendor…* (the request sheet or
e-mail), *Import vendor response…* (proposals to accept, edit or reject) and *Re-fill from
knowledge base…* (new proposals for untouched answers, flags on reviewed ones).

Reading a response and re-filling run auto-fill and file reading off the GUI thread through
``desktop.operations``; the writes are the core's, each batch in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.dialogs import DialogService
from desktop.operations import Operation, run_in_background
from models.errors import UserError
from models.storage.database import Database
from models.storage.files import refuse_output_inside

T = TypeVar("T")

if TYPE_CHECKING:
    from questionnaires.refill import RefillResult
    from questionnaires.vendor_responses import ClaimProposal, VendorResponse

REQUEST_FILTER = "Request sheet (*.xlsx);;CSV sheet (*.csv);;E-mail text (*.txt)"
RESPONSE_FILTER = "Vendor response (*.xlsx *.csv)"


class VendorRoundTrip(QObject):
    """Requests to and responses from the vendor of a review, and re-fill.

    Signals:
        knowledge_changed(): Claims were added from a response.
        claims_added(str): Claims of this vendor were added from a response.
        review_changed(int): Re-fill changed this review's answers.
        status_message(str): One line for the status bar.
    """

    knowledge_changed = Signal()
    claims_added = Signal(str)
    review_changed = Signal(int)
    status_message = Signal(str)

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
        self.operation: Operation | None = None

    def _who(self) -> str:
        return self.actor() or "reviewer"

    @property
    def busy(self) -> bool:
        """True while a response is read or a re-fill computed."""
        return self.operation is not None

    def request(self, review_id: int, vendor: str) -> Path | None:
        """Ask where to write the requests and write them; the file written, or None."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from exports.vendor_requests import write_request_sheet

        path = self.dialogs.save_file(
            "Request from vendor", f"{vendor}-review-{review_id}-requests.xlsx", REQUEST_FILTER
        )
        if path is None:
            return None
        try:
            refuse_output_inside(path, self.database.data_dir)
            groups, questions = write_request_sheet(
                self.database, review_id, path, sender=self.actor()
            )
        except (UserError, OSError) as error:
            self.dialogs.error("Cannot write the requests", str(error))
            return None
        self.dialogs.info(
            "Request from vendor",
            f"Wrote {groups} requests for {questions} questions to {path.name}. Send it to the "
            "vendor; import their filled-in sheet with Import vendor response…",
        )
        return path

    def _background(
        self, work: Callable[[], T], done: Callable[[T], None], title: str
    ) -> Operation[T]:
        def succeeded(result: T) -> None:
            self.operation = None  # free before ``done``: it may start the next step (re-fill)
            done(result)

        self.operation = run_in_background(
            work,
            on_success=succeeded,
            on_failure=lambda message: self.dialogs.error(title, message),
            parent=self,
        )
        self.operation.finished.connect(self._ended)
        return self.operation

    def _ended(self) -> None:
        if self.operation is not None and not self.operation.running:
            self.operation = None

    def import_response(self, review_id: int) -> Operation[Any] | None:
        """Choose the vendor's sheet, read it off the GUI thread, then show the proposals."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.vendor_responses import read_vendor_response

        if self.busy:
            return None
        path = self.dialogs.open_file("Import vendor response", RESPONSE_FILTER)
        if path is None:
            return None
        database = self.database
        return self._background(
            lambda: read_vendor_response(database, review_id, path),
            self._show_response,
            "Cannot read the vendor response",
        )

    def _show_response(self, response: VendorResponse) -> None:
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.vendor_responses import accept_proposals

        if not response.proposals:
            self.dialogs.error(
                "Nothing to import",
                f"{response.file_name} holds no usable answer.\n" + "\n".join(response.problems),
            )
            return
        stored: list[str] = []

        def accept(accepted: list[ClaimProposal], rejected: list[ClaimProposal]) -> str | None:
            try:
                stored.extend(
                    accept_proposals(self.database, response, accepted, self._who(), rejected)
                )
            except UserError as error:
                return str(error)
            return None

        if not self.dialogs.vendor_response(response, accept):
            return
        self.knowledge_changed.emit()
        self.status_message.emit(f"{len(stored)} claims added from {response.source_title}")
        if stored:
            self.refill(response.review_id)  # this review's Re-fill dialog, at once
            self.claims_added.emit(response.vendor)  # every open review of the vendor

    def refill(self, review_id: int) -> Operation[Any] | None:
        """Compute re-fill off the GUI thread, show it, and apply what the reviewer takes."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.refill import refill_changes

        if self.busy:
            return None
        database = self.database
        return self._background(
            lambda: refill_changes(database, review_id), self._show_refill, "Cannot re-fill"
        )

    def _show_refill(self, result: RefillResult) -> None:
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.refill import apply_refill

        if not result.changes:
            self.dialogs.info("Re-fill", "Nothing changed: the answers agree with the claims.")
            return
        chosen = self.dialogs.refill(result)
        if not chosen:
            return
        try:
            count = apply_refill(self.database, result.review_id, chosen, self._who())
        except UserError as error:
            self.dialogs.error("Cannot re-fill", str(error))
            return
        self.review_changed.emit(result.review_id)
        self.status_message.emit(f"Re-fill: {count} answers changed or flagged")

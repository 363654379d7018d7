"""Sign-off behaviour behind the summary and the review page: finish (with the gate that
shows what is still open), reopen with a reason, and write the reviewed answers back into the
customer's workbook through the column picker. Questions go through the dialog service."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from models.errors import UserError
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.dialogs import DialogService

WORKBOOK_FILTERS = {".xlsx": "Excel workbooks (*.xlsx)", ".csv": "CSV files (*.csv)"}


class SignOffActions(QObject):
    """Finish, reopen and write back one review at a time.

    Signals:
        changed(int): The review with this id was finished, reopened or written back.
        status_message(str): A short note for the status bar.
    """

    changed = Signal(int)
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

    def _who(self) -> str:
        return self.actor() or "reviewer"

    def finish(self, review_id: int) -> bool:
        """Finish the review; with open answers, show the counts and ask first."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.signoff import finish_review, review_counts

        try:
            counts = review_counts(self.database, review_id)
            if counts.open and not self.dialogs.confirm(
                "Finish with open answers?",
                f"Review {review_id} still has {', '.join(counts.open_parts())}.\n\n"
                "A pack signed now will say so in its signature: “Signed draft”, not "
                "“Reviewed and approved”. The review becomes read-only until it is reopened.\n\n"
                "Finish it anyway?",
            ):
                return False
            finish_review(self.database, review_id, self._who(), with_open=bool(counts.open))
        except UserError as error:
            self.dialogs.error("Cannot finish the review", str(error))
            return False
        self.status_message.emit("Review finished: it is read-only until reopened")
        self.changed.emit(review_id)
        return True

    def reopen(self, review_id: int) -> bool:
        """Ask why, then make the finished review editable again (audited)."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.signoff import reopen_review

        reason = self.dialogs.ask_text(
            "Reopen review", "Why is the review reopened? (kept in the audit trail)"
        )
        if reason is None:
            return False
        try:
            reopen_review(self.database, review_id, self._who(), reason)
        except UserError as error:
            self.dialogs.error("Cannot reopen the review", str(error))
            return False
        self.status_message.emit("Review reopened")
        self.changed.emit(review_id)
        return True

    def write_back(self, review_id: int) -> bool:
        """Pick columns and mapping, choose where, and write the reviewed answers."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from exports.review_workbook import (
            MissingSourceError,
            inspect_workbook,
            write_review_workbook,
        )
        from questionnaires.workbook_targets import load_choice, save_choice

        title = "Write back to workbook"
        original: Path | None = None
        try:
            try:
                info = inspect_workbook(self.database, review_id)
            except MissingSourceError:
                original = self.dialogs.open_file(
                    "The questionnaire has moved: where is it now?",
                    "Questionnaires (*.xlsx *.csv)",
                )
                if original is None:
                    return False
                info = inspect_workbook(self.database, review_id, original)
            choice = self.dialogs.workbook_columns(
                review_id, info, load_choice(self.database, review_id) or info.suggested
            )
            if choice is None:
                return False
            suffix = info.source.suffix.lower()
            out = self.dialogs.save_file(
                title, f"{info.source.stem}-reviewed{suffix}", WORKBOOK_FILTERS[suffix]
            )
            if out is None:
                return False
            if out.suffix.lower() != suffix:
                out = out.with_name(out.name + suffix)
            result = write_review_workbook(
                self.database, review_id, out, choice=choice, original=original, actor=self._who()
            )
            save_choice(self.database, review_id, choice, self._who())
        except (UserError, OSError) as error:
            self.dialogs.error(title, str(error))
            return False
        notes = [f"{result.answers} reviewed answers written to {result.path.name}."]
        if result.blank_verdicts:
            notes.append(
                f"{result.blank_verdicts} verdicts left blank (unknown, or no value fits)."
            )
        if result.skipped_formulas:
            notes.append(
                f"{result.skipped_formulas} cells holding formulas were left as they were."
            )
        if result.not_reviewed:
            notes.append(f"{result.not_reviewed} answers have not been reviewed yet.")
        self.dialogs.info(title, "\n".join(notes))
        self.changed.emit(review_id)
        return True

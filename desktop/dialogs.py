"""Everything that asks the user something or leaves the app goes through one service.

Controllers call :class:`DialogService` instead of QMessageBox, QFileDialog or
QDesktopServices directly, so tests substitute an object that answers from a script and
records what was shown (see ``tests/gui_helpers.py``), and no test opens a browser.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from models.evidence.urls import redacted, url_problem

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from desktop.about import AboutInfo
    from desktop.review.cite_claims_dialog import ClaimChoice
    from desktop.review.new_review_dialog import NewReviewRequest
    from exports.review_workbook import WorkbookInfo
    from models.errors import Conflict
    from models.kb.claim_add import ClaimForm
    from models.kb.claims import ClaimRecord
    from questionnaires.refill import RefillChange, RefillResult
    from questionnaires.vendor_responses import ClaimProposal, VendorResponse
    from questionnaires.workbook_targets import WorkbookChoice

_PLAIN = Qt.TextFormat.PlainText


class DialogService:
    """Message boxes, questions, file choosers and opening links, for one parent window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        """Show an error the user must acknowledge (plain text)."""
        box = QMessageBox(QMessageBox.Icon.Critical, title, message, parent=self.parent)
        box.setTextFormat(_PLAIN)
        box.exec()

    def info(self, title: str, message: str) -> None:
        """Show a short piece of information (plain text)."""
        box = QMessageBox(QMessageBox.Icon.Information, title, message, parent=self.parent)
        box.setTextFormat(_PLAIN)
        box.exec()

    def about(self, info: "AboutInfo") -> None:
        """Show Help → About: version, data directory, knowledge-base date, licences."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.about_dialog import AboutDialog

        dialog = AboutDialog(info, self.parent)
        dialog.exec()
        dialog.deleteLater()

    def confirm(self, title: str, message: str) -> bool:
        """Ask a yes/no question; True for yes."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            title,
            message,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self.parent,
        )
        box.setTextFormat(_PLAIN)
        return box.exec() == QMessageBox.StandardButton.Yes

    def conflict(
        self, title: str, conflict: "Conflict", seen: "dict[str, Any]", mine: "dict[str, Any]"
    ) -> bool:
        """Show someone else's change beside the reviewer's; True to redo theirs on top.

        Args:
            title: The dialog's title (what the reviewer was doing).
            conflict: The change that landed first.
            seen: The fields as the reviewer read them.
            mine: The fields the reviewer's change sets.
        """
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.conflict_dialog import ConflictDialog

        dialog = ConflictDialog(title, conflict, seen, mine, self.parent)
        dialog.exec()
        redo = dialog.redo
        dialog.deleteLater()
        return redo

    def _ask(
        self, title: str, label: str, text: str, *, secret: bool = False, multiline: bool = False
    ) -> str | None:
        dialog = QInputDialog(self.parent)
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        if multiline:
            dialog.setOption(QInputDialog.InputDialogOption.UsePlainTextEditForTextInput)
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password if secret else QLineEdit.EchoMode.Normal)
        dialog.setTextValue(text)
        for child in dialog.findChildren(QLabel):
            child.setTextFormat(_PLAIN)  # the label may quote a file name or a claim
        accepted = dialog.exec() == QInputDialog.DialogCode.Accepted
        value = dialog.textValue()
        dialog.deleteLater()
        return value if accepted else None

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for one line of text; None when cancelled."""
        return self._ask(title, label, text)

    def ask_password(self, title: str, label: str) -> str | None:
        """Ask for a secret (shown as dots, never stored); None when cancelled."""
        return self._ask(title, label, "", secret=True)

    def ask_multiline(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for a paragraph of text; None when cancelled."""
        return self._ask(title, label, text, multiline=True)

    def open_file(self, title: str, filters: str) -> Path | None:
        """Let the user pick an existing file with the platform's dialog."""
        name, _selected = QFileDialog.getOpenFileName(self.parent, title, "", filters)
        return Path(name) if name else None

    def edit_claim(self, claim: "ClaimRecord") -> dict[str, str] | None:
        """Show the Edit claim form; the edited fields, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.kb.claim_edit_dialog import ClaimEditDialog

        dialog = ClaimEditDialog(claim, self.parent)
        return dialog.values() if dialog.exec() == ClaimEditDialog.DialogCode.Accepted else None

    def new_vendor(self) -> dict[str, str] | None:
        """Show the New vendor form; its fields, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.kb.new_vendor_dialog import NewVendorDialog

        dialog = NewVendorDialog(self.parent)
        accepted = dialog.exec() == NewVendorDialog.DialogCode.Accepted
        values = dialog.values()
        dialog.deleteLater()
        return values if accepted else None

    def claim_form(
        self,
        vendor_label: str,
        submit: "Callable[[ClaimForm], str | None]",
        base: "ClaimRecord | None" = None,
    ) -> bool:
        """Show the New claim (or, with ``base``, Supersede) form until ``submit`` saves it
        or the user cancels; True when saved."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.kb.claim_form_dialog import ClaimFormDialog
        from models.evidence.local_files import FILE_FILTER

        dialog = ClaimFormDialog(
            vendor_label,
            lambda: self.open_file("Source file the vendor sent", FILE_FILTER),
            submit,
            base,
            self.parent,
        )
        saved = dialog.exec() == ClaimFormDialog.DialogCode.Accepted
        dialog.deleteLater()
        return saved

    def vendor_response(
        self,
        response: "VendorResponse",
        accept: "Callable[[list[ClaimProposal], list[ClaimProposal]], str | None]",
    ) -> bool:
        """Show a vendor response's proposals to accept, edit or reject until ``accept``
        stores the batch or the user cancels; True when stored."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.review.response_dialog import ResponseDialog

        dialog = ResponseDialog(response, accept, self.parent)
        stored = dialog.exec() == ResponseDialog.DialogCode.Accepted
        dialog.deleteLater()
        return stored

    def refill(self, result: "RefillResult") -> "list[RefillChange] | None":
        """Show what re-fill offers; the changes the reviewer took, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.review.refill_dialog import RefillDialog

        dialog = RefillDialog(result, self.parent)
        accepted = dialog.exec() == RefillDialog.DialogCode.Accepted
        chosen = dialog.chosen()
        dialog.deleteLater()
        return chosen if accepted else None

    def new_review(
        self,
        vendors: list[tuple[str, str]],
        templates: list[tuple[str, str, int]],
        choose_file: "Callable[[], Path | None]",
        path: Path | None = None,
    ) -> "NewReviewRequest | None":
        """Show the New review form; what it asks for, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.review.new_review_dialog import NewReviewDialog

        dialog = NewReviewDialog(vendors, templates, choose_file, path, self.parent)
        return dialog.request() if dialog.exec() == NewReviewDialog.DialogCode.Accepted else None

    def cite_claims(
        self, question: str, claims: "list[ClaimChoice]", ticked: list[str]
    ) -> list[str] | None:
        """Show the Cite claims list; the ticked claim keys, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.review.cite_claims_dialog import CiteClaimsDialog

        dialog = CiteClaimsDialog(question, claims, ticked, self.parent)
        accepted = dialog.exec() == CiteClaimsDialog.DialogCode.Accepted
        keys = dialog.chosen_keys()
        dialog.deleteLater()
        return keys if accepted else None

    def settings(
        self,
        values: dict[str, object],
        data_dir: Path,
        choose_identity: "Callable[[], Path | None]",
        open_folder: "Callable[[], None]",
        identity_note: str = "",
    ) -> dict[str, object] | None:
        """Show Settings; the edited values, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.settings_dialog import SettingsDialog

        dialog = SettingsDialog(
            values, data_dir, choose_identity, open_folder, self.parent, identity_note
        )
        return dialog.values() if dialog.exec() == SettingsDialog.DialogCode.Accepted else None

    def workbook_columns(
        self, review_id: int, info: "WorkbookInfo", choice: "WorkbookChoice"
    ) -> "WorkbookChoice | None":
        """Show the write-back column picker and mapping; the choice, or None when cancelled."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.review.workbook_dialog import WorkbookDialog

        dialog = WorkbookDialog(review_id, info, choice, self.parent)
        accepted = dialog.exec() == WorkbookDialog.DialogCode.Accepted
        picked = dialog.choice() if accepted else None
        dialog.deleteLater()
        return picked

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        """Let the user choose where to write a file with the platform's dialog."""
        name, _selected = QFileDialog.getSaveFileName(self.parent, title, suggested, filters)
        return Path(name) if name else None

    def open_url(self, url: str) -> None:
        """Open a web link in the user's browser: http(s) only, never a password.

        Links come from the knowledge base, which an older database or a restored backup may
        fill with ``file:``, ``javascript:`` or ``smb:`` URLs; those are refused with a
        message instead of being handed to the system.
        """
        problem = url_problem(url)
        if problem:
            self.error("Link not opened", f"{redacted(url)}\n\nNot opened: {problem}.")
            return
        QDesktopServices.openUrl(QUrl(url.strip()))

    def open_local(self, path: Path) -> None:
        """Open a file or folder the app itself chose (the data directory, a snapshot)."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

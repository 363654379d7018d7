"""The Edit claim dialog (a view): title, status, statement and watch-out of one claim."""

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desktop.kb.claims_table import STATUS_LABELS
from models.kb.claims import ClaimRecord


class ClaimEditDialog(QDialog):
    """Edits the user-facing fields of a claim; ``values()`` returns what the form holds."""

    def __init__(self, claim: ClaimRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit claim — {claim.key}")
        self.title = QLineEdit(claim.title)
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.status.setCurrentIndex(max(0, self.status.findData(claim.status)))
        self.statement = QPlainTextEdit(claim.statement)
        self.statement.setTabChangesFocus(True)
        self.watch_out = QPlainTextEdit(claim.watch_out or "")
        self.watch_out.setTabChangesFocus(True)
        self.watch_out.setPlaceholderText("Nothing to watch out for")
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Status", self.status)
        form.addRow("Statement", self.statement)
        form.addRow("Watch-out", self.watch_out)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(line * 80)

    def values(self) -> dict[str, str]:
        """Return the edited fields."""
        return {
            "title": self.title.text(),
            "status": self.status.currentData(),
            "statement": self.statement.toPlainText(),
            "watch_out": self.watch_out.toPlainText(),
        }

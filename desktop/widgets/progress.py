"""A window-modal progress dialog with a Cancel button, for background operations.

Unlike QProgressDialog it never spins the event loop from ``setValue`` (a modal
QProgressDialog does), so progress signals cannot re-enter the code that delivers them.
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)


class ProgressDialog(QDialog):
    """Shows ``done of total`` for one operation.

    Signals:
        canceled(): The user pressed Cancel or closed the dialog.
    """

    canceled = Signal()

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.label = QLabel(text)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self._text = text
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self._cancel)
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(buttons)
        # Size fixed before showing: a layout constraint would resize the window after it
        # exists, which some platform plugins (offscreen) warn about.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.resize(self.sizeHint())
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)
        self._finished = False

    def set_progress(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` (a busy bar while total is 0)."""
        self.bar.setRange(0, max(0, total))
        self.bar.setValue(min(done, total) if total else 0)
        if total:
            self.label.setText(f"{self._text} {done} of {total}")

    def set_stage(self, text: str) -> None:
        """Show what the operation is doing now (plain text)."""
        self._text = text
        self.label.setText(text)

    def _cancel(self) -> None:
        if not self._finished:
            self.label.setText("Cancelling…")
            self.cancel_button.setEnabled(False)
            self.canceled.emit()

    def finish(self) -> None:
        """Close the dialog once the operation is over."""
        self._finished = True
        self.done(QDialog.DialogCode.Accepted)
        self.deleteLater()

    def reject(self) -> None:
        """Qt: Escape cancels the operation instead of hiding the dialog."""
        self._cancel()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Qt: closing the dialog cancels; it closes when the operation ends."""
        if not self._finished:
            event.ignore()
            self._cancel()
        else:
            super().closeEvent(event)

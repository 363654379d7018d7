"""The dialog shown when a change was based on a version someone else has since replaced.

It shows, field by field, what the reviewer read, what the row holds now (the other
person's change, named with who and when) and what the reviewer's change would make of it,
and lets the reviewer redo their change on top of the new version or discard it. Every value
is plain text: the answer, claim and note texts are user data.
"""

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.text import heading, muted_label, plain_label
from models.errors import Conflict

FIELD_LABELS = {
    "verdict": "Verdict",
    "text": "Answer",
    "state": "State",
    "flag_reason": "Flag reason",
    "title": "Title",
    "statement": "Statement",
    "status": "Status",
    "watch_out": "Watch-out",
    "note": "Note",
    "disposition": "Disposition",
    "dismissed_reason": "Dismissed because",
}
MAX_SHOWN = 600  # characters of one value; the rest is elided ("…")


def shown_value(value: Any) -> str:
    """Return a stored value as the dialog shows it ("—" for nothing)."""
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def compared_fields(
    conflict: Conflict, seen: dict[str, Any], mine: dict[str, Any]
) -> list[tuple[str, str, str, str]]:
    """Return the rows to show: (field label, when you read it, now, yours).

    A field appears when the other change altered it or the reviewer's change sets it.
    """
    rows = []
    for name, now in conflict.theirs.items():
        before = seen.get(name, now)
        yours = mine.get(name, now)
        if before == now and name not in mine:
            continue
        label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
        rows.append((label, shown_value(before), shown_value(now), shown_value(yours)))
    return rows


class ConflictDialog(QDialog):
    """Their change beside the reviewer's; ``redo`` is True when the reviewer chose to redo
    theirs on top of the new version, False to discard it."""

    def __init__(
        self,
        title: str,
        conflict: Conflict,
        seen: dict[str, Any],
        mine: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.redo = False
        layout = QVBoxLayout(self)
        described = conflict.describe()
        layout.addWidget(heading(f"{described[:1].upper()}{described[1:]} since you read it"))
        layout.addWidget(
            muted_label(
                "Nothing of yours was saved yet. Redo your change on top of theirs, or discard "
                "yours and keep theirs."
            )
        )
        grid = QGridLayout()
        by = conflict.by or "someone else"
        for column, text in enumerate(("", "When you read it", f"Now, by {by}", "Yours")):
            grid.addWidget(heading(text, factor=1.0), 0, column)
        self.cells: dict[tuple[int, int], QLabel] = {}
        for row, values in enumerate(compared_fields(conflict, seen, mine), start=1):
            for column, value in enumerate(values):
                cell = heading(value, factor=1.0) if column == 0 else plain_label(value)
                cell.setObjectName(f"conflictCell{row}_{column}")
                self.cells[(row, column)] = cell
                grid.addWidget(cell, row, column, Qt.AlignmentFlag.AlignTop)
        grid.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 3)
        grid.setVerticalSpacing(self.fontMetrics().height() // 2)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        layout.addSpacing(self.fontMetrics().height() // 2)
        layout.addLayout(grid)
        layout.addSpacing(self.fontMetrics().height())
        buttons = QDialogButtonBox()
        self.redo_button = QPushButton("Redo mine on top")
        self.redo_button.setObjectName("redoOnTop")
        self.discard_button = QPushButton("Discard mine")
        self.discard_button.setObjectName("discardMine")
        buttons.addButton(self.redo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.redo_button.clicked.connect(self._redo)
        self.discard_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        self.redo_button.setDefault(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 110)

    def _redo(self) -> None:
        self.redo = True
        self.accept()

    def row_texts(self) -> list[list[str]]:
        """Return the shown table as text, row by row (for tests and screenshots)."""
        rows = sorted({row for row, _column in self.cells})
        return [[self.cells[(row, column)].text() for column in range(4)] for row in rows]

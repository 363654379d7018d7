"""The Re-fill dialog (a view): what changed in the answers since the knowledge base changed,
as before → after, with a tick to take each (Space toggles the current row)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.text import heading, muted_label
from questionnaires.refill import RefillChange, RefillResult

COLUMNS = ("Take", "Question", "Now", "Proposed")


def _cell(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _with_verdict(verdict: str, text: str) -> str:
    """The answer as the reviewer reads it, its verdict first (once)."""
    return text if text.lower().startswith(verdict) else f"{verdict.capitalize()}: {text}"


def _citations(change: RefillChange) -> str:
    """The claims the proposal cites with how much evidence each, for a change that only
    its citations make (a file attached to a cited claim, say)."""
    cited = []
    for item in change.proposal.citations if change.proposal is not None else []:
        count = len(item.get("evidence") or [])
        items = f"{count} evidence item{'s' if count != 1 else ''}"
        cited.append(f"{item.get('claim')} ({items})")
    return "; ".join(cited) or "none"


class RefillDialog(QDialog):
    """Lists the re-fill changes of one review; ``chosen()`` returns the ticked ones."""

    def __init__(self, result: RefillResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.refill = result
        self.setWindowTitle(f"Re-fill review {result.review_id}")
        layout = QVBoxLayout(self)
        updates = sum(1 for change in result.changes if change.kind == "update")
        layout.addWidget(heading(f"{updates} new proposals, {len(result.changes) - updates} flags"))
        layout.addWidget(
            muted_label(
                "New proposals replace answers nobody has reviewed yet. Answers you accepted "
                "or edited are never overwritten: they get a flag naming the claim that changed."
            )
        )
        self.table = QTableWidget(len(result.changes), len(COLUMNS))
        self.table.setObjectName("refillChanges")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for row, change in enumerate(result.changes):
            take = QTableWidgetItem("flag" if change.kind == "flag" else "new answer")
            take.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                          | Qt.ItemFlag.ItemIsSelectable)  # fmt: skip
            take.setCheckState(
                Qt.CheckState.Checked if change.kind == "flag" else Qt.CheckState.Unchecked
            )
            self.table.setItem(row, 0, take)
            self.table.setItem(row, 1, _cell(f"{change.qid}: {change.question}"))
            self.table.setItem(row, 2, _cell(_with_verdict(change.old_verdict, change.old_text)))
            if change.kind == "update" and change.proposal is not None:
                after = _with_verdict(change.proposal.verdict, change.proposal.text)
                if (change.old_verdict, change.old_text) == (
                    change.proposal.verdict,
                    change.proposal.text,
                ):
                    after = f"Same answer, citations updated: {_citations(change)}"
            else:
                after = "Flag: knowledge base changed since you accepted this: " + ", ".join(
                    change.claims
                )
            self.table.setItem(row, 3, _cell(after))
        # Rows follow the column widths the layout settles on (word-wrapped text).
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_args: self.table.resizeRowsToContents()
        )
        layout.addWidget(self.table, 1)
        take_all = QPushButton("Take all")
        take_all.setObjectName("takeAllRefill")
        take_all.clicked.connect(self.take_all)
        layout.addWidget(take_all, 0, Qt.AlignmentFlag.AlignLeft)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Apply ticked")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumSize(line * 140, self.fontMetrics().lineSpacing() * 28)

    def take_all(self) -> None:
        """Tick every change."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None:
                item.setCheckState(Qt.CheckState.Checked)

    def _ticked(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def chosen(self) -> list[RefillChange]:
        """Return the ticked changes."""
        return [change for row, change in enumerate(self.refill.changes) if self._ticked(row)]

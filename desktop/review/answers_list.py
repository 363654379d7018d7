"""The question list beside a review: a Qt model over AnswerRecords and its filter proxy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from desktop.kb.claims_table import filter_change
from desktop.widgets.text import plain_tooltip, short_section

if TYPE_CHECKING:
    from questionnaires.reviews import AnswerRecord

ANSWER_ROLE = Qt.ItemDataRole.UserRole + 1
STATE_MARKS = {"auto": "○", "accepted": "✓", "edited": "✎", "flagged": "⚑"}
STATE_COLOURS = {"accepted": "#2e7d32", "edited": "#1565c0", "flagged": "#c62828"}
REVIEW_FILTERS = (
    ("All questions", "all"),
    ("Unresolved", "unresolved"),
    ("Flagged", "flagged"),
    ("Unknown verdict", "unknown"),
)
_Index = QModelIndex | QPersistentModelIndex


class AnswersListModel(QAbstractListModel):
    """One row per question: a state mark, its id and the question text."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.answers: list[AnswerRecord] = []

    def set_answers(self, answers: list[AnswerRecord]) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.answers = list(answers)
        self.endResetModel()

    def replace(self, answer: AnswerRecord) -> None:
        """Update the row of ``answer`` after a change."""
        for row, existing in enumerate(self.answers):
            if existing.id == answer.id:
                self.answers[row] = answer
                index = self.index(row)
                self.dataChanged.emit(index, index)
                return

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        """Qt: number of questions."""
        return 0 if parent.isValid() else len(self.answers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: text, colour, tooltip and the record itself."""
        if not index.isValid():
            return None
        answer = self.answers[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            question = " ".join(answer.question.split())
            where = f" · {short_section(answer.section)}" if answer.section else ""
            return f"{STATE_MARKS.get(answer.state, '?')}  {answer.qid}{where}\n{question}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{answer.state} · verdict {answer.verdict}: {answer.question}")
        if role == Qt.ItemDataRole.ForegroundRole and answer.state in STATE_COLOURS:
            return QBrush(QColor(STATE_COLOURS[answer.state]))
        if role == ANSWER_ROLE:
            return answer
        return None


class AnswerFilter(QSortFilterProxyModel):
    """Shows all questions, or only unresolved, flagged or unknown-verdict ones."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mode = "all"

    def set_mode(self, mode: str) -> None:
        """Choose one of ``all``, ``unresolved``, ``flagged``, ``unknown``."""
        with filter_change(self):
            self.mode = mode

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Qt: the filter rule."""
        model = self.sourceModel()
        assert isinstance(model, AnswersListModel)  # the only model this filter is given
        answer: AnswerRecord = model.answers[source_row]
        if self.mode == "unresolved":
            return not answer.resolved
        if self.mode == "flagged":
            return answer.state == "flagged"
        if self.mode == "unknown":
            return answer.verdict == "unknown"
        return True

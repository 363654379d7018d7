"""The Cite claim dialog (a view): the vendor's current claims with a search box; the reviewer
ticks the ones that answer the question. ``chosen_keys()`` returns what is ticked."""

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListView,
    QVBoxLayout,
    QWidget,
)

from desktop.kb.claims_table import filter_change

KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ClaimChoice:
    """One claim as the dialog lists it.

    Attributes:
        key: The claim's key.
        title: Its title.
        status: Its status (``yes``, ``yes-gated``…).
        searched: The words the search box matches (key, title, statement, keywords).
    """

    key: str
    title: str
    status: str
    searched: str


class _WordFilter(QSortFilterProxyModel):
    """Shows the claims whose searched text holds every word typed, in any order."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_words(self, text: str) -> None:
        """Filter on the words of ``text`` (case-insensitive)."""
        with filter_change(self):
            self._words = text.casefold().split()

    def filterAcceptsRow(  # noqa: N802
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        """Qt: True when the row's searched text holds every word."""
        searched = self.sourceModel().index(source_row, 0, source_parent).data(SEARCH_ROLE)
        return all(word in searched for word in self._words)


class CiteClaimsDialog(QDialog):
    """Lists claims to tick for the answer on screen."""

    def __init__(
        self,
        question: str,
        claims: list[ClaimChoice],
        ticked: list[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Cite claims")
        prompt = QLabel(f"Which claims answer “{' '.join(question.split())}”?")
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        prompt.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setObjectName("citeSearch")
        self.search.setPlaceholderText("Search claims")
        self.search.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        for claim in claims:
            item = QStandardItem(f"{claim.title}  ({claim.key}, {claim.status})")
            item.setData(claim.key, KEY_ROLE)
            item.setData(claim.searched.casefold(), SEARCH_ROLE)
            item.setToolTip(claim.key)
            item.setEditable(False)
            item.setCheckable(True)
            checked = claim.key in ticked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.model.appendRow(item)
        self.shown = _WordFilter(self)
        self.shown.setSourceModel(self.model)
        self.claims = QListView()
        self.claims.setObjectName("citeClaims")
        self.claims.setModel(self.shown)
        self.claims.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.claims.setUniformItemSizes(True)
        self.hint = QLabel(
            "The question is remembered as a wording of the ticked claims, and the answer is "
            "made again from them."
        )
        self.hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Cite")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.search.textChanged.connect(self.shown.set_words)
        self.model.itemChanged.connect(self._update_ok)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.search)
        layout.addWidget(self.claims, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.buttons)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumSize(line * 80, self.fontMetrics().lineSpacing() * 24)
        self._update_ok()
        self.search.setFocus()

    def _update_ok(self, _item: QStandardItem | None = None) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.chosen_keys()))

    def chosen_keys(self) -> list[str]:
        """Return the keys of the ticked claims, in list order (hidden ones included)."""
        return [
            self.model.item(row).data(KEY_ROLE)
            for row in range(self.model.rowCount())
            if self.model.item(row).checkState() == Qt.CheckState.Checked
        ]

"""The claims table: a Qt model over ClaimRecords and the proxy that filters and sorts it.

The model holds plain records (never live ORM objects). The proxy keeps the filtering rules a
reviewer sees — status, watch-outs, stale, superseded and the current full-text search —
and orders search results by relevance until the user sorts by a column.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from desktop.widgets.text import plain_tooltip
from models.kb.claims import ClaimRecord

STATUS_LABELS = {"yes": "Yes", "yes-gated": "Yes (gated)", "no": "No", "unclear": "Unclear"}
COLUMNS = ("Claim", "Key", "Status", "As of", "Flags")
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex
_DISPLAY_ROLES = frozenset({int(Qt.ItemDataRole.DisplayRole), int(SORT_ROLE)})
_TOOLTIP_ROLE = int(Qt.ItemDataRole.ToolTipRole)
# A view asks for a dozen roles per cell (font, colours, size hints…); these are the ones
# the model answers, so every other request returns at once.
_ROLES = _DISPLAY_ROLES | {_TOOLTIP_ROLE, int(CLAIM_ROLE)}


@contextmanager
def filter_change(proxy: QSortFilterProxyModel) -> Iterator[None]:
    """Wrap a change of a proxy's filter rules (Qt 6.10 API, older Qt's invalidateFilter)."""
    if hasattr(proxy, "beginFilterChange"):
        proxy.beginFilterChange()
        yield
        proxy.endFilterChange(QSortFilterProxyModel.Direction.Rows)
    else:
        yield
        proxy.invalidateFilter()


class ClaimsTableModel(QAbstractTableModel):
    """Rows of claims with their flags computed for today's stale threshold."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._claims: list[ClaimRecord] = []
        self._flags: list[list[str]] = []
        self.max_age_days = 365

    def set_claims(self, claims: list[ClaimRecord], max_age_days: int) -> None:
        """Replace every row."""
        self.beginResetModel()
        self.max_age_days = max_age_days
        self._claims = list(claims)
        today = date.today()
        self._flags = [claim.flags(today, max_age_days) for claim in self._claims]
        self.endResetModel()

    def claim_at(self, row: int) -> ClaimRecord:
        """Return the claim shown in ``row``."""
        return self._claims[row]

    def flags_at(self, row: int) -> list[str]:
        """Return the flags computed for ``row``."""
        return self._flags[row]

    def row_of(self, key: str, vendor: str | None = None) -> int | None:
        """Return the row of the claim with ``key`` (of ``vendor`` when given), or None."""
        for row, claim in enumerate(self._claims):
            if claim.key == key and vendor in (None, claim.vendor):
                return row
        return None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        """Qt: number of claims."""
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        """Qt: number of columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Qt: column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Qt: cell text, tooltips, sort keys and the record itself."""
        if role not in _ROLES or not index.isValid():
            return None
        claim = self._claims[index.row()]
        column = index.column()
        if role == CLAIM_ROLE:
            return claim
        if role in _DISPLAY_ROLES:
            if column == 0:
                return claim.title
            if column == 1:
                return claim.key
            if column == 2:
                return STATUS_LABELS.get(claim.status, claim.status)
            if column == 3:
                if role == SORT_ROLE:
                    return claim.as_of.isoformat() if claim.as_of else ""
                return claim.as_of.isoformat() if claim.as_of else "undated"
            if column == 4:
                return ", ".join(self._flags[index.row()])
        if role == _TOOLTIP_ROLE:
            if column == 4 and claim.watch_out:
                return plain_tooltip(claim.watch_out)
            if column == 0:
                return plain_tooltip(claim.statement[:400])
        return None


class ClaimFilter(QSortFilterProxyModel):
    """Shows the claims that pass every active filter; search results by relevance."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._status: str | None = None
        self._required_flags: set[str] = set()
        self._relevance: dict[int, int] | None = None
        self.by_relevance = False

    def _claims(self) -> ClaimsTableModel:
        model = self.sourceModel()
        assert isinstance(model, ClaimsTableModel)  # the only model this filter is given
        return model

    def set_status(self, status: str | None) -> None:
        """Show only claims with ``status`` (None: any)."""
        with filter_change(self):
            self._status = status

    def set_flag_required(self, flag: str, required: bool) -> None:
        """Show only claims carrying ``flag`` (``watch-out``, ``stale``, ``superseded``)."""
        with filter_change(self):
            if required:
                self._required_flags.add(flag)
            else:
                self._required_flags.discard(flag)

    def set_search_results(self, claim_ids: list[int] | None) -> None:
        """Show only these claims, best first (None ends the search)."""
        with filter_change(self):
            self._relevance = (
                None if claim_ids is None else {cid: rank for rank, cid in enumerate(claim_ids)}
            )
            self.by_relevance = claim_ids is not None
        if self.by_relevance:
            self.sort(-1)  # Qt skips sort() when column and order are unchanged
            self.sort(0, Qt.SortOrder.AscendingOrder)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802
        """Qt: the filtering rules."""
        model = self._claims()
        claim: ClaimRecord = model.claim_at(source_row)
        if self._status is not None and claim.status != self._status:
            return False
        if self._required_flags and not self._required_flags <= set(model.flags_at(source_row)):
            return False
        return self._relevance is None or claim.id in self._relevance

    def lessThan(self, left: _Index, right: _Index) -> bool:  # noqa: N802
        """Qt: relevance order during a search, else the column's sort key."""
        if self.by_relevance and self._relevance is not None:
            model = self._claims()
            left_id = model.claim_at(left.row()).id
            right_id = model.claim_at(right.row()).id
            return self._relevance.get(left_id, 1 << 30) < self._relevance.get(right_id, 1 << 30)
        return super().lessThan(left, right)

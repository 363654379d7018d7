"""The list of reviews (a view): every review with its progress, and how to start one."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.text import heading, muted_label
from questionnaires.review_overview import ReviewOverview

COLUMNS = ("Review", "Vendor", "Questions from", "Progress", "Flagged", "Last change")
REVIEW_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ReviewsPage(QWidget):
    """Table of reviews with New review and Open buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.new_button = QPushButton("New review…")
        self.import_button = QPushButton("Import questionnaire…")
        self.open_button = QPushButton("Open")
        self.model = QStandardItemModel(0, len(COLUMNS), self)
        self.model.setHorizontalHeaderLabels(list(COLUMNS))
        self.table = QTableView()
        self.table.setObjectName("reviewsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.empty_hint = muted_label(
            "No review yet. Start one from a template, import a customer questionnaire "
            "(CSV, XLSX or VSAQ JSON), or drop the file onto this window."
        )
        top = QHBoxLayout()
        top.addWidget(heading("Reviews", factor=1.35), 1)
        top.addWidget(self.new_button)
        top.addWidget(self.import_button)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty_hint)
        layout.addWidget(self.table, 1)

    def show_reviews(self, reviews: list[ReviewOverview]) -> None:
        """Fill the table."""
        self.model.removeRows(0, self.model.rowCount())
        for review in reviews:
            progress = f"{review.resolved} of {review.total} resolved"
            if review.finished:
                progress += " · finished"
            cells = [
                review.title, review.vendor_name, review.source, progress,
                str(review.flagged), review.updated_at.replace("T", " "),
            ]  # fmt: skip
            items = [QStandardItem(text) for text in cells]
            items[0].setData(review.id, REVIEW_ID_ROLE)
            self.model.appendRow(items)
        self.empty_hint.setVisible(not reviews)
        self.open_button.setEnabled(bool(reviews))
        if reviews:
            self.table.selectRow(0)

    def selected_review_id(self) -> int | None:
        """Return the id of the selected review."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(REVIEW_ID_ROLE) if rows else None

"""The knowledge-base page (a view): search field, filters, the claims table and the detail
pane side by side in a splitter."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.kb.claim_detail import ClaimDetail
from desktop.kb.claims_table import STATUS_LABELS

STATUS_FILTERS = (("Any status", None), *((label, key) for key, label in STATUS_LABELS.items()))
FLAG_FILTERS = (("watch-out", "Watch-outs"), ("stale", "Stale"), ("superseded", "Superseded"))


class KnowledgeBasePage(QWidget):
    """Layout of the knowledge-base browser; behaviour lives in KnowledgeBaseController."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vendor = QComboBox()
        self.vendor.setObjectName("vendorFilter")
        self.vendor.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.new_vendor_button = QToolButton()
        self.new_vendor_button.setText("New vendor…")
        self.new_claim_button = QToolButton()
        self.new_claim_button.setText("New claim…")
        self.new_claim_button.setToolTip("Add a claim to the vendor chosen on the left")
        vendor_row = QHBoxLayout()
        vendor_label = QLabel("Vendor")
        vendor_label.setBuddy(self.vendor)
        vendor_row.addWidget(vendor_label)
        vendor_row.addWidget(self.vendor)
        vendor_row.addWidget(self.new_vendor_button)
        vendor_row.addStretch(1)
        vendor_row.addWidget(self.new_claim_button)
        self.search = QLineEdit()
        self.search.setObjectName("claimSearch")
        self.search.setPlaceholderText("Search claims (e.g. retention, BAA, SOC 2)…")
        self.search.setClearButtonEnabled(True)
        self.status = QComboBox()
        self.status.setObjectName("statusFilter")
        for label, key in STATUS_FILTERS:
            self.status.addItem(label, key)
        self.flag_buttons: dict[str, QToolButton] = {}
        filters = QHBoxLayout()
        filters.addWidget(self.search, 1)
        filters.addWidget(self.status)
        for flag, label in FLAG_FILTERS:
            button = QToolButton()
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(f"Show only claims marked {label.lower()}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.flag_buttons[flag] = button
            filters.addWidget(button)
        self.refresh_button = QToolButton()
        self.refresh_button.setText("Refresh evidence")
        self.refresh_button.setToolTip("Check every evidence link again (uses the network)")
        filters.addWidget(self.refresh_button)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)

        self.table = QTableView()
        self.table.setObjectName("claimsTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.detail = ClaimDetail()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(vendor_row)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.count)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("kbSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)

    def configure_columns(self) -> None:
        """Size the columns once the model is set: the title takes the spare width, the
        others fit their contents each time the rows shown change.

        The fitted columns are fixed and fitted here rather than left to ``ResizeToContents``,
        which measures every cell of them again on each layout of the header, five times
        before the first paint; measuring a cell asks the Python model for eight roles (plus
        the row and column counts for each index the proxy maps), some 10 ms for the 41
        seed claims each time.
        """
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        header.setSortIndicatorShown(False)
        model = self.table.model()
        for signal in (
            model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
            model.dataChanged,
        ):  # fmt: skip
            signal.connect(self.fit_columns)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Fit every column but the title to the rows shown (and its header)."""
        for column in range(1, self.table.horizontalHeader().count()):
            self.table.resizeColumnToContents(column)

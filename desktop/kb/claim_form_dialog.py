"""The New claim / Supersede dialog (a view): the claim, its conditions (status, access route,
default, scope and criteria lists, typed attributes) and the source it comes from.

``form()`` returns a :class:`models.kb.claim_add.ClaimForm` as typed; the controller has the core
check it, so the dialog holds no rules beyond layout.
"""

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.kb.claims_table import STATUS_LABELS
from desktop.widgets.text import heading, muted_label
from models.kb.claim_add import ATTRIBUTE_TYPES, ClaimForm, attribute_kind, attribute_text
from models.kb.claims import ClaimRecord

ACCESS_LABELS = {
    "public": "Public",
    "trust-portal": "Trust-portal account",
    "sales-contract": "Sales contract",
}
DEFAULT_LABELS = {
    "enabled": "On by default",
    "requires-approval": "Needs the vendor's approval",
    "requires-configuration": "Customer must configure it",
}
TYPE_LABELS = {"days": "number of days", "list": "list", "yes/no": "yes/no", "text": "text"}


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def _lines(editor: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in editor.toPlainText().splitlines() if line.strip()]


class ClaimFormDialog(QDialog):
    """Asks for a new claim, or a newer claim that supersedes ``base``.

    Args:
        vendor_label: The vendor the claim is about, shown in the title.
        choose_file: Opens the file chooser for a source file the vendor sent.
        submit: Saves the form; returns None when saved, else the problems (one per line),
            which the dialog shows while staying open.
        base: The claim being superseded (its fields fill the form), or None.
    """

    def __init__(
        self,
        vendor_label: str,
        choose_file: Callable[[], Path | None],
        submit: Callable[[ClaimForm], str | None],
        base: ClaimRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._choose_file = choose_file
        self._submit = submit
        self.problems = QLabel()
        self.problems.setObjectName("claimProblems")
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #B3261E;")
        self.problems.hide()
        self.setWindowTitle(
            f"Supersede {base.key} — {vendor_label}" if base else f"New claim — {vendor_label}"
        )
        self.key = QLineEdit()
        self.key.setObjectName("claimKey")
        self.key.setPlaceholderText("e.g. encryption-at-rest")
        self.title = QLineEdit()
        self.title.setObjectName("claimTitle")
        self.status = QComboBox()
        for key, label in STATUS_LABELS.items():
            self.status.addItem(label, key)
        self.statement = QPlainTextEdit()
        self.statement.setObjectName("claimStatement")
        self.statement.setTabChangesFocus(True)
        self.statement.setPlaceholderText("One fact per sentence, with its numbers")
        self.watch_out = QLineEdit()
        self.watch_out.setPlaceholderText("Nothing to watch out for")
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText("words customers use, separated by commas")

        self.access = QComboBox()
        for key, label in ACCESS_LABELS.items():
            self.access.addItem(label, key)
        self.default = QComboBox()
        for key, label in DEFAULT_LABELS.items():
            self.default.addItem(label, key)
        self.scope = QPlainTextEdit()
        self.scope.setTabChangesFocus(True)
        self.scope.setPlaceholderText("one product or service per line")
        self.criteria = QPlainTextEdit()
        self.criteria.setTabChangesFocus(True)
        self.criteria.setPlaceholderText("one criterion per line")
        self.attributes = QTableWidget(0, 3)
        self.attributes.setObjectName("claimAttributes")
        self.attributes.setHorizontalHeaderLabels(["Attribute", "Type", "Value"])
        header = self.attributes.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.attributes.verticalHeader().setVisible(False)
        lines = self.fontMetrics().lineSpacing()
        for editor in (self.scope, self.criteria):
            editor.setMaximumHeight(int(lines * 4.5))
        self.attributes.setMinimumHeight(lines * 10)
        add_attribute = QPushButton("Add attribute")
        add_attribute.clicked.connect(lambda: self.add_attribute("", "days", ""))
        remove_attribute = QPushButton("Remove")
        remove_attribute.clicked.connect(self._remove_attribute)

        self.source_title = QLineEdit()
        self.source_title.setObjectName("sourceTitle")
        self.source_title.setPlaceholderText("e.g. Acme security overview, or Vendor response")
        self.source_date = QDateEdit()
        self.source_date.setCalendarPopup(True)
        self.source_date.setDisplayFormat("yyyy-MM-dd")
        self.source_date.setDate(QDate.currentDate())
        self.undated = QCheckBox("Undated")
        self.undated.toggled.connect(lambda on: self.source_date.setEnabled(not on))
        self.source_url = QLineEdit()
        self.source_url.setObjectName("sourceUrl")
        self.source_url.setPlaceholderText("https://…")
        self.source_file = QLineEdit()
        self.source_file.setObjectName("sourceFile")
        self.source_file.setPlaceholderText("or a file the vendor sent (PDF, DOCX, XLSX, image)")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        self.reason = QLineEdit()
        self.reason.setObjectName("claimReason")
        self.reason.setPlaceholderText("why (kept in the change history)")

        claim_box = QGroupBox("Claim")
        claim_form = QFormLayout(claim_box)
        claim_form.addRow("Key", self.key)
        claim_form.addRow("Title", self.title)
        claim_form.addRow("Status", self.status)
        claim_form.addRow("Statement", self.statement)
        claim_form.addRow("Watch-out", self.watch_out)
        claim_form.addRow("Keywords", self.keywords)

        conditions_box = QGroupBox("Conditions")
        conditions = QFormLayout(conditions_box)
        conditions.addRow("Access route", self.access)
        conditions.addRow("Default", self.default)
        conditions.addRow("Scope", self.scope)
        conditions.addRow("Criteria", self.criteria)
        attribute_buttons = QHBoxLayout()
        attribute_buttons.addStretch(1)
        attribute_buttons.addWidget(add_attribute)
        attribute_buttons.addWidget(remove_attribute)
        attribute_column = QVBoxLayout()
        attribute_column.addWidget(self.attributes)
        attribute_column.addLayout(attribute_buttons)
        conditions.addRow("Attributes", attribute_column)

        source_box = QGroupBox("Source (required)")
        source = QFormLayout(source_box)
        source.addRow("Title", self.source_title)
        date_row = QHBoxLayout()
        date_row.addWidget(self.source_date)
        date_row.addWidget(self.undated)
        date_row.addStretch(1)
        source.addRow("Date", date_row)
        source.addRow("URL", self.source_url)
        file_row = QHBoxLayout()
        file_row.addWidget(self.source_file, 1)
        file_row.addWidget(browse)
        source.addRow("File", file_row)
        source.addRow("Why", self.reason)

        grid = QGridLayout()
        grid.addWidget(claim_box, 0, 0)
        grid.addWidget(conditions_box, 0, 1, 2, 1)
        grid.addWidget(source_box, 1, 0)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                f"Supersede “{base.title}” ({base.key}) for {vendor_label}"
                if base
                else f"New claim for {vendor_label}"
            )
        )
        if base is not None:
            layout.addWidget(
                muted_label(
                    "The new claim replaces it in answers; the old one stays as history, "
                    "linked to the new one."
                )
            )
        layout.addLayout(grid)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(
            "Supersede" if base else "Add claim"
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumWidth(line * 160)
        if base is not None:
            self._fill(base)

    def _fill(self, base: ClaimRecord) -> None:
        self.key.setText(f"{base.key}-{date.today().isoformat()}")
        self.title.setText(base.title)
        self.status.setCurrentIndex(max(0, self.status.findData(base.status)))
        self.statement.setPlainText(base.statement)
        self.watch_out.setText(base.watch_out or "")
        self.keywords.setText(", ".join(base.keywords))
        conditions = base.conditions
        self.access.setCurrentIndex(max(0, self.access.findData(conditions.get("access"))))
        self.default.setCurrentIndex(max(0, self.default.findData(conditions.get("default"))))
        self.scope.setPlainText("\n".join(map(str, conditions.get("scope") or [])))
        self.criteria.setPlainText("\n".join(map(str, conditions.get("criteria") or [])))
        for name, value in (conditions.get("attributes") or {}).items():
            self.add_attribute(name, attribute_kind(value), attribute_text(value))

    def add_attribute(self, name: str, kind: str, value: str) -> None:
        """Add an attribute row (the Type column is a chooser)."""
        row = self.attributes.rowCount()
        self.attributes.insertRow(row)
        self.attributes.setItem(row, 0, QTableWidgetItem(name))
        chooser = QComboBox()
        for key in ATTRIBUTE_TYPES:
            chooser.addItem(TYPE_LABELS[key], key)
        chooser.setCurrentIndex(max(0, chooser.findData(kind)))
        self.attributes.setCellWidget(row, 1, chooser)
        self.attributes.setItem(row, 2, QTableWidgetItem(value))

    def _remove_attribute(self) -> None:
        row = self.attributes.currentRow()
        if row >= 0:
            self.attributes.removeRow(row)

    def _browse(self) -> None:
        chosen = self._choose_file()
        if chosen is not None:
            self.source_file.setText(str(chosen))

    def accept(self) -> None:
        """Save through the controller; stay open and show the problems when it refuses."""
        problems = self._submit(self.form())
        if problems:
            self.problems.setText(problems)
            self.problems.show()
            return
        super().accept()

    def form(self) -> ClaimForm:
        """Return what the form holds, as typed."""
        attributes = []
        for row in range(self.attributes.rowCount()):
            name = self.attributes.item(row, 0)
            value = self.attributes.item(row, 2)
            chooser = self.attributes.cellWidget(row, 1)
            attributes.append(
                (
                    name.text() if name else "",
                    chooser.currentData() if isinstance(chooser, QComboBox) else "text",
                    value.text() if value else "",
                )
            )
        file_text = self.source_file.text().strip()
        return ClaimForm(
            key=self.key.text(),
            title=self.title.text(),
            statement=self.statement.toPlainText(),
            status=self.status.currentData(),
            watch_out=self.watch_out.text(),
            keywords=[word for word in self.keywords.text().split(",") if word.strip()],
            access=self.access.currentData(),
            default=self.default.currentData(),
            scope=_lines(self.scope),
            criteria=_lines(self.criteria),
            attributes=attributes,
            source_title=self.source_title.text(),
            source_date=None if self.undated.isChecked() else _day(self.source_date.date()),
            source_url=self.source_url.text(),
            source_file=Path(file_text) if file_text else None,
            reason=self.reason.text(),
        )

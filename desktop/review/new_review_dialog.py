"""The New review dialog (a view): which vendor, and a template or a questionnaire file."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

QUESTIONNAIRE_FILTER = "Questionnaires (*.csv *.xlsx *.json);;All files (*)"


@dataclass(frozen=True)
class NewReviewRequest:
    """What the reviewer asked for: a vendor and either a template or a file."""

    vendor: str
    title: str
    template_id: str | None = None
    path: Path | None = None


class NewReviewDialog(QDialog):
    """Chooses the vendor and the questions for a new review."""

    def __init__(
        self,
        vendors: list[tuple[str, str]],
        templates: list[tuple[str, str, int]],
        choose_file: Callable[[], Path | None],
        path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("New review")
        self._choose_file = choose_file
        self.vendor = QComboBox()
        for slug, name in vendors:
            self.vendor.addItem(name, slug)
        self.from_template = QRadioButton("From a template")
        self.from_file = QRadioButton("From a customer questionnaire (CSV, XLSX, VSAQ JSON)")
        group = QButtonGroup(self)
        group.addButton(self.from_template)
        group.addButton(self.from_file)
        self.template = QComboBox()
        for template_id, title, count in templates:
            self.template.addItem(f"{title} ({count} questions)", template_id)
        self.path = QLineEdit(str(path) if path else "")
        self.path.setPlaceholderText("Choose a file…")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        self.title = QLineEdit()
        self.title.setPlaceholderText("default: vendor — template or file name")
        form = QFormLayout(self)
        form.addRow("Vendor", self.vendor)
        form.addRow(self.from_template)
        form.addRow("Template", self.template)
        form.addRow(self.from_file)
        form.addRow("File", file_row)
        form.addRow("Title", self.title)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start review")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        (self.from_file if path else self.from_template).setChecked(True)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def _browse(self) -> None:
        chosen = self._choose_file()
        if chosen is not None:
            self.path.setText(str(chosen))
            self.from_file.setChecked(True)

    def request(self) -> NewReviewRequest:
        """Return what the form asks for (the title defaults from the template or file)."""
        vendor = self.vendor.currentData()
        vendor_name = self.vendor.currentText()
        if self.from_file.isChecked():
            path = Path(self.path.text().strip()) if self.path.text().strip() else None
            default = f"{vendor_name} — {path.name if path else 'questionnaire'}"
            return NewReviewRequest(vendor, self.title.text().strip() or default, path=path)
        template_id = self.template.currentData()
        label = self.template.currentText().split(" (")[0]
        default = f"{vendor_name} — {label}"
        return NewReviewRequest(vendor, self.title.text().strip() or default, template_id)

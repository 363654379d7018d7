"""The "Write back to workbook" form (a view): which columns take the verdict and the answer,
and what each verdict is written as when the verdict column only allows a list of values.

The mapping is shown before anything is written and can be changed; ``unknown`` is always
left blank (the request for the vendor goes in the answer text), and only the workbook's own
allowed values are offered, so nothing written can be rejected by its validation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QVBoxLayout,
    QWidget,
)

from desktop.review.review_page import VERDICT_LABELS
from desktop.widgets.text import muted_label, plain_label

if TYPE_CHECKING:
    from exports.review_workbook import WorkbookInfo
    from models.verdicts import Verdict
    from questionnaires.workbook_targets import WorkbookChoice

NEW_COLUMN = "(a new column)"
BLANK = "(leave blank)"
MAPPED: tuple[Verdict, ...] = ("yes", "partial", "no")


class WorkbookDialog(QDialog):
    """Pick the verdict and text columns and edit the verdict mapping."""

    def __init__(
        self,
        review_id: int,
        info: WorkbookInfo,
        choice: WorkbookChoice,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Write back to workbook — review {review_id}")
        self.info = info
        self.review_id = review_id
        self.verdict_column = self._columns(choice.verdict_column)
        self.verdict_column.setObjectName("verdictColumn")
        self.text_column = self._columns(choice.text_column)
        self.text_column.setObjectName("textColumn")
        form = QFormLayout()
        form.addRow("Verdict column", self.verdict_column)
        form.addRow("Answer text column", self.text_column)

        self.mapping_box = QGroupBox("What each verdict is written as")
        self.mapping_form = QFormLayout(self.mapping_box)
        self.mapping_note = muted_label("")
        self.mapping_form.addRow(self.mapping_note)
        self.mapping: dict[str, QComboBox] = {}
        for verdict in MAPPED:
            combo = QComboBox()
            combo.setObjectName(f"map-{verdict}")
            self.mapping[verdict] = combo
            self.mapping_form.addRow(VERDICT_LABELS[verdict], combo)
        self.mapping_form.addRow(
            VERDICT_LABELS["unknown"],
            muted_label("left blank: the request for the vendor goes in the answer text"),
        )
        self._initial_mapping = dict(choice.mapping)
        self.verdict_column.currentIndexChanged.connect(lambda _i: self._fill_mapping())
        self._fill_mapping()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Write workbook…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(f"Review {review_id}: reviewed answers into a copy of {info.source.name}")
        )
        layout.addLayout(form)
        layout.addWidget(self.mapping_box)
        layout.addWidget(
            muted_label(
                "Citations go in a new column after the last one used. The customer's own "
                "cells, formulas, styles and validations stay as they are."
            )
        )
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def _columns(self, selected: str | None) -> QComboBox:
        combo = QComboBox()
        combo.addItem(NEW_COLUMN, None)
        for header in self.info.headers:
            combo.addItem(header, header)
        index = combo.findData(selected) if selected else 0
        combo.setCurrentIndex(max(0, index))
        return combo

    def _fill_mapping(self) -> None:
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.workbook_targets import default_mapping

        header = self.verdict_column.currentData()
        allowed = self.info.allowed.get(header or "")
        self.mapping_box.setVisible(allowed is not None)
        if allowed is None:
            return
        self.mapping_note.setText(f"{header} only accepts: {', '.join(allowed) or 'nothing'}")
        defaults = default_mapping(allowed)
        for verdict, combo in self.mapping.items():
            combo.clear()
            combo.addItem(BLANK, "")
            for value in allowed:
                combo.addItem(value, value)
            wanted = self._initial_mapping.get(verdict, defaults[verdict])
            index = combo.findData(wanted, Qt.ItemDataRole.UserRole)
            combo.setCurrentIndex(max(0, index))

    def choice(self) -> WorkbookChoice:
        """Return the columns and mapping as chosen."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.workbook_targets import WorkbookChoice

        header = self.verdict_column.currentData()
        mapping = (
            {verdict: combo.currentData() or "" for verdict, combo in self.mapping.items()}
            if header in self.info.allowed
            else {}
        )
        return WorkbookChoice(header, self.text_column.currentData(), mapping)

"""The review summary (a view): totals, charts per verdict, state and section, and the
watch-outs that apply. ``show_summary`` fills it from a ReviewSummary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.review.review_page import STATE_LABELS, VERDICT_LABELS
from desktop.widgets.bar_chart import BarChart
from desktop.widgets.text import heading, muted_label, plain_label, without_common_prefix

if TYPE_CHECKING:
    from models.verdicts import Verdict
    from questionnaires.reviews import ReviewRecord, ReviewSummary

VERDICT_COLOURS: dict[Verdict, str] = {
    "yes": "#2e7d32",
    "partial": "#f0a202",
    "no": "#c62828",
    "unknown": "#8d8d8d",
}
STATE_COLOURS = {
    "auto": "#8d8d8d",
    "accepted": "#2e7d32",
    "edited": "#1565c0",
    "flagged": "#c62828",
}


class SummaryPage(QWidget):
    """Layout of a review's summary; the main window wires its buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("", factor=1.35)
        self.totals = plain_label("")
        self.back_button = QPushButton("Back to the review")
        self.finish_button = QPushButton("Finish review…")
        self.reopen_button = QPushButton("Reopen review…")
        self.workbook_button = QPushButton("Write back to workbook…")
        self.banner = plain_label("")
        self.banner.setObjectName("finishedBanner")
        self.banner.setStyleSheet(
            "QLabel { background: #e8f0fe; color: #1b4f72; padding: 0.4em; border-radius: 4px; }"
        )
        self.banner.hide()
        self.export_button = QPushButton("Export signed pack…")
        self.export_button.setDefault(True)
        self.verify_button = QPushButton("Verify a pack…")
        self.request_button = QPushButton("Request from vendor…")
        self.response_button = QPushButton("Import vendor response…")
        self.refill_button = QPushButton("Re-fill from knowledge base…")
        self.vendor_row = QHBoxLayout()
        self.vendor_row.addStretch(1)
        for button in (self.request_button, self.response_button, self.refill_button):
            self.vendor_row.addWidget(button)
        self.actions_row = QHBoxLayout()
        self.actions_row.addWidget(self.back_button)
        self.actions_row.addStretch(1)
        self.actions_row.addWidget(self.verify_button)
        self.actions_row.addWidget(self.workbook_button)
        self.actions_row.addWidget(self.finish_button)
        self.actions_row.addWidget(self.reopen_button)
        self.actions_row.addWidget(self.export_button)

        self.verdict_chart = BarChart({VERDICT_LABELS[k]: v for k, v in VERDICT_COLOURS.items()})
        self.state_chart = BarChart({k.capitalize(): v for k, v in STATE_COLOURS.items()})
        self.section_chart = BarChart({VERDICT_LABELS[k]: v for k, v in VERDICT_COLOURS.items()})
        self.watch_outs = QVBoxLayout()

        charts = QGridLayout()
        charts.addWidget(heading("By verdict"), 0, 0)
        charts.addWidget(heading("By state"), 0, 1)
        charts.addWidget(self.verdict_chart, 1, 0, Qt.AlignmentFlag.AlignTop)
        charts.addWidget(self.state_chart, 1, 1, Qt.AlignmentFlag.AlignTop)
        charts.setHorizontalSpacing(self.fontMetrics().averageCharWidth() * 6)
        charts.setColumnStretch(0, 1)
        charts.setColumnStretch(1, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.totals)
        layout.addSpacing(self.fontMetrics().height())
        layout.addLayout(charts)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(heading("By section (answers per verdict)"))
        layout.addWidget(self.section_chart)
        layout.addSpacing(self.fontMetrics().height())
        self.watch_outs_heading = heading("Watch-outs that apply")
        layout.addWidget(self.watch_outs_heading)
        layout.addLayout(self.watch_outs)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addLayout(self.vendor_row)
        outer.addLayout(self.actions_row)

    def show_summary(self, review: ReviewRecord, summary: ReviewSummary) -> None:
        """Fill the page for ``review``."""
        self.title.setText(f"Summary — {review.title} (review {review.id})")
        flagged = summary.by_state.get("flagged", 0)
        finished = f" · finished {review.finished_at:%Y-%m-%d}" if review.finished_at else ""
        resolved = summary.total - summary.unresolved - summary.accepted_unknown
        accepted_unknown = (
            f" · {summary.accepted_unknown} accepted as unknown" if summary.accepted_unknown else ""
        )
        self.totals.setText(
            f"{review.vendor_name} · {summary.total} questions · "
            f"{resolved} resolved{accepted_unknown} · {flagged} flagged · "
            f"{summary.unresolved - flagged} still to review{finished}"
        )
        self.banner.setVisible(review.finished_at is not None)
        if review.finished_at is not None:
            self.banner.setText(
                f"Finished {review.finished_at:%Y-%m-%d %H:%M} UTC: read-only. Reopen the review "
                "(with a reason) to change answers."
            )
        self.finish_button.setVisible(review.finished_at is None)
        self.reopen_button.setVisible(review.finished_at is not None)
        self.workbook_button.setEnabled(bool(review.source_file))
        self.workbook_button.setToolTip(
            "" if review.source_file else "Only reviews of a customer's .xlsx or .csv file"
        )
        self.verdict_chart.set_rows(
            [(VERDICT_LABELS[k], [(VERDICT_LABELS[k], n)]) for k, n in summary.by_verdict.items()],
            show_legend=False,
        )
        self.state_chart.set_rows(
            [
                (STATE_LABELS[k].split(" by ")[0], [(k.capitalize(), n)])
                for k, n in summary.by_state.items()
            ],
            show_legend=False,
        )
        sections = list(summary.by_section)
        self.section_chart.set_rows(
            [
                (label, [(VERDICT_LABELS[v], counts.get(v, 0)) for v in VERDICT_COLOURS])
                for label, counts in zip(
                    without_common_prefix(sections), summary.by_section.values(), strict=True
                )
            ]
        )
        while self.watch_outs.count():
            item = self.watch_outs.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for text in summary.watch_outs:
            self.watch_outs.addWidget(plain_label(f"⚠ {text}"))
        if not summary.watch_outs:
            self.watch_outs.addWidget(muted_label("No watch-out applies to these answers."))

"""The guided-review page (a view): the question list beside the current question with its
proposed verdict, answer, confidence, citations and watch-outs, and the review's actions.

Actions carry the keyboard shortcuts and are scoped to this page, so Enter accepts here but
not in the knowledge-base search field. The ReviewController connects them.
"""

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.review.answers_list import REVIEW_FILTERS
from desktop.widgets.flow import FlowLayout
from desktop.widgets.text import BADGE_COLOURS, heading, muted_label, plain_label, scaled_font
from models.verdicts import Verdict

# Labels for the values models.verdicts and models.storage.tables declare (VERDICTS,
# ANSWER_STATES), in the same order; a test keeps them in step. The states are not imported from
# the tables: the ORM would load at start-up.
VERDICT_LABELS: dict[Verdict, str] = {
    "yes": "Yes",
    "partial": "Partial",
    "no": "No",
    "unknown": "Unknown",
}
STATE_TONES = {"accepted": "good", "edited": "info", "flagged": "bad", "auto": "muted"}
STATE_LABELS = {
    "auto": "Proposed by auto-fill",
    "accepted": "Accepted",
    "edited": "Edited by the reviewer",
    "flagged": "Flagged for follow-up",
}


def _action(parent: QWidget, text: str, *shortcuts: QKeySequence | str) -> QAction:
    action = QAction(text, parent)
    action.setShortcuts([QKeySequence(key) for key in shortcuts])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    parent.addAction(action)
    return action


class ReviewPage(QWidget):
    """Layout of one review in progress; behaviour lives in ReviewController."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("", factor=1.35)
        self.meta = muted_label("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMinimumWidth(self.fontMetrics().averageCharWidth() * 24)
        self.progress.setMaximumHeight(self.fontMetrics().height())
        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.saving = muted_label("Saving…")
        self.saving.setObjectName("saving")
        self.saving.setToolTip(
            "Another DDQ Desk window or command is writing to the database. Your changes are "
            "kept and saved as soon as it has finished; you can go on working."
        )
        self.saving.hide()
        self.back_button = QPushButton("All reviews")
        self.summary_button = QPushButton("Summary…")
        header = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        header.addLayout(titles, 1)
        header.addWidget(self.saving)
        header.addWidget(self.progress_label)
        header.addWidget(self.progress)
        header.addWidget(self.summary_button)
        header.addWidget(self.back_button)

        self.filter = QComboBox()
        self.filter.setObjectName("answerFilter")
        for label, mode in REVIEW_FILTERS:
            self.filter.addItem(label, mode)
        self.questions = QListView()
        self.questions.setObjectName("questionList")
        self.questions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.questions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Two fixed lines per question (id and section, then the question elided): uniform
        # heights keep long reviews fast and rows tidy at any width.
        self.questions.setWordWrap(False)
        self.questions.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.questions.setUniformItemSizes(True)
        self.questions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.questions.setSpacing(2)
        self.questions.setAlternatingRowColors(True)
        self.section_progress = muted_label("")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.questions, 1)
        left_layout.addWidget(self.section_progress)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("reviewSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._build_detail())
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.finished_banner = plain_label("")
        self.finished_banner.setObjectName("finishedBanner")
        self.finished_banner.setStyleSheet(
            "QLabel { background: #e8f0fe; color: #1b4f72; padding: 0.4em; border-radius: 4px; }"
        )
        self.reopen_button = QPushButton("Reopen review…")
        self.banner_row = QWidget()
        banner = QHBoxLayout(self.banner_row)
        banner.setContentsMargins(0, 0, 0, 0)
        banner.addWidget(self.finished_banner, 1)
        banner.addWidget(self.reopen_button)
        self.banner_row.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.banner_row)
        layout.addWidget(self.splitter, 1)
        self._build_actions()

    def _build_detail(self) -> QWidget:
        self.position = muted_label("")
        self.section = muted_label("")
        self.question = plain_label("")
        self.question.setFont(scaled_font(self.question, 1.25, bold=True))
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.confidence = QLabel()
        self.confidence.setTextFormat(Qt.TextFormat.PlainText)
        self.verdict = QComboBox()
        self.verdict.setObjectName("verdict")
        for verdict, label in VERDICT_LABELS.items():
            self.verdict.addItem(label, verdict)
        self.proposed = muted_label("")
        self.answer = QPlainTextEdit()
        self.answer.setObjectName("answerText")
        self.answer.setReadOnly(True)
        self.answer.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.answer.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        self.edit_hint = muted_label(
            "F2 edits the text, saved as you type; Ctrl+Enter finishes, Esc puts back the text "
            "from before."
        )
        self.flag_reason = plain_label("")
        self.flag_reason.setStyleSheet("color: #c62828;")
        self.citations_box = QWidget()
        self.citations = QVBoxLayout(self.citations_box)
        self.citations.setContentsMargins(0, 0, 0, 0)
        self.watch_outs_box = QWidget()
        self.watch_outs = QVBoxLayout(self.watch_outs_box)
        self.watch_outs.setContentsMargins(0, 0, 0, 0)
        self.matched_box = QWidget()
        self.matched = FlowLayout(self.matched_box)

        self.previous_button = QPushButton("Previous")
        self.next_button = QPushButton("Next")
        self.flag_button = QPushButton("Flag…")
        self.cite_button = QPushButton("Cite claim…")
        self.edit_button = QPushButton("Edit text")
        self.accept_button = QPushButton("Accept")
        self.accept_button.setDefault(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.previous_button)
        buttons.addWidget(self.next_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cite_button)
        buttons.addWidget(self.flag_button)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.accept_button)

        verdict_row = QHBoxLayout()
        verdict_row.addWidget(QLabel("Verdict"))
        verdict_row.addWidget(self.verdict)
        verdict_row.addWidget(self.proposed, 1)
        verdict_row.addWidget(self.confidence)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.position)
        layout.addWidget(self.section)
        layout.addWidget(self.question)
        layout.addWidget(self.state)
        layout.addLayout(verdict_row)
        layout.addWidget(self.answer)
        layout.addWidget(self.edit_hint)
        layout.addWidget(self.flag_reason)
        self.citations_heading = heading("Citations", factor=1.0)
        layout.addWidget(self.citations_heading)
        layout.addWidget(self.citations_box)
        self.watch_outs_heading = heading("Watch-outs", factor=1.0)
        layout.addWidget(self.watch_outs_heading)
        layout.addWidget(self.watch_outs_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(scroll, 1)
        detail_layout.addLayout(buttons)
        return detail

    def _build_actions(self) -> None:
        standard = QKeySequence.StandardKey
        self.accept_action = _action(self, "Accept answer", "Return", "Enter")
        self.save_edit_action = _action(self, "Finish editing", "Ctrl+Return", "Ctrl+Enter")
        self.edit_action = _action(self, "Edit answer text", "F2")
        self.cancel_edit_action = _action(self, "Undo this edit", "Escape")
        self.flag_action = _action(self, "Flag for follow-up…", "Ctrl+Shift+F")
        self.cite_action = _action(self, "Cite claim…", "Ctrl+Shift+C")
        self.next_action = _action(self, "Next question", QKeySequence(standard.Forward))
        self.previous_action = _action(self, "Previous question", QKeySequence(standard.Back))
        self.next_unresolved_action = _action(
            self, "Next unresolved question", QKeySequence(standard.FindNext)
        )
        self.verdict_actions = {
            verdict: _action(self, f"Verdict: {VERDICT_LABELS[verdict]}", f"Ctrl+{number}")
            for number, verdict in enumerate(VERDICT_LABELS, start=1)
        }
        self.summary_action = _action(self, "Review summary…", "Ctrl+Shift+S")

    def review_actions(self) -> list[QAction]:
        """Return the actions in the order the Review menu lists them."""
        return [
            self.accept_action,
            self.edit_action,
            self.save_edit_action,
            self.flag_action,
            self.cite_action,
            *self.verdict_actions.values(),
            self.previous_action,
            self.next_action,
            self.next_unresolved_action,
            self.summary_action,
        ]

    def set_read_only(self, banner: str | None) -> None:
        """Show the finished banner and turn off every change, or (None) turn them back on."""
        read_only = banner is not None
        self.banner_row.setVisible(read_only)
        self.finished_banner.setText(banner or "")
        for widget in (
            self.accept_button,
            self.edit_button,
            self.flag_button,
            self.cite_button,
            self.verdict,
        ):
            widget.setEnabled(not read_only)
        for action in (
            self.cite_action,
            self.accept_action,
            self.edit_action,
            self.save_edit_action,
            self.flag_action,
            *self.verdict_actions.values(),
        ):
            action.setEnabled(not read_only)

    def show_saving(self, waiting: bool) -> None:
        """Show "Saving…" while changes wait for another process to release the database."""
        self.saving.setVisible(waiting)

    def set_editing(self, editing: bool) -> None:
        """Switch the answer text between read-only and editable."""
        self.answer.setReadOnly(not editing)
        self.answer.setFocusPolicy(
            Qt.FocusPolicy.StrongFocus if editing else Qt.FocusPolicy.NoFocus
        )
        self.edit_button.setText("Done" if editing else "Edit text")
        if editing:
            self.answer.moveCursor(QTextCursor.MoveOperation.End)
            self.answer.setFocus()
        else:
            self.questions.setFocus()

    def show_state(self, state: str, text: str) -> None:
        """Show the answer's state as a coloured badge."""
        background, foreground = BADGE_COLOURS[STATE_TONES.get(state, "muted")]
        self.state.setText(text)
        self.state.setStyleSheet(
            f"QLabel {{ background: {background}; color: {foreground}; border-radius: 0.6em;"
            " padding: 0.15em 0.6em; }"
        )

    @property
    def editing(self) -> bool:
        """True while the answer text is being edited."""
        return not self.answer.isReadOnly()

"""The Import vendor response dialog (a view): each answered row of the vendor's sheet as a
claim proposal to accept, edit or reject, and the rows that could not be read.

Nothing is stored until the reviewer clicks *Store decisions*; the controller's ``accept``
callback writes the accepted batch in one transaction and the dialog stays open with the
problem shown when it refuses.
"""

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.text import heading, muted_label, plain_label
from models.errors import UserError
from questionnaires.vendor_responses import (
    ANSWER_STATUS,
    ClaimProposal,
    VendorResponse,
    edit_proposal,
)

DECISIONS = (("Decide later", None), ("Accept", "accept"), ("Reject", "reject"))
COLUMNS = ("Decision", "Question", "Vendor answered", "Claim statement (editable)", "Document")


def _top_aligned(widget: QWidget) -> QWidget:
    """Wrap a cell's chooser so it keeps its own height in a tall, word-wrapped row."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(2, 2, 2, 2)
    layout.addWidget(widget)
    layout.addStretch(1)
    return holder


class ResponseDialog(QDialog):
    """Shows a vendor response's proposals and problems."""

    def __init__(
        self,
        response: VendorResponse,
        accept: Callable[[list[ClaimProposal], list[ClaimProposal]], str | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.response = response
        self._accept = accept
        self.setWindowTitle(f"Vendor response — {response.vendor_name}")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"{response.file_name} from {response.vendor_name}"))
        how = (
            "Read as the customer's questionnaire, its rows matched by question id. "
            if response.kind == "questionnaire"
            else ""
        )
        layout.addWidget(
            muted_label(
                f"{how}{len(response.proposals)} answers become claims citing "
                f"“{response.source_title}” once you accept them; nothing enters the "
                "knowledge base before. Edit a statement by double-clicking it."
            )
        )
        self.table = QTableWidget(len(response.proposals), len(COLUMNS))
        self.table.setObjectName("responseProposals")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in (0, 2, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.decisions: list[QComboBox] = []
        self.answers: list[QComboBox] = []
        for row, proposal in enumerate(response.proposals):
            decision = QComboBox()
            for label, value in DECISIONS:
                decision.addItem(label, value)
            self.table.setCellWidget(row, 0, _top_aligned(decision))
            self.decisions.append(decision)
            question = QTableWidgetItem(f"{proposal.qid}: {proposal.question}")
            question.setFlags(question.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 1, question)
            answer = QComboBox()
            for label in ANSWER_STATUS:
                answer.addItem(label, label)
            answer.setCurrentIndex(max(0, answer.findData(proposal.answer)))
            self.table.setCellWidget(row, 2, _top_aligned(answer))
            self.answers.append(answer)
            self.table.setItem(row, 3, QTableWidgetItem(proposal.statement))
            document = QTableWidgetItem(proposal.document.name if proposal.document else "—")
            document.setFlags(document.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.table.setItem(row, 4, document)
        # Rows follow the column widths the layout settles on (word-wrapped text).
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_args: self.table.resizeRowsToContents()
        )
        lines = self.fontMetrics().lineSpacing()
        self.table.setMinimumHeight(lines * 18)
        layout.addWidget(self.table, 1)
        accept_all = QPushButton("Accept all")
        accept_all.setObjectName("acceptAllProposals")
        accept_all.clicked.connect(lambda: self.decide_all("accept"))
        layout.addWidget(accept_all, 0, Qt.AlignmentFlag.AlignLeft)
        if response.problems:
            layout.addWidget(
                plain_label(
                    f"{len(response.problems)} rows were not read (fix them in the sheet and "
                    "import it again):"
                )
            )
            problems = QPlainTextEdit("\n".join(response.problems))
            problems.setObjectName("responseProblems")
            problems.setReadOnly(True)
            problems.setMaximumHeight(lines * min(6, len(response.problems) + 2))
            layout.addWidget(problems)
        self.refused = QLabel()
        self.refused.setTextFormat(Qt.TextFormat.PlainText)
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #B3261E;")
        self.refused.hide()
        layout.addWidget(self.refused)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Store decisions")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        line = self.fontMetrics().averageCharWidth()
        self.setMinimumSize(line * 150, lines * 34)

    def decide_all(self, decision: str) -> None:
        """Set every proposal's decision (``accept`` or ``reject``)."""
        for chooser in self.decisions:
            chooser.setCurrentIndex(chooser.findData(decision))

    def decided(self) -> tuple[list[ClaimProposal], list[ClaimProposal]]:
        """Return the accepted proposals (with the reviewer's edits) and the rejected ones.

        Raises:
            UserError: A statement was emptied.
        """
        accepted: list[ClaimProposal] = []
        rejected: list[ClaimProposal] = []
        for row, proposal in enumerate(self.response.proposals):
            decision = self.decisions[row].currentData()
            if decision is None:
                continue
            item = self.table.item(row, 3)
            edited = edit_proposal(
                proposal,
                statement=item.text() if item is not None else None,
                answer=self.answers[row].currentData(),
            )
            (accepted if decision == "accept" else rejected).append(edited)
        return accepted, rejected

    def accept(self) -> None:
        """Store the decisions through the controller; stay open when it refuses."""
        try:
            accepted, rejected = self.decided()
        except UserError as error:
            problem: str | None = str(error)
        else:
            problem = self._accept(accepted, rejected)
        if problem:
            self.refused.setText(problem)
            self.refused.show()
            return
        super().accept()

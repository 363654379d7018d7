"""Guided-review behaviour: open a review where the reviewer stopped, show one answer,
accept / edit / flag it, move around, filter, and keep the progress figures current.

Every change is written through a :class:`~desktop.review.review_saver.ReviewSaver`: at once
when the database is free, and kept (the page says "Saving…") while another process holds
its lock, so the window never waits for it.

Every change is based on the version of the answer the reviewer last saw
(:class:`~desktop.review.answer_versions.AnswerVersions`); when someone else's change landed
first, the answer on screen is read again and the conflict dialog offers to redo the
reviewer's change on top of theirs or discard it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QTimer, Signal

from desktop.dialogs import DialogService
from desktop.review.answer_display import show_answer, show_progress, show_section_progress
from desktop.review.answer_versions import AnswerVersions
from desktop.review.answers_list import ANSWER_ROLE, AnswerFilter, AnswersListModel
from desktop.review.claim_citer import ClaimCiter
from desktop.review.review_page import ReviewPage
from desktop.review.review_saver import ReviewSaver

if TYPE_CHECKING:
    from typing import Any

    from models.errors import ConflictError
    from models.storage.database import Database
    from questionnaires.reviews import AnswerRecord, ReviewRecord

# questionnaires.reviews (and with it the ORM) is imported on first use, not at start-up.

AUTOSAVE_MS = 700


class ReviewController(QObject):
    """Drives a ReviewPage for one review at a time.

    Signals:
        summary_requested(int): Show the summary of this review.
        claim_requested(str): Show this claim in the knowledge base.
        cited(str): The answer to this question (qid) was re-made from the claims cited.
        closed(): The reviewer went back to the list of reviews.
        status_message(str): A short note for the status bar.
    """

    summary_requested = Signal(int)
    claim_requested = Signal(str)
    cited = Signal(str)
    closed = Signal()
    status_message = Signal(str)

    def __init__(
        self,
        database: Database,
        page: ReviewPage,
        dialogs: DialogService,
        actor: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.page = page
        self.dialogs = dialogs
        self.actor = actor
        self.review: ReviewRecord | None = None
        self._editing: AnswerRecord | None = None
        self.versions = AnswerVersions(database, dialogs)
        self.saver = ReviewSaver(database, dialogs, self)
        self.saver.state_changed.connect(self._save_state_changed)
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._save_draft)
        page.answer.textChanged.connect(self._text_changed)
        self.model = AnswersListModel(self)
        self.proxy = AnswerFilter(self)
        self.proxy.setSourceModel(self.model)
        page.questions.setModel(self.proxy)
        page.questions.selectionModel().currentChanged.connect(self._current_changed)
        page.filter.currentIndexChanged.connect(
            lambda _i: self.set_filter(page.filter.currentData())
        )
        page.verdict.activated.connect(lambda _i: self.set_verdict(page.verdict.currentData()))
        page.accept_action.triggered.connect(self.accept)
        page.accept_button.clicked.connect(self.accept)
        page.edit_action.triggered.connect(self.start_editing)
        page.edit_button.clicked.connect(self._edit_button)
        page.save_edit_action.triggered.connect(self.save_text)
        page.cancel_edit_action.triggered.connect(self.cancel_editing)
        page.flag_action.triggered.connect(self.flag)
        page.flag_button.clicked.connect(self.flag)
        self.citer = ClaimCiter(database, dialogs, self)
        self.citer.cited.connect(self._cited)
        page.cite_action.triggered.connect(self.cite_claims)
        page.cite_button.clicked.connect(self.cite_claims)
        page.next_action.triggered.connect(self.next)
        page.next_button.clicked.connect(self.next)
        page.previous_action.triggered.connect(self.previous)
        page.previous_button.clicked.connect(self.previous)
        page.next_unresolved_action.triggered.connect(self.next_unresolved)
        for verdict, action in page.verdict_actions.items():
            action.triggered.connect(lambda _=False, v=verdict: self.set_verdict(v))
        page.summary_action.triggered.connect(self._summary)
        page.summary_button.clicked.connect(self._summary)
        page.back_button.clicked.connect(self.closed)

    # Opening and showing -------------------------------------------------------------------

    def open(self, review_id: int) -> None:
        """Load a review and show the question the reviewer was on.

        Raises:
            UserError: No review has that id.
        """
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.review_records import load_review

        self.save_text()
        self.review = load_review(self.database, review_id)
        self.versions.note(*self.review.answers)
        self.page.filter.setCurrentIndex(0)
        self.model.set_answers(self.review.answers)
        self.page.title.setText(self.review.title)
        source = self.review.template_id or (
            Path(self.review.source_file).name if self.review.source_file else "questions"
        )
        self.page.meta.setText(
            f"{self.review.vendor_name} · {source} · {len(self.review.answers)} questions"
            + (f" · reviewer {self.review.reviewer}" if self.review.reviewer else "")
        )
        self._update_progress()
        finished = self.review.finished_at
        self.page.set_read_only(
            f"Review {self.review.id} was finished {finished:%Y-%m-%d %H:%M} UTC and is "
            "read-only. Reopen it (with a reason) to change answers."
            if finished is not None
            else None
        )
        if self.model.rowCount():
            row = min(self.review.current_position, self.model.rowCount() - 1)
            self.go_to_row(row)
        self.page.questions.setFocus()

    def current(self) -> AnswerRecord | None:
        """Return the answer on screen."""
        index = self.page.questions.currentIndex()
        return index.data(ANSWER_ROLE) if index.isValid() else None

    def current_row(self) -> int | None:
        """Return the source row (question position) on screen."""
        index = self.page.questions.currentIndex()
        return self.proxy.mapToSource(index).row() if index.isValid() else None

    def go_to_row(self, row: int) -> None:
        """Show the question at source ``row``, switching the filter to All if it is hidden."""
        source = self.model.index(row)
        index = self.proxy.mapFromSource(source)
        if not index.isValid():
            self.page.filter.setCurrentIndex(0)
            index = self.proxy.mapFromSource(source)
        self.page.questions.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.page.questions.scrollTo(index)

    @property
    def read_only(self) -> bool:
        """True while the open review is finished."""
        return self.review is not None and self.review.finished_at is not None

    def _refuse_if_read_only(self) -> bool:
        if self.read_only:
            self.status_message.emit("This review is finished: reopen it to change answers")
            answer = self.current()
            if answer is not None:
                self.page.verdict.setCurrentIndex(
                    max(0, self.page.verdict.findData(answer.verdict))
                )
            return True
        return False

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._editing is not None:
            self.save_text()  # moving on keeps what was typed
        answer = current.data(ANSWER_ROLE) if current.isValid() else None
        self._show(answer)
        if answer is not None and self.review is not None:
            # deferred: start-up time (loaded on first use, not when the window opens)
            from questionnaires.review_records import set_position

            review_id, position = self.review.id, answer.position
            self.saver.save(
                "Cannot remember the question you are on",
                lambda database: set_position(database, review_id, position),
                key=("position", review_id),
            )

    def _show(self, answer: AnswerRecord | None) -> None:
        show_answer(
            self.page,
            answer,
            self.model.rowCount(),
            keep_text=answer is not None
            and self._editing is not None
            and self._editing.id == answer.id,
            claim_requested=self.claim_requested.emit,
            open_url=self.dialogs.open_url,
        )
        if answer is not None:
            show_section_progress(self.page, self.model.answers, answer)

    def _update_progress(self) -> None:
        show_progress(self.page, self.model.answers)

    # Changing answers -----------------------------------------------------------------------

    def _apply(
        self,
        title: str,
        answer_id: int,
        mine: dict[str, Any],
        change: Callable[[Database, int], AnswerRecord],
        then: Callable[[AnswerRecord, bool], None] | None = None,
        key: tuple[str, int] | None = None,
    ) -> bool:
        """Save ``change`` (given the database and the base version) through the saver and
        show its result when it lands; ``mine`` is what it sets, for the conflict dialog.

        Returns:
            True when it was written at once.
        """

        def write(database: Database) -> AnswerRecord:
            return change(database, self.versions.base(answer_id))

        def saved(updated: AnswerRecord, at_once: bool) -> None:
            self.versions.note(updated)
            if self.review is None or updated.review_id != self.review.id:
                return  # another review was opened meanwhile; it is saved all the same
            self._replace(updated)
            if then is not None:
                then(updated, at_once)

        def conflicted(error: ConflictError) -> bool:
            return self._conflicted(title, answer_id, mine, error)

        return self.saver.save(title, write, saved, key=key, conflicted=conflicted)

    def _conflicted(
        self, title: str, answer_id: int, mine: dict[str, Any], error: ConflictError
    ) -> bool:
        """Show the answer as it is now and ask whether to redo the reviewer's change on it."""
        editing = self._editing is not None and self._editing.id == answer_id
        stored, redo = self.versions.resolve(title, answer_id, mine, error)
        if self.review is not None and stored.review_id == self.review.id:
            self._replace(stored)
        if not redo and editing and "text" in mine:
            # Discarding the text typed: the editor shows theirs from now on.
            self._autosave.stop()
            self._editing = stored
            self.page.answer.setPlainText(stored.text)
        outcome = "redone on top of theirs" if redo else "discarded; theirs is kept"
        self.status_message.emit(f"{stored.qid}: your change was {outcome}")
        return redo

    def _save_state_changed(self, state: str) -> None:
        self.page.show_saving(state == "waiting")
        if state == "waiting":
            self.status_message.emit(
                "Saving… another DDQ Desk window or command is writing to the database; "
                "your changes are kept and saved as soon as it has finished"
            )
        else:
            self.status_message.emit("All changes saved")

    def flush(self) -> None:
        """Write every change still waiting for the lock (when the window closes)."""
        self.save_text()
        self.saver.flush()

    def _replace(self, updated: AnswerRecord) -> None:
        self.model.replace(updated)
        if self.review is not None:
            self.review = dataclasses.replace(self.review, answers=list(self.model.answers))
        self._update_progress()
        shown = self.current()
        if shown is not None and shown.id == updated.id:
            self._show(updated)

    def _actor(self) -> str:
        return self.actor() or (self.review.reviewer if self.review else "") or "reviewer"

    def accept(self) -> None:
        """Accept the answer on screen and move to the next unresolved question."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import accept_answer

        answer = self.current()
        if answer is None or self._editing is not None or self._refuse_if_read_only():
            return
        actor = self._actor()

        def accepted(_updated: AnswerRecord, at_once: bool) -> None:
            self.status_message.emit(f"{answer.qid} accepted")
            if at_once:  # a change that had to wait must not move the reviewer later
                self.next_unresolved()

        self._apply(
            "Cannot accept",
            answer.id,
            {"state": "accepted"},
            lambda database, base: accept_answer(database, answer.id, actor, base),
            accepted,
        )

    def set_verdict(self, verdict: str) -> None:
        """Change the verdict of the answer on screen."""
        answer = self.current()
        if answer is None or verdict == answer.verdict or self._refuse_if_read_only():
            return
        self._edit("Cannot change the verdict", answer.id, {"verdict": verdict})

    def _edit(
        self, title: str, answer_id: int, fields: dict[str, str], key: tuple[str, int] | None = None
    ) -> None:
        """Change the verdict and/or text of an answer (the ``fields`` given)."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import edit_answer

        actor = self._actor()
        verdict, text = fields.get("verdict"), fields.get("text")
        self._apply(
            title, answer_id, {**fields, "state": "edited"},
            lambda database, base: edit_answer(
                database, answer_id, actor, verdict=verdict, text=text, base_version=base
            ),
            key=key,
        )  # fmt: skip

    def start_editing(self) -> None:
        """Make the answer text editable; it is saved as the reviewer types."""
        answer = self.current()
        if answer is None or self._editing is not None or self.read_only:
            return
        self._editing = answer
        self.page.set_editing(True)

    def _edit_button(self) -> None:
        if self._editing is not None:
            self.save_text()
        else:
            self.start_editing()

    def _text_changed(self) -> None:
        if self._editing is not None:
            self._autosave.start()

    def _stored(self, answer_id: int) -> AnswerRecord:
        return next(answer for answer in self.model.answers if answer.id == answer_id)

    def _save_draft(self) -> None:
        if self._editing is None:
            return
        answer_id, text = self._editing.id, self.page.answer.toPlainText()
        if text != self._stored(answer_id).text:
            self._edit("Cannot save the answer", answer_id, {"text": text}, ("text", answer_id))

    def save_text(self) -> None:
        """Finish editing, keeping the text (state becomes edited if it changed)."""
        if self._editing is None:
            return
        self._autosave.stop()
        self._save_draft()
        self._end_editing()

    def cancel_editing(self) -> None:
        """Finish editing and put back the text from before this edit."""
        if self._editing is None:
            return
        self._autosave.stop()
        original = self._editing
        self.saver.discard(("text", original.id))  # typed text not yet written is dropped
        if self._stored(original.id).text != original.text:
            self._edit(
                "Cannot restore the answer", original.id, {"text": original.text},
                ("text", original.id),
            )  # fmt: skip
        self._end_editing()

    def _end_editing(self) -> None:
        self._editing = None
        self.page.set_editing(False)
        answer = self.current()
        if answer is not None:
            self._show(answer)

    def flag(self) -> None:
        """Ask for a reason and flag the answer on screen."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import flag_answer

        answer = self.current()
        if answer is None or self._refuse_if_read_only():
            return
        reason = self.dialogs.ask_text(
            "Flag for follow-up", "What needs following up?", answer.flag_reason or ""
        )
        if reason is None:
            return
        actor = self._actor()
        self._apply(
            "Cannot flag",
            answer.id,
            {"state": "flagged", "flag_reason": reason},
            lambda database, base: flag_answer(database, answer.id, actor, reason, base),
            lambda _updated, _at_once: self.status_message.emit(f"{answer.qid} flagged"),
        )

    def cite_claims(self) -> None:
        """Ask which claims answer the question on screen; learn it and re-answer from them."""
        answer = self.current()
        if answer is None or self.review is None or self._refuse_if_read_only():
            return
        self.save_text()
        self.citer.start(self.review.vendor, self._stored(answer.id), self._actor())

    def _cited(self, updated: AnswerRecord) -> None:
        self.versions.note(updated)
        if self.review is None or updated.review_id != self.review.id:
            return  # another review was opened meanwhile; it is saved all the same
        self._replace(updated)
        keys = ", ".join(str(citation.get("claim")) for citation in updated.citations)
        self.status_message.emit(f"{updated.qid} answered from {keys or 'the cited claims'}")
        self.cited.emit(updated.qid)

    # Moving around ------------------------------------------------------------------------

    def _step(self, delta: int) -> None:
        count = self.proxy.rowCount()
        if count == 0:
            return
        index = self.page.questions.currentIndex()
        row = index.row() + delta if index.isValid() else 0
        row = max(0, min(count - 1, row))
        self.page.questions.setCurrentIndex(self.proxy.index(row, 0))

    def next(self) -> None:
        """Show the next question in the list."""
        self._step(1)

    def previous(self) -> None:
        """Show the previous question in the list."""
        self._step(-1)

    def next_unresolved(self) -> None:
        """Jump to the next question not yet accepted or edited (wrapping around)."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import next_unresolved

        if self.review is None or not self.model.answers:
            return
        row = self.current_row()
        target = next_unresolved(self.review, -1 if row is None else row)
        if target is None:
            self.status_message.emit("Every question is resolved — see the summary.")
            return
        target_row = next(
            row for row, answer in enumerate(self.model.answers) if answer.position == target
        )
        self.go_to_row(target_row)

    def set_filter(self, mode: str) -> None:
        """Show all, unresolved, flagged or unknown-verdict questions."""
        answer = self.current()
        self.proxy.set_mode(mode)
        if answer is not None:
            index = self.proxy.mapFromSource(self.model.index(self.current_row_of(answer)))
            if index.isValid():
                self.page.questions.setCurrentIndex(index)
                return
        if self.proxy.rowCount():
            self.page.questions.setCurrentIndex(self.proxy.index(0, 0))
        else:
            self._show(None)

    def current_row_of(self, answer: AnswerRecord) -> int:
        """Return the source row of ``answer``."""
        return next(row for row, a in enumerate(self.model.answers) if a.id == answer.id)

    def _summary(self) -> None:
        if self.review is not None:
            self.summary_requested.emit(self.review.id)

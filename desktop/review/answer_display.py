"""Filling the review page with one answer and the progress figures (no behaviour).

The controller decides what to show; these functions only put it into the page's widgets.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from desktop.review.review_page import STATE_LABELS, VERDICT_LABELS, ReviewPage
from desktop.widgets.text import link_label, plain_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLayout

    from questionnaires.reviews import AnswerRecord


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget of ``layout``."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.hide()  # deletion waits for the event loop; vanish now
            widget.deleteLater()


def show_answer(
    page: ReviewPage,
    answer: AnswerRecord | None,
    total: int,
    *,
    keep_text: bool,
    claim_requested: Callable[[str], None],
    open_url: Callable[[str], None],
) -> None:
    """Show ``answer`` (None: no question matches the filter) as question ``n`` of ``total``.

    Args:
        page: The review page.
        answer: The answer to show.
        total: How many questions the list holds.
        keep_text: Leave the answer text as it is (the reviewer is editing this answer).
        claim_requested: Called with a claim key when its citation is clicked.
        open_url: Called with an evidence URL when it is clicked.
    """
    clear_layout(page.citations)
    clear_layout(page.watch_outs)
    if answer is None:
        page.question.setText("No question matches this filter.")
        for label in (page.position, page.section, page.proposed):
            label.setText("")
        page.state.hide()
        page.answer.setPlainText("")
        page.flag_reason.hide()
        page.citations_heading.hide()
        page.watch_outs_heading.hide()
        return
    page.position.setText(f"Question {answer.position + 1} of {total} · {answer.qid}")
    where = " · ".join(part for part in (answer.section, answer.reference) if part)
    page.section.setText(where)
    page.question.setText(answer.question)
    page.state.show()
    page.show_state(answer.state, STATE_LABELS.get(answer.state, answer.state))
    page.verdict.setCurrentIndex(max(0, page.verdict.findData(answer.verdict)))
    proposed = VERDICT_LABELS.get(answer.proposed_verdict, answer.proposed_verdict)
    page.proposed.setText(f"auto-fill proposed {proposed}" if answer.edited_by_reviewer else "")
    level = "high" if answer.confidence >= 0.75 else "medium" if answer.confidence >= 0.5 else "low"
    page.confidence.setText(f"Confidence {answer.confidence:.0%} ({level})")
    if not keep_text:
        page.answer.setPlainText(answer.text)
    page.flag_reason.setVisible(bool(answer.flag_reason))
    page.flag_reason.setText(f"Flagged: {answer.flag_reason}" if answer.flag_reason else "")
    page.citations_heading.setVisible(bool(answer.citations))
    for citation in answer.citations:
        _add_citation(page, citation, claim_requested, open_url)
    page.watch_outs_heading.setVisible(bool(answer.flags))
    for flag in answer.flags:
        page.watch_outs.addWidget(plain_label(f"⚠ {flag}"))


def _add_citation(
    page: ReviewPage,
    citation: dict[str, Any],
    claim_requested: Callable[[str], None],
    open_url: Callable[[str], None],
) -> None:
    claim = str(citation.get("claim", ""))
    url = str(citation.get("url") or "")
    as_of = citation.get("as_of") or "undated"
    text = f"{claim} (as of {as_of})" if claim else url
    if claim:
        label = link_label(text, f"claim:{claim}")
        label.linkActivated.connect(lambda _link, key=claim: claim_requested(key))
        page.citations.addWidget(label)
    if url:
        link = link_label(url, url)
        link.linkActivated.connect(open_url)
        page.citations.addWidget(link)


def show_progress(page: ReviewPage, answers: Sequence[AnswerRecord]) -> None:
    """Show how many of the review's answers are resolved."""
    resolved = sum(1 for answer in answers if answer.resolved)
    page.progress.setRange(0, max(1, len(answers)))
    page.progress.setValue(resolved)
    page.progress_label.setText(f"{resolved} of {len(answers)} resolved")


def show_section_progress(
    page: ReviewPage, answers: Sequence[AnswerRecord], answer: AnswerRecord
) -> None:
    """Show how many answers of ``answer``'s section are resolved."""
    section = [a for a in answers if a.section == answer.section]
    done = sum(1 for a in section if a.resolved)
    name = answer.section or "This questionnaire"
    page.section_progress.setText(f"{name}: {done} of {len(section)} resolved")

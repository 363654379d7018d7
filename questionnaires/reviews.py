"""The guided review's operations, without Qt: read a review, accept, edit or flag an answer,
remember where the reviewer stopped, finish, and summarise.

Finishing and reopening live in :mod:`questionnaires.signoff` (re-exported here); a finished
review refuses every change to its answers.

Every change is one ``database.write`` transaction with its AuditEvent, committed before the
function returns: there is no Save button because nothing waits to be saved. Records returned
here are plain frozen dataclasses, safe to hand to widgets and threads.

Every change takes the ``base_version`` of the answer the reviewer saw (``AnswerRecord.version``):
when another change has landed since, it is refused with a
:class:`~models.errors.ConflictError` naming who and when, and nothing is written. Without a
base (a command that reads and writes in one go) the change is made on the newest version.
Changing an answer does not change its review's version: the review's own fields (title,
reviewer, finished) are what that version guards; the review's ``updated_at`` and the
question it is on are bookkeeping, written beside the version check.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update
from sqlmodel import col, select

from models.errors import UserError
from models.storage.database import Database, UnitOfWork
from models.storage.tables import ANSWER_STATES, VERDICTS, Answer, Review, Vendor, stored_id, utcnow
from models.storage.versions import check_base, write_versioned
from models.verdicts import Verdict, as_verdict
from questionnaires.review_records import AnswerRecord, ReviewRecord
from questionnaires.review_records import load_review as load_review
from questionnaires.review_records import set_position as set_position
from questionnaires.signoff import ensure_open
from questionnaires.signoff import finish_review as finish_review
from questionnaires.signoff import reopen_review as reopen_review

MAX_TEXT = 20_000


@dataclass(frozen=True)
class ReviewSummary:
    """Counts a reviewer sees when finishing."""

    total: int
    by_verdict: dict[Verdict, int]
    by_state: dict[str, int]
    by_section: dict[str, dict[str, int]]
    watch_outs: list[str]
    unresolved: int
    accepted_unknown: int = 0


def _answer_record(row: Answer) -> AnswerRecord:
    return AnswerRecord(
        id=stored_id(row), review_id=row.review_id, position=row.position, qid=row.qid,
        section=row.section, reference=row.reference, question=row.question,
        location=dict(row.location or {}), verdict=row.verdict, text=row.text,
        confidence=row.confidence, citations=list(row.citations or []),
        flags=list(row.flags or []), match=dict(row.match or {}),
        proposed_verdict=row.proposed_verdict, proposed_text=row.proposed_text,
        state=row.state, flag_reason=row.flag_reason, reviewer=row.reviewer,
        updated_at=row.updated_at, version=row.version,
    )  # fmt: skip


def list_reviews(database: Database) -> list[ReviewRecord]:
    """Return every review, newest first, without answers."""
    with database.session() as session:
        vendors = {row.id: row for row in session.exec(select(Vendor)).all()}
        rows = session.exec(select(Review).order_by(col(Review.updated_at).desc())).all()
        return [_review_record(row, vendors[row.vendor_id], []) for row in rows]


def _review_record(row: Review, vendor: Vendor, answers: list[AnswerRecord]) -> ReviewRecord:
    return ReviewRecord(
        id=stored_id(row), vendor=vendor.slug, vendor_name=vendor.name, title=row.title,
        template_id=row.template_id, source_file=row.source_file, reviewer=row.reviewer,
        organisation=row.organisation, created_at=row.created_at, updated_at=row.updated_at,
        current_position=row.current_position, finished_at=row.finished_at,
        version=row.version, answers=answers,
    )  # fmt: skip


# What the conflict dialog and message show of the other person's answer.
SHOWN_FIELDS = ("verdict", "text", "state", "flag_reason")


def _change_answer(
    database: Database,
    answer_id: int,
    actor: str,
    action: str,
    base_version: int | None,
    changes: dict[str, Any] | Callable[[Answer], dict[str, Any]],
) -> AnswerRecord:
    """Make ``changes`` (or what they work out from the stored row) in one transaction."""

    def change(unit: UnitOfWork) -> AnswerRecord:
        row = unit.session.get(Answer, answer_id)
        if row is None:
            raise UserError(f"no answer with id {answer_id}")
        review = ensure_open(unit.session.get(Review, row.review_id))
        check_base(
            row.version, base_version, f"answer {row.qid}", row.reviewer, row.updated_at,
            {name: getattr(row, name) for name in SHOWN_FIELDS},
        )  # fmt: skip
        wanted = changes(row) if callable(changes) else changes
        before = {name: getattr(row, name) for name in wanted}
        for name, value in wanted.items():
            setattr(row, name, value)
        row.reviewer = actor
        row.updated_at = utcnow()
        unit.session.add(row)
        # A Core UPDATE: bookkeeping that must not raise the review's own version.
        unit.session.execute(
            update(Review)
            .where(col(Review.id) == review.id)
            .values(updated_at=row.updated_at, current_position=row.position)
            .execution_options(synchronize_session=False)
        )
        unit.session.flush()
        unit.record(
            action, "answer", row.qid,
            {"answer_id": row.id, "before": before, "after": wanted,
             "version": row.version},
            review_id=row.review_id,
        )  # fmt: skip
        return _answer_record(row)

    return write_versioned(database, actor, change)


def accept_answer(
    database: Database, answer_id: int, actor: str, base_version: int | None = None
) -> AnswerRecord:
    """Accept the answer as it stands (state ``accepted``, or ``edited`` if it was edited).

    Raises:
        ConflictError: The answer changed since ``base_version``.
    """

    def accepted(row: Answer) -> dict[str, Any]:
        # Judged on the stored row, in the writing transaction: what is accepted is what is there.
        edited = row.verdict != row.proposed_verdict or row.text != row.proposed_text
        return {"state": "edited" if edited else "accepted", "flag_reason": None}

    return _change_answer(database, answer_id, actor, "answer.accept", base_version, accepted)


def edit_answer(
    database: Database,
    answer_id: int,
    actor: str,
    *,
    verdict: str | None = None,
    text: str | None = None,
    base_version: int | None = None,
) -> AnswerRecord:
    """Change the verdict and/or text; the answer's state becomes ``edited``.

    Raises:
        UserError: The verdict is not one of yes/partial/no/unknown, or the text is too long.
        ConflictError: The answer changed since ``base_version``.
    """
    changes: dict[str, Any] = {"state": "edited", "flag_reason": None}
    if verdict is not None:
        changes["verdict"] = check_verdict(verdict)
    if text is not None:
        changes["text"] = check_text(text)
    return _change_answer(database, answer_id, actor, "answer.edit", base_version, changes)


def check_verdict(verdict: str) -> Verdict:
    """Return ``verdict`` when it is one of yes/partial/no/unknown.

    Raises:
        UserError: Any other value.
    """
    return as_verdict(verdict)


def check_text(text: str) -> str:
    """Return ``text`` when it fits an answer.

    Raises:
        UserError: The text is too long.
    """
    if len(text) > MAX_TEXT:
        raise UserError(f"answer text is limited to {MAX_TEXT:,} characters")
    return text


def clean_flag_reason(reason: str) -> str:
    """Return a flag reason with its whitespace collapsed.

    Raises:
        UserError: The reason is empty or too long.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("a flag needs a reason")
    if len(reason) > 2000:
        raise UserError("a flag reason is limited to 2,000 characters")
    return reason


def flag_answer(
    database: Database, answer_id: int, actor: str, reason: str, base_version: int | None = None
) -> AnswerRecord:
    """Flag the answer for follow-up with a reason (state ``flagged``).

    Raises:
        UserError: The reason is empty or too long.
        ConflictError: The answer changed since ``base_version``.
    """
    reason = clean_flag_reason(reason)
    changes = {"state": "flagged", "flag_reason": reason}
    return _change_answer(database, answer_id, actor, "answer.flag", base_version, changes)


def save_cited_answer(
    database: Database,
    answer_id: int,
    actor: str,
    *,
    verdict: str,
    text: str,
    confidence: float,
    citations: list[dict[str, Any]],
    flags: list[str],
    match: dict[str, Any],
    base_version: int | None = None,
) -> AnswerRecord:
    """Store the answer recomputed from the claims the reviewer cited (state ``edited``).

    What auto-fill first proposed stays as the proposal; the audit event is ``answer.cite``.

    Raises:
        ConflictError: The answer changed since ``base_version``.
    """
    changes = {
        "verdict": check_verdict(verdict), "text": check_text(text), "confidence": confidence,
        "citations": list(citations), "flags": list(flags), "match": dict(match),
        "state": "edited", "flag_reason": None,
    }  # fmt: skip
    return _change_answer(database, answer_id, actor, "answer.cite", base_version, changes)


def next_unresolved(review: ReviewRecord, after: int) -> int | None:
    """Return the position of the next answer not yet accepted or edited after ``after``,
    wrapping around to the start; None when every answer is resolved."""
    count = len(review.answers)
    for step in range(1, count + 1):
        answer = review.answers[(after + step) % count]
        if not answer.resolved:
            return answer.position
    return None


def summarise(review: ReviewRecord) -> ReviewSummary:
    """Count answers per verdict, per state and per section, and collect the watch-outs."""
    by_section: dict[str, Counter[str]] = {}
    watch_outs: list[str] = []
    for answer in review.answers:
        by_section.setdefault(answer.section or "Questions", Counter())[answer.verdict] += 1
        for flag in answer.flags:
            if flag not in watch_outs:
                watch_outs.append(flag)
    by_verdict = Counter(answer.verdict for answer in review.answers)
    by_state = Counter(answer.state for answer in review.answers)
    return ReviewSummary(
        total=len(review.answers),
        by_verdict={verdict: by_verdict.get(verdict, 0) for verdict in VERDICTS},
        by_state={state: by_state.get(state, 0) for state in ANSWER_STATES},
        by_section={name: dict(counts) for name, counts in by_section.items()},
        watch_outs=watch_outs,
        unresolved=sum(1 for answer in review.answers if not answer.resolved),
        accepted_unknown=sum(
            1 for answer in review.answers if answer.resolved and answer.verdict == "unknown"
        ),
    )

"""Several changes to one answer at once, as ``ddq review set`` asks for them.

Every input is checked before anything is written (unknown review or question, a bad verdict,
an empty flag reason; the cited claims are checked by the first write, the phrasing), so bad
input changes nothing. The changes are then made in a fixed order through the review's own
edit functions, each with its audit event: cite (the learning action), then verdict and text
(so they win over the recomputed answer), then flag or accept.

A base version (``ddq review set --base-version``, the ``version`` that ``ddq review show
--json`` printed) is checked by the first write: when the answer changed since, nothing is
written. The later steps are this command's own continuation and are made on top of the
version the step before left, whatever landed in between.
"""

from dataclasses import dataclass
from datetime import date

from models.errors import UserError
from models.storage.database import Database
from questionnaires.citing import cite_claims
from questionnaires.reviews import (
    AnswerRecord,
    ReviewRecord,
    accept_answer,
    check_text,
    check_verdict,
    clean_flag_reason,
    edit_answer,
    flag_answer,
    load_review,
)


@dataclass(frozen=True)
class AnswerChange:
    """What to change on one answer; None or empty leaves that part as it is.

    Attributes:
        verdict: A new verdict.
        text: A new answer text.
        cite: Claim keys that answer the question (stored as a phrasing, answer recomputed).
        flag: Flag for follow-up with this reason.
        accept: Accept the answer as it then stands.
    """

    verdict: str | None = None
    text: str | None = None
    cite: tuple[str, ...] = ()
    flag: str | None = None
    accept: bool = False


def find_answer(review: ReviewRecord, qid: str) -> AnswerRecord:
    """Return the answer to question ``qid`` of ``review``.

    Raises:
        UserError: The review has no such question.
    """
    for answer in review.answers:
        if answer.qid == qid:
            return answer
    raise UserError(
        f"review {review.id} has no question {qid!r} (see: ddq review show {review.id})"
    )


def _check(change: AnswerChange) -> str | None:
    """Check the inputs that need no database; return the cleaned flag reason."""
    nothing = change.verdict is None and change.text is None and change.flag is None
    if nothing and not change.cite and not change.accept:
        raise UserError("nothing to change: give --verdict, --text, --cite, --flag or --accept")
    if change.flag is not None and change.accept:
        raise UserError("an answer is either flagged for follow-up or accepted, not both")
    if change.verdict is not None:
        check_verdict(change.verdict)
    if change.text is not None:
        check_text(change.text)
    if change.cite and not any(key.strip() for key in change.cite):
        raise UserError("cite at least one claim")
    return clean_flag_reason(change.flag) if change.flag is not None else None


def change_answer(
    database: Database,
    review_id: int,
    qid: str,
    change: AnswerChange,
    actor: str,
    today: date | None = None,
    base_version: int | None = None,
) -> AnswerRecord:
    """Apply ``change`` to question ``qid`` of a review; return the answer as stored.

    Args:
        database: The open database.
        review_id: The review.
        qid: The question whose answer changes.
        change: What to change.
        actor: Who changes it.
        today: The date staleness is judged on; today by default.
        base_version: The answer's version the change is based on; None to change the
            newest version.

    Raises:
        UserError: Unknown review, question or claim key, a bad verdict, text or reason;
            the database is left as it was.
        ConflictError: The answer changed since ``base_version``; nothing was written.
    """
    reason = _check(change)
    review = load_review(database, review_id)
    answer = find_answer(review, qid)
    base = base_version
    if change.cite:
        answer = cite_claims(
            database, review.vendor, answer, list(change.cite), actor, today, base_version=base
        )
        base = None
    if change.verdict is not None or change.text is not None:
        answer = edit_answer(
            database, answer.id, actor, verdict=change.verdict, text=change.text,
            base_version=base,
        )  # fmt: skip
        base = None
    if reason is not None:
        answer = flag_answer(database, answer.id, actor, reason, base_version=base)
        base = None
    if change.accept:
        answer = accept_answer(database, answer.id, actor, base_version=base)
    return answer

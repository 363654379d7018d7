"""Signing off a review: what is still open, finishing it, reopening it, and what was signed.

A review is *approved* only when every answer was looked at by a reviewer, none is flagged,
none was accepted as ``unknown``, and the reviewer finished it. Anything else can still be
finished (``with_open=True``: the CLI's ``--with-open``, the GUI's confirmation), and is
recorded as such, but the pack and its signature then say "Signed draft" and give the counts.
A finished review is read-only until it is reopened with a reason; both are audited.

The counts are disjoint, so they add up to the total: *resolved* (accepted or edited with a
decided verdict), *accepted unknown* (accepted or edited but still ``unknown``), *flagged*
and *not reviewed* (as auto-fill proposed).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlmodel import select

from models.errors import UserError
from models.storage.database import Database
from models.storage.tables import Answer, Review, utcnow

RESOLVED_STATES = ("accepted", "edited")
MAX_REASON = 2000


class _Answer(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def verdict(self) -> str: ...


@dataclass(frozen=True)
class SignOffCounts:
    """How far a review's answers are from being signed off.

    Attributes:
        total: Answers in the review.
        resolved: Accepted or edited with a yes/partial/no verdict.
        accepted_unknown: Accepted or edited but still ``unknown``.
        flagged: Flagged for follow-up.
        not_reviewed: As auto-fill proposed them; nobody looked.
    """

    total: int
    resolved: int
    accepted_unknown: int
    flagged: int
    not_reviewed: int

    @property
    def open(self) -> int:
        """Answers that keep the review from being approved."""
        return self.total - self.resolved

    def open_parts(self) -> list[str]:
        """The open counts in words, e.g. ``["12 of 48 answers not reviewed", "2 flagged"]``."""
        parts = []
        if self.not_reviewed:
            parts.append(f"{self.not_reviewed} of {self.total} answers not reviewed")
        if self.flagged:
            parts.append(f"{self.flagged} flagged")
        if self.accepted_unknown:
            parts.append(f"{self.accepted_unknown} accepted as unknown")
        return parts

    def to_json(self) -> dict[str, int]:
        """Return the counts as plain JSON."""
        return {
            "total": self.total,
            "resolved": self.resolved,
            "accepted_unknown": self.accepted_unknown,
            "flagged": self.flagged,
            "not_reviewed": self.not_reviewed,
        }


class OpenAnswersError(UserError):
    """Finishing was refused because answers are still open; ``counts`` says which."""

    def __init__(self, review_id: int, counts: SignOffCounts) -> None:
        super().__init__(f"review {review_id} has {', '.join(counts.open_parts())}")
        self.counts = counts


def count_answers(answers: Iterable[_Answer]) -> SignOffCounts:
    """Count a review's answers into the four disjoint sign-off groups."""
    resolved = accepted_unknown = flagged = not_reviewed = 0
    for answer in answers:
        if answer.state == "flagged":
            flagged += 1
        elif answer.state not in RESOLVED_STATES:
            not_reviewed += 1
        elif answer.verdict == "unknown":
            accepted_unknown += 1
        else:
            resolved += 1
    return SignOffCounts(
        total=resolved + accepted_unknown + flagged + not_reviewed,
        resolved=resolved,
        accepted_unknown=accepted_unknown,
        flagged=flagged,
        not_reviewed=not_reviewed,
    )


def approved(counts: SignOffCounts, finished_at: datetime | None) -> bool:
    """True when the review is finished with nothing open."""
    return finished_at is not None and counts.total > 0 and counts.open == 0


def signoff_statement(
    counts: SignOffCounts, finished_at: datetime | None, *, signed: bool = True
) -> str:
    """Say what a pack of this review vouches for, as its signature reason and cover state.

    Returns:
        "Reviewed and approved: all 48 answers reviewed", or e.g. "Signed draft: 12 of 48
        answers not reviewed, 2 flagged" ("Unsigned draft: …" when ``signed`` is False).
    """
    if signed and approved(counts, finished_at):
        return f"Reviewed and approved: all {counts.total} answers reviewed"
    parts = counts.open_parts() or [f"all {counts.total} answers reviewed"]
    if finished_at is None:
        parts.append("review not marked finished")
    return f"{'Signed' if signed else 'Unsigned'} draft: {', '.join(parts)}"


def ensure_open(review: Review | None) -> Review:
    """Return ``review``; raise UserError when it is missing or finished (and so read-only)."""
    if review is None:
        raise UserError("no such review")
    if review.finished_at is not None:
        raise UserError(
            f"review {review.id} is finished and read-only; reopen it (with a reason) to change it"
        )
    return review


def ensure_review_open(database: Database, review_id: int) -> None:
    """Raise UserError when the review with ``review_id`` is finished (or does not exist)."""
    with database.session() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise UserError(f"no review with id {review_id}")
        ensure_open(review)


def _answer_rows(session: Any, review_id: int) -> list[Any]:

    return list(session.exec(select(Answer).where(Answer.review_id == review_id)).all())


def review_counts(database: Database, review_id: int) -> SignOffCounts:
    """Return the sign-off counts of a stored review.

    Raises:
        UserError: No review has that id.
    """
    with database.session() as session:
        if session.get(Review, review_id) is None:
            raise UserError(f"no review with id {review_id}")
        return count_answers(_answer_rows(session, review_id))


def finish_review(
    database: Database, review_id: int, actor: str, *, with_open: bool = False
) -> SignOffCounts:
    """Mark a review finished, which makes it read-only.

    Args:
        database: The open database.
        review_id: The review to finish.
        actor: Who finishes it (recorded).
        with_open: Finish even with flagged, unreviewed or accepted-unknown answers; the
            audit event records that it was finished with them open.

    Returns:
        The counts at the moment of finishing.

    Raises:
        OpenAnswersError: Answers are open and ``with_open`` is False.
        UserError: No such review, or it is already finished.
    """
    with database.write(actor) as unit:
        row = unit.session.get(Review, review_id)
        if row is None:
            raise UserError(f"no review with id {review_id}")
        if row.finished_at is not None:
            raise UserError(f"review {review_id} is already finished")
        counts = count_answers(_answer_rows(unit.session, review_id))
        if counts.open and not with_open:
            raise OpenAnswersError(review_id, counts)
        row.finished_at = utcnow()
        row.updated_at = row.finished_at
        unit.session.add(row)
        unit.record(
            "review.finish",
            "review",
            str(review_id),
            {"counts": counts.to_json(), "with_open": bool(counts.open)},
            review_id=review_id,
        )
    return counts


def reopen_review(database: Database, review_id: int, actor: str, reason: str) -> None:
    """Make a finished review editable again, recording why.

    Raises:
        UserError: No such review, it is not finished, or the reason is empty or too long.
    """
    reason = " ".join(str(reason).split())
    if not reason:
        raise UserError("reopening a finished review needs a reason")
    if len(reason) > MAX_REASON:
        raise UserError(f"a reason is limited to {MAX_REASON:,} characters")
    with database.write(actor) as unit:
        row = unit.session.get(Review, review_id)
        if row is None:
            raise UserError(f"no review with id {review_id}")
        if row.finished_at is None:
            raise UserError(f"review {review_id} is not finished")
        finished = row.finished_at.isoformat()
        row.finished_at = None
        row.updated_at = utcnow()
        unit.session.add(row)
        unit.record(
            "review.reopen",
            "review",
            str(review_id),
            {"reason": reason, "finished_at": finished},
            review_id=review_id,
        )

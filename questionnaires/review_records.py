"""A review and its answers read for the guided review, over plain sqlite3 (no ORM).

Opening a review only reads, so it runs on :meth:`models.storage.database.Database.read` and never
loads SQLAlchemy, SQLModel and pydantic, some 40 MB of a desktop session that only looks.
The records match what the ORM gives (datetimes aware, in UTC).
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from models.errors import UserError
from models.storage.database import Database
from models.storage.reading import ReadRow
from models.verdicts import Verdict

RESOLVED_STATES = ("accepted", "edited")


@dataclass(frozen=True)
class AnswerRecord:
    """One answer as the reviewer sees it."""

    id: int
    review_id: int
    position: int
    qid: str
    section: str
    reference: str
    question: str
    location: dict[str, Any]
    verdict: Verdict
    text: str
    confidence: float
    citations: list[dict[str, Any]]
    flags: list[str]
    match: dict[str, Any]
    proposed_verdict: Verdict
    proposed_text: str
    state: str
    flag_reason: str | None
    reviewer: str
    updated_at: datetime
    # The row version this record was read at (models.storage.versions).
    version: int

    @property
    def resolved(self) -> bool:
        """True once the reviewer accepted or edited the answer."""
        return self.state in RESOLVED_STATES

    @property
    def edited_by_reviewer(self) -> bool:
        """True when the verdict or text differ from what auto-fill proposed."""
        return self.verdict != self.proposed_verdict or self.text != self.proposed_text


@dataclass(frozen=True)
class ReviewRecord:
    """A review with its answers in question order."""

    id: int
    vendor: str
    vendor_name: str
    title: str
    template_id: str | None
    source_file: str | None
    reviewer: str
    organisation: str
    created_at: datetime
    updated_at: datetime
    current_position: int
    finished_at: datetime | None
    version: int
    answers: list[AnswerRecord] = field(default_factory=list)


def _stamp(value: str) -> datetime:
    moment = _datetime(value)
    if moment is None:
        raise ValueError("a stored timestamp is empty")
    return moment


def _datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    # Stored naive in UTC by SQLAlchemy; the ORM hands them out aware, and so does this.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _answer(row: ReadRow) -> AnswerRecord:
    return AnswerRecord(
        id=row["id"], review_id=row["review_id"], position=row["position"], qid=row["qid"],
        section=row["section"], reference=row["reference"], question=row["question"],
        location=json.loads(row["location"] or "{}"), verdict=row["verdict"], text=row["text"],
        confidence=row["confidence"], citations=json.loads(row["citations"] or "[]"),
        flags=json.loads(row["flags"] or "[]"), match=json.loads(row["match"] or "{}"),
        proposed_verdict=row["proposed_verdict"], proposed_text=row["proposed_text"],
        state=row["state"], flag_reason=row["flag_reason"], reviewer=row["reviewer"],
        updated_at=_stamp(row["updated_at"]), version=row["version"],
    )  # fmt: skip


def load_review(database: Database, review_id: int) -> ReviewRecord:
    """Return a review with all its answers.

    Raises:
        UserError: No review has that id.
    """
    with database.read() as connection:
        row = connection.execute(
            "SELECT review.*, vendor.slug AS vendor_slug, vendor.name AS vendor_name "
            "FROM review JOIN vendor ON vendor.id = review.vendor_id WHERE review.id = ?",
            (review_id,),
        ).fetchone()
        if row is None:
            raise UserError(f"no review with id {review_id}")
        answers = connection.execute(
            "SELECT * FROM answer WHERE review_id = ? ORDER BY position", (review_id,)
        ).fetchall()
    return ReviewRecord(
        id=row["id"], vendor=row["vendor_slug"], vendor_name=row["vendor_name"],
        title=row["title"], template_id=row["template_id"], source_file=row["source_file"],
        reviewer=row["reviewer"], organisation=row["organisation"],
        created_at=_stamp(row["created_at"]), updated_at=_stamp(row["updated_at"]),
        current_position=row["current_position"], finished_at=_datetime(row["finished_at"]),
        version=row["version"], answers=[_answer(answer) for answer in answers],
    )  # fmt: skip


def find_stored_answer(database: Database, review_id: int, answer_id: int) -> AnswerRecord:
    """Return one answer of a review as stored now.

    Raises:
        UserError: The review has no answer with that id.
    """
    with database.read() as connection:
        row = connection.execute(
            "SELECT * FROM answer WHERE review_id = ? AND id = ?", (review_id, answer_id)
        ).fetchone()
    if row is None:
        raise UserError(f"review {review_id} has no answer with id {answer_id}")
    return _answer(row)


def set_position(database: Database, review_id: int, position: int) -> None:
    """Remember which question the reviewer is on, so reopening resumes there.

    An auditor on a team database only reads, so where they stopped is not remembered.

    Raises:
        UserError: No review has that id.
    """
    if database.read_only:
        return
    changed = database.write_row(
        "UPDATE review SET current_position = ? WHERE id = ?", (max(0, position), review_id)
    )
    if not changed:
        raise UserError(f"no review with id {review_id}")

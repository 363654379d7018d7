"""Everything an export needs about one review, read in one session as plain records.

:func:`load_review_content` returns a :class:`ReviewContent`: the review, its vendor, its
answers in order, the knowledge-base claims the answers cite (as
:class:`models.kb.claims.ClaimRecord`, with their flags), and the review's audit trail. The PDF
pack, the manifest, and the XLSX and JSON exports all render from this one object, so they
always agree with each other.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from sqlmodel import col, select

from models.errors import UserError
from models.kb.claims import ClaimRecord, EvidenceRecord, list_claims
from models.storage.database import Database
from models.storage.tables import Answer, AuditEvent, Review, Template, Vendor, stored_id
from models.verdicts import VERDICTS, Verdict, as_verdict
from questionnaires.signoff import SignOffCounts, count_answers


@dataclass(frozen=True)
class AnswerRecord:
    """One answer of a review, detached from the session."""

    position: int
    qid: str
    section: str
    reference: str
    question: str
    verdict: Verdict
    text: str
    confidence: float
    citations: list[dict[str, Any]]
    flags: list[str]
    proposed_verdict: Verdict
    proposed_text: str
    state: str
    flag_reason: str | None
    reviewer: str
    updated_at: datetime | None

    @property
    def edited(self) -> bool:
        """True when the reviewer changed what auto-fill proposed."""
        return self.state == "edited" or (
            bool(self.proposed_text)
            and (self.verdict != self.proposed_verdict or self.text != self.proposed_text)
        )

    @property
    def cited_claims(self) -> list[str]:
        """The claim keys this answer cites, in citation order, without repeats."""
        keys: list[str] = []
        for citation in self.citations:
            key = str(citation.get("claim") or "")
            if key and key not in keys:
                keys.append(key)
        return keys


@dataclass(frozen=True)
class AuditRecord:
    """One entry of the review's audit trail."""

    at: datetime
    actor: str
    action: str
    entity: str
    entity_key: str
    detail: dict[str, Any]
    id: int = 0


@dataclass
class ReviewContent:
    """A review with everything its exports show.

    Attributes:
        review_id: The review's id.
        title: The review's title (the questionnaire's name).
        vendor_slug: e.g. ``openai-api``.
        vendor_name: e.g. ``OpenAI``.
        vendor_product: e.g. ``OpenAI API``.
        template_id: The template the questions came from, if any.
        template_title: That template's title.
        source_file: The imported questionnaire file, if any.
        reviewer: Who reviewed it.
        organisation: For whom.
        created_at: When the review started.
        finished_at: When the reviewer finished it, if they did.
        answers: Answers in questionnaire order.
        claims: Every claim of the vendor by key (cited or not).
        audit: The review's audit trail, oldest first.
        snapshot_times: When each cited evidence URL last gave a good snapshot.
    """

    review_id: int
    title: str
    vendor_slug: str
    vendor_name: str
    vendor_product: str
    template_id: str | None
    template_title: str
    source_file: str | None
    reviewer: str
    organisation: str
    created_at: datetime
    finished_at: datetime | None
    answers: list[AnswerRecord] = field(default_factory=list)
    claims: dict[str, ClaimRecord] = field(default_factory=dict)
    audit: list[AuditRecord] = field(default_factory=list)
    snapshot_times: dict[str, datetime] = field(default_factory=dict)

    @property
    def source_name(self) -> str | None:
        """The imported questionnaire's file name, without the folder it was on."""
        return source_name(self.source_file)

    def signoff_counts(self) -> SignOffCounts:
        """The answers counted into resolved, accepted-unknown, flagged and not reviewed."""
        return count_answers(self.answers)

    @property
    def knowledge_base_as_of(self) -> date | None:
        """The newest as-of date among the vendor's current claims."""
        dates = [c.as_of for c in self.claims.values() if c.as_of and not c.is_superseded]
        return max(dates) if dates else None

    def verdict_counts(self) -> dict[Verdict, int]:
        """How many answers carry each verdict, in the contract's order."""
        counts = dict.fromkeys(VERDICTS, 0)
        for answer in self.answers:
            counts[answer.verdict] += 1
        return counts

    def cited_claims(self) -> list[ClaimRecord]:
        """The claims any answer cites, in first-cited order."""
        seen: dict[str, ClaimRecord] = {}
        for answer in self.answers:
            for key in answer.cited_claims:
                if key in self.claims and key not in seen:
                    seen[key] = self.claims[key]
        return list(seen.values())

    def cited_evidence(self) -> list[EvidenceRecord]:
        """The evidence items of every cited claim, each once, in first-cited order."""
        items: dict[str, EvidenceRecord] = {}
        for claim in self.cited_claims():
            for item in claim.evidence:
                items.setdefault(item.url, item)
        return list(items.values())

    def sections(self) -> list[tuple[str, list[AnswerRecord]]]:
        """Answers grouped by section in questionnaire order (unnamed: "Questions")."""
        groups: dict[str, list[AnswerRecord]] = {}
        for answer in self.answers:
            groups.setdefault(answer.section.strip() or "Questions", []).append(answer)
        return list(groups.items())


def load_review_content(database: Database, review_id: int) -> ReviewContent:
    """Read one review and everything its exports show.

    Raises:
        UserError: No review has that id.
    """
    with database.session() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise UserError(f"no review with id {review_id}")
        vendor = session.get(Vendor, review.vendor_id)
        template = session.get(Template, review.template_id) if review.template_id else None
        answers = session.exec(
            select(Answer).where(col(Answer.review_id) == review_id).order_by(col(Answer.position))
        ).all()
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.review_id == review_id)
            .order_by(col(AuditEvent.at), col(AuditEvent.id))
        ).all()
        content = ReviewContent(
            review_id=review_id,
            title=review.title,
            vendor_slug=vendor.slug if vendor else "",
            vendor_name=vendor.name if vendor else "",
            vendor_product=vendor.product if vendor else "",
            template_id=review.template_id,
            template_title=template.title if template else "",
            source_file=review.source_file,
            reviewer=review.reviewer,
            organisation=review.organisation,
            created_at=review.created_at,
            finished_at=review.finished_at,
            answers=[_answer_record(row) for row in answers],
            audit=[
                AuditRecord(
                    e.at,
                    e.actor,
                    e.action,
                    e.entity,
                    e.entity_key,
                    dict(e.detail or {}),
                    stored_id(e),
                )
                for e in events
            ],
        )
    if content.vendor_slug:
        content.claims = {c.key: c for c in list_claims(database, vendor=content.vendor_slug)}
    content.snapshot_times = _snapshot_times(
        database, [item.url for item in content.cited_evidence()]
    )
    return content


def source_name(path: str | None) -> str | None:
    """Return only the file name of a stored questionnaire path (Windows or POSIX)."""
    if not path:
        return None
    return PureWindowsPath(path).name if "\\" in path else PurePosixPath(path).name


def _snapshot_times(database: Database, urls: list[str]) -> dict[str, datetime]:
    """Return, per URL, the time of the newest successful snapshot in the audit log."""
    if not urls:
        return {}
    times: dict[str, datetime] = {}
    with database.session() as session:
        rows = session.exec(
            select(AuditEvent.entity_key, AuditEvent.at).where(
                col(AuditEvent.action) == "evidence.snapshot", col(AuditEvent.entity_key).in_(urls)
            )
        ).all()
    for url, at in rows:
        if url not in times or at > times[url]:
            times[url] = at
    return times


def _answer_record(row: Answer) -> AnswerRecord:
    return AnswerRecord(
        position=row.position,
        qid=row.qid,
        section=row.section,
        reference=row.reference,
        question=row.question,
        verdict=as_verdict(row.verdict),
        text=row.text,
        confidence=float(row.confidence or 0.0),
        citations=[dict(item) for item in row.citations or [] if isinstance(item, dict)],
        flags=[str(flag) for flag in row.flags or []],
        proposed_verdict=as_verdict(row.proposed_verdict),
        proposed_text=row.proposed_text,
        state=row.state,
        flag_reason=row.flag_reason,
        reviewer=row.reviewer,
        updated_at=row.updated_at,
    )

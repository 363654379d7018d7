"""Evidence items: adding a link to a claim, listing them, and the "evidence changed" flag.

When a refresh finds that a body's hash differs from the last snapshot, the evidence row is
marked ``changed``. Claims citing it show ``evidence-changed`` among their flags (derived from
the row, see ``ClaimRecord.flags``), and every answer of an *open* review (not finished) that
cites one of those claims, or the URL itself, gets the flag text
``Evidence changed: <url>`` in its ``flags``. The marks stay until a reviewer has looked and
calls :func:`clear_evidence_change`; finished reviews are never altered.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from models.errors import UserError
from models.evidence.urls import normalise_url, redacted, url_problem
from models.storage.database import Database, UnitOfWork
from models.storage.tables import (
    EVIDENCE_ACCESS,
    EVIDENCE_KINDS,
    Answer,
    Claim,
    ClaimEvidence,
    Evidence,
    Review,
    Vendor,
    stored_id,
)

CHANGED_FLAG_PREFIX = "Evidence changed: "
MAX_URL_LENGTH = 2000


def evidence_changed_flag(url: str) -> str:
    """Return the flag text an open answer carries while evidence it relies on has changed."""
    return f"{CHANGED_FLAG_PREFIX}{url}"


@dataclass(frozen=True)
class EvidenceItem:
    """An evidence row with the claims citing it, detached from any session."""

    id: int
    url: str
    title: str
    kind: str
    access: str
    last_checked: datetime | None
    http_status: int | None
    content_type: str | None
    size: int | None
    sha256: str | None
    previous_sha256: str | None
    snapshot_path: str | None
    changed: bool
    error: str | None
    claims: list[str] = field(default_factory=list)
    origin: str = "web"
    file_name: str | None = None

    @property
    def gated(self) -> bool:
        """True when the evidence sits behind a login and is never fetched."""
        return self.access == "gated"

    def to_json(self) -> dict[str, Any]:
        """Return the item as ``ddq evidence list --json`` prints it."""
        return {
            "url": self.url,
            "title": self.title,
            "kind": self.kind,
            "access": self.access,
            "status": self.http_status,
            "sha256": self.sha256,
            "changed": self.changed,
            "previous_sha256": self.previous_sha256,
            "last_checked": self.last_checked.isoformat() if self.last_checked else None,
            "content_type": self.content_type,
            "size": self.size,
            "snapshot": self.snapshot_path,
            "error": self.error,
            "claims": self.claims,
            "origin": self.origin,
            "file_name": self.file_name,
        }


def _item(row: Evidence, claims: list[str]) -> EvidenceItem:
    return EvidenceItem(
        id=stored_id(row),
        url=row.url,
        title=row.title,
        kind=row.kind,
        access=row.access,
        last_checked=row.last_checked,
        http_status=row.http_status,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
        previous_sha256=row.previous_sha256,
        snapshot_path=row.snapshot_path,
        changed=row.changed,
        error=row.error,
        claims=claims,
        origin=row.origin,
        file_name=row.file_name,
    )


def _citing_claims(session: Session, evidence_ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for link, key in session.exec(
        select(ClaimEvidence, Claim.key)
        .join(Claim, col(Claim.id) == col(ClaimEvidence.claim_id))
        .where(col(ClaimEvidence.evidence_id).in_(evidence_ids))
        .order_by(col(Claim.id))
    ).all():
        result.setdefault(link.evidence_id, []).append(key)
    return result


def list_evidence(database: Database) -> list[EvidenceItem]:
    """Return every evidence item in the order it was added, with the claims citing it."""
    with database.session() as session:
        rows = list(session.exec(select(Evidence).order_by(col(Evidence.id))).all())
        claims = _citing_claims(session, [stored_id(row) for row in rows])
        return [_item(row, claims.get(stored_id(row), [])) for row in rows]


def _find_row(session: Session, evidence: int | str) -> Evidence:
    if isinstance(evidence, int):
        row = session.get(Evidence, evidence)
    else:
        row = session.exec(select(Evidence).where(Evidence.url == evidence.strip())).first()
    if row is None:
        what = "id" if isinstance(evidence, int) else "URL"
        raise UserError(f"no evidence with {what} {evidence!r} (see: ddq evidence list)")
    return row


def get_evidence(database: Database, evidence: int | str) -> EvidenceItem:
    """Return one evidence item by id or URL.

    Raises:
        UserError: No evidence has that id or URL.
    """
    with database.session() as session:
        row = _find_row(session, evidence)
        return _item(row, _citing_claims(session, [stored_id(row)]).get(stored_id(row), []))


def find_claim(session: Session, claim_key: str, vendor: str | None) -> Claim:
    """Return the claim with ``claim_key`` (of ``vendor`` when given).

    Raises:
        UserError: No such claim, an unknown vendor, or several vendors share the key.
    """
    query = select(Claim).where(Claim.key == claim_key)
    if vendor is not None:
        vendor_row = session.exec(select(Vendor).where(Vendor.slug == vendor)).first()
        if vendor_row is None:
            raise UserError(f"unknown vendor {vendor!r}")
        query = query.where(Claim.vendor_id == vendor_row.id)
    claims = list(session.exec(query).all())
    if not claims:
        raise UserError(f"no claim with key {claim_key!r} (try: ddq kb search {claim_key})")
    if len(claims) > 1:
        raise UserError(f"several vendors have a claim {claim_key!r}; name one with --vendor")
    return claims[0]


def add_evidence(
    database: Database,
    claim_key: str,
    url: str,
    actor: str,
    *,
    title: str = "",
    kind: str = "web-page",
    access: str = "public",
    vendor: str | None = None,
) -> EvidenceItem:
    """Make a claim cite ``url`` (creating the evidence row when the URL is new).

    Nothing is fetched here; ``ddq evidence refresh`` does that. A URL other claims already
    cite is shared (one row per URL), keeping what is known about it.

    Raises:
        UserError: Unknown claim, a URL that is not http(s), a bad kind or access, or a claim
            that already cites the URL.
    """
    url = url.strip()
    problem = url_problem(url)
    if problem:
        raise UserError(f"{redacted(url)!r}: {problem}")
    url = normalise_url(url)
    if len(url) > MAX_URL_LENGTH:
        raise UserError(f"the URL is longer than {MAX_URL_LENGTH} characters")
    if kind not in EVIDENCE_KINDS:
        raise UserError(f"kind must be one of {', '.join(EVIDENCE_KINDS)}, not {kind!r}")
    if access not in EVIDENCE_ACCESS:
        raise UserError(f"access must be one of {', '.join(EVIDENCE_ACCESS)}, not {access!r}")
    title = " ".join(title.split())[:500]
    with database.write(actor) as unit:
        session = unit.session
        claim = find_claim(session, claim_key, vendor)
        row = session.exec(select(Evidence).where(Evidence.url == url)).first()
        created = row is None
        if row is None:
            row = Evidence(url=url, title=title, kind=kind, access=access)
            session.add(row)
            session.flush()
        elif session.get(ClaimEvidence, (claim.id, row.id)) is not None:
            raise UserError(f"claim {claim_key!r} already cites {url}")
        position = len(
            session.exec(select(ClaimEvidence).where(ClaimEvidence.claim_id == claim.id)).all()
        )
        session.add(
            ClaimEvidence(claim_id=stored_id(claim), evidence_id=stored_id(row), position=position)
        )
        unit.record(
            "evidence.add",
            "evidence",
            url,
            {"claim": claim_key, "title": row.title, "new": created},
        )
        session.flush()
        return _item(row, _citing_claims(session, [stored_id(row)]).get(stored_id(row), []))


def _open_answers_citing(
    session: Session, evidence: Evidence
) -> tuple[list[str], list[tuple[Answer, Review]]]:
    """Return the keys of the claims citing ``evidence`` and the open answers citing either
    one of those claims (of the same vendor) or the evidence URL itself."""
    claims = session.exec(
        select(Claim)
        .join(ClaimEvidence, col(ClaimEvidence.claim_id) == col(Claim.id))
        .where(ClaimEvidence.evidence_id == evidence.id)
        .order_by(col(Claim.id))
    ).all()
    cited = {(claim.vendor_id, claim.key) for claim in claims}
    answers = []
    for answer, review in session.exec(
        select(Answer, Review)
        .join(Review, col(Review.id) == col(Answer.review_id))
        .where(col(Review.finished_at).is_(None))
        .order_by(col(Answer.review_id), col(Answer.position))
    ).all():
        for citation in answer.citations or []:
            if not isinstance(citation, dict):
                continue
            if (review.vendor_id, citation.get("claim")) in cited or citation.get(
                "url"
            ) == evidence.url:
                answers.append((answer, review))
                break
    return [claim.key for claim in claims], answers


def flag_evidence_change(unit: UnitOfWork, evidence: Evidence) -> tuple[list[str], int]:
    """Add the changed-evidence flag to every open answer relying on ``evidence``.

    Runs inside the caller's write (the refresh records the new hash in the same transaction).

    Returns:
        The keys of the claims citing the evidence, and how many answers were newly flagged.
    """
    claim_keys, answers = _open_answers_citing(unit.session, evidence)
    flag = evidence_changed_flag(evidence.url)
    flagged: dict[int, list[int]] = {}
    for answer, review in answers:
        if flag in (answer.flags or []):
            continue
        answer.flags = [*(answer.flags or []), flag]
        unit.session.add(answer)
        flagged.setdefault(stored_id(review), []).append(stored_id(answer))
    for review_id, answer_ids in flagged.items():
        unit.record(
            "answer.flag-evidence-changed",
            "evidence",
            evidence.url,
            {"answers": answer_ids},
            review_id=review_id,
        )
    return claim_keys, sum(len(ids) for ids in flagged.values())


@dataclass(frozen=True)
class ClearResult:
    """What clearing an evidence change did."""

    url: str
    was_changed: bool
    claims: list[str]
    answers_cleared: int


def clear_evidence_change(database: Database, evidence: int | str, actor: str) -> ClearResult:
    """Record that a reviewer has looked at changed evidence: the current snapshot becomes the
    reference, and the flag leaves the evidence, its claims and every open answer.

    Args:
        database: The open database.
        evidence: The evidence id or URL.
        actor: The reviewer who looked.

    Returns:
        What was cleared; ``was_changed`` is False when there was nothing to clear.

    Raises:
        UserError: No evidence has that id or URL.
    """
    with database.write(actor) as unit:
        row = _find_row(unit.session, evidence)
        claim_keys, answers = _open_answers_citing(unit.session, row)
        flag = evidence_changed_flag(row.url)
        cleared: dict[int, list[int]] = {}
        for answer, review in answers:
            if flag in (answer.flags or []):
                answer.flags = [text for text in answer.flags if text != flag]
                unit.session.add(answer)
                cleared.setdefault(stored_id(review), []).append(stored_id(answer))
        was_changed = row.changed
        if was_changed:
            row.changed = False
            unit.session.add(row)
            unit.record(
                "evidence.clear-change",
                "evidence",
                row.url,
                {"sha256": row.sha256, "previous_sha256": row.previous_sha256},
            )
        for review_id, answer_ids in cleared.items():
            unit.record(
                "answer.clear-evidence-changed",
                "evidence",
                row.url,
                {"answers": answer_ids},
                review_id=review_id,
            )
        return ClearResult(
            url=row.url,
            was_changed=was_changed,
            claims=claim_keys,
            answers_cleared=sum(len(ids) for ids in cleared.values()),
        )

"""Reading claims: plain records (safe to hand to any thread or widget), listing, full-text
search through FTS5, and the flags a reviewer needs to see (superseded, stale, changed).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import text
from sqlmodel import Session, select

from models.database import Database
from models.errors import UserError
from models.tables import (
    Annotation,
    Claim,
    ClaimEvidence,
    ClaimSource,
    Evidence,
    Source,
    Vendor,
)

DEFAULT_MAX_AGE_DAYS = 365
# bm25 weights per FTS column: key, title, statement, conditions, keywords.
FTS_WEIGHTS = (4.0, 6.0, 1.0, 0.5, 3.0)


@dataclass(frozen=True)
class SourceRecord:
    """A source as a claim cites it."""

    key: str
    title: str
    url: str | None
    published: date | None
    date_note: str

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        return {
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "date_note": self.date_note,
        }


@dataclass(frozen=True)
class EvidenceRecord:
    """An evidence link with what the last check found."""

    id: int
    url: str
    title: str
    kind: str
    access: str
    last_checked: datetime | None
    http_status: int | None
    sha256: str | None
    snapshot_path: str | None
    changed: bool
    error: str | None

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        return {
            "url": self.url,
            "title": self.title,
            "kind": self.kind,
            "access": self.access,
            "last_checked": self.last_checked.isoformat() if self.last_checked else None,
            "http_status": self.http_status,
            "sha256": self.sha256,
            "changed": self.changed,
            "error": self.error,
        }


@dataclass(frozen=True)
class AnnotationRecord:
    """A reviewer's dated note on a claim."""

    id: int
    author: str
    created: date
    disposition: str
    note: str
    dismissed_reason: str | None

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        return {
            "id": self.id,
            "author": self.author,
            "date": self.created.isoformat(),
            "disposition": self.disposition,
            "note": self.note,
            "dismissed_reason": self.dismissed_reason,
        }


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with everything a reader needs, detached from any session."""

    id: int
    vendor: str
    key: str
    title: str
    statement: str
    status: str
    conditions: dict[str, Any]
    watch_out: str | None
    as_of: date | None
    keywords: list[str]
    stored_flags: list[str]
    updated_at: datetime
    updated_by: str
    superseded_by: str | None = None
    supersedes: list[str] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    evidence: list[EvidenceRecord] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)

    @property
    def is_superseded(self) -> bool:
        """True when a newer claim replaced this one."""
        return self.superseded_by is not None

    def is_stale(self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> bool:
        """True when the claim's as-of date is older than ``max_age_days`` (or unknown)."""
        if self.as_of is None:
            return True
        return ((today or date.today()) - self.as_of).days > max_age_days

    def flags(
        self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
    ) -> list[str]:
        """Return what a reviewer should notice: watch-out, superseded, stale, evidence changed."""
        result = list(self.stored_flags)
        if self.watch_out:
            result.append("watch-out")
        if self.is_superseded:
            result.append("superseded")
        if self.is_stale(today, max_age_days):
            result.append("stale")
        if any(item.changed for item in self.evidence) and "evidence-changed" not in result:
            result.append("evidence-changed")
        return result

    def to_json(
        self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
    ) -> dict[str, Any]:
        """Return the claim as the command line prints it (``kb show --json``)."""
        return {
            "vendor": self.vendor,
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "statement": self.statement,
            "conditions": self.conditions,
            "watch_out": self.watch_out,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "superseded_by": self.superseded_by,
            "supersedes": self.supersedes,
            "keywords": self.keywords,
            "sources": [source.to_json() for source in self.sources],
            "evidence": [item.to_json() for item in self.evidence],
            "annotations": [note.to_json() for note in self.annotations],
            "flags": self.flags(today, max_age_days),
            "updated_at": self.updated_at.isoformat(),
            "updated_by": self.updated_by,
        }


def _records(session: Session, claims: list[Claim]) -> list[ClaimRecord]:
    if not claims:
        return []
    ids = [claim.id for claim in claims]
    vendors = {vendor.id: vendor.slug for vendor in session.exec(select(Vendor)).all()}
    key_by_id = dict(session.exec(select(Claim.id, Claim.key)).all())
    supersedes: dict[int, list[str]] = {}
    for claim_id, replaced_by in session.exec(
        select(Claim.id, Claim.superseded_by_id).where(Claim.superseded_by_id.is_not(None))
    ).all():
        supersedes.setdefault(replaced_by, []).append(key_by_id[claim_id])
    sources: dict[int, list[SourceRecord]] = {}
    for link, source in session.exec(
        select(ClaimSource, Source)
        .join(Source, Source.id == ClaimSource.source_id)
        .where(ClaimSource.claim_id.in_(ids))
        .order_by(ClaimSource.position)
    ).all():
        sources.setdefault(link.claim_id, []).append(
            SourceRecord(source.key, source.title, source.url, source.published, source.date_note)
        )
    evidence: dict[int, list[EvidenceRecord]] = {}
    for link, item in session.exec(
        select(ClaimEvidence, Evidence)
        .join(Evidence, Evidence.id == ClaimEvidence.evidence_id)
        .where(ClaimEvidence.claim_id.in_(ids))
        .order_by(ClaimEvidence.position)
    ).all():
        evidence.setdefault(link.claim_id, []).append(
            EvidenceRecord(
                item.id,
                item.url,
                item.title,
                item.kind,
                item.access,
                item.last_checked,
                item.http_status,
                item.sha256,
                item.snapshot_path,
                item.changed,
                item.error,
            )
        )
    notes: dict[int, list[AnnotationRecord]] = {}
    for note in session.exec(
        select(Annotation).where(Annotation.claim_id.in_(ids)).order_by(Annotation.id)
    ).all():
        notes.setdefault(note.claim_id, []).append(
            AnnotationRecord(
                note.id,
                note.author,
                note.created,
                note.disposition,
                note.note,
                note.dismissed_reason,
            )
        )
    return [
        ClaimRecord(
            id=claim.id,
            vendor=vendors.get(claim.vendor_id, ""),
            key=claim.key,
            title=claim.title,
            statement=claim.statement,
            status=claim.status,
            conditions=dict(claim.conditions or {}),
            watch_out=claim.watch_out,
            as_of=claim.as_of,
            keywords=list(claim.keywords or []),
            stored_flags=list(claim.flags or []),
            updated_at=claim.updated_at,
            updated_by=claim.updated_by,
            superseded_by=key_by_id.get(claim.superseded_by_id),
            supersedes=supersedes.get(claim.id, []),
            sources=sources.get(claim.id, []),
            evidence=evidence.get(claim.id, []),
            annotations=notes.get(claim.id, []),
        )
        for claim in claims
    ]


def _vendor_filter(session: Session, vendor: str | None) -> int | None:
    if vendor is None:
        return None
    row = session.exec(select(Vendor).where(Vendor.slug == vendor)).first()
    if row is None:
        raise UserError(f"unknown vendor {vendor!r}")
    return row.id


def list_claims(database: Database, vendor: str | None = None) -> list[ClaimRecord]:
    """Return every claim (optionally of one vendor) in knowledge-base order.

    Raises:
        UserError: ``vendor`` is not in the knowledge base.
    """
    with database.session() as session:
        vendor_id = _vendor_filter(session, vendor)
        query = select(Claim).order_by(Claim.id)
        if vendor_id is not None:
            query = query.where(Claim.vendor_id == vendor_id)
        return _records(session, list(session.exec(query).all()))


def get_claim(database: Database, key: str, vendor: str | None = None) -> ClaimRecord:
    """Return one claim by key.

    Raises:
        UserError: No claim has that key.
    """
    with database.session() as session:
        vendor_id = _vendor_filter(session, vendor)
        query = select(Claim).where(Claim.key == key)
        if vendor_id is not None:
            query = query.where(Claim.vendor_id == vendor_id)
        claim = session.exec(query).first()
        if claim is None:
            raise UserError(f"no claim with key {key!r} (try: ddq kb search {key})")
        return _records(session, [claim])[0]


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(user_text: str, prefix_last: bool = True, join: str = "AND") -> str:
    """Turn free text into a safe FTS5 query: every word quoted, the last one as a prefix.

    Args:
        user_text: What the user typed; any punctuation or FTS syntax is treated as text.
        prefix_last: Match the last word as a prefix (search as you type).
        join: ``AND`` (every word) or ``OR`` (any word).

    Returns:
        The FTS5 query, or an empty string when the text has no words.
    """
    words = _TOKEN.findall(user_text.lower())
    if not words:
        return ""
    parts = [f'"{word}"' for word in words]
    if prefix_last:
        parts[-1] += "*"
    return f" {join} ".join(parts)


def search_claim_ids(
    database: Database, user_text: str, limit: int = 50
) -> list[tuple[int, float]]:
    """Return (claim id, bm25 rank) pairs best first; every word must match (as you type)."""
    query = fts_query(user_text)
    if not query:
        return []
    weights = ", ".join(str(weight) for weight in FTS_WEIGHTS)
    sql = text(
        f"SELECT claim_fts.rowid, bm25(claim_fts, {weights}) AS rank FROM claim_fts "
        "JOIN claim ON claim.id = claim_fts.rowid WHERE claim_fts MATCH :query "
        # Current claims before the ones a newer source superseded, then by relevance.
        "ORDER BY claim.superseded_by_id IS NOT NULL, rank LIMIT :limit"
    )
    with database.session() as session:
        rows = session.connection().execute(sql, {"query": query, "limit": limit}).all()
    return [(int(row[0]), float(row[1])) for row in rows]


def search_claims(database: Database, user_text: str, limit: int = 50) -> list[ClaimRecord]:
    """Return the claims matching ``user_text``, most relevant first."""
    ranked = search_claim_ids(database, user_text, limit)
    if not ranked:
        return []
    order = {claim_id: position for position, (claim_id, _rank) in enumerate(ranked)}
    with database.session() as session:
        claims = list(session.exec(select(Claim).where(Claim.id.in_(list(order)))).all())
        claims.sort(key=lambda claim: order[claim.id])
        return _records(session, claims)

"""SQLModel tables: the knowledge base (Vendor, Claim, Source, Evidence, Annotation,
Phrasing), the questionnaires (Template, TemplateQuestion, Review, Answer) and the
append-only AuditEvent log.

Rows people edit (Vendor, Claim, Evidence, Annotation, Review, Answer) carry a ``version``
that SQLAlchemy's optimistic concurrency (``version_id_col``) raises by one with every
change it writes and checks in the UPDATE's WHERE clause, so two writers can never both
change one version of a row: the second is refused (``models.storage.versions``).

JSON columns hold structured data that is read whole (a claim's conditions, an answer's
citations). Schema changes go through an Alembic revision in ``models/storage/migrations/versions``;
a test compares the migrated schema with these classes.
"""

from datetime import UTC, date, datetime
from typing import Any, ClassVar, Protocol

from sqlalchemy import JSON, Column, Index, Integer, String, UniqueConstraint
from sqlmodel import AutoString, Field, SQLModel

# VERDICTS is declared in models.verdicts and re-exported beside the other value lists.
from models.verdicts import VERDICTS as VERDICTS
from models.verdicts import Verdict

CLAIM_STATUSES = ("yes", "yes-gated", "no", "unclear")
ACCESS_ROUTES = ("public", "trust-portal", "sales-contract")
DEFAULTS = ("enabled", "requires-approval", "requires-configuration")
EVIDENCE_KINDS = ("report", "certificate", "policy", "contract", "web-page")
EVIDENCE_ACCESS = ("public", "gated")
DISPOSITIONS = ("confirmed", "dismissed", "needs-verification")
ANSWER_STATES = ("auto", "accepted", "edited", "flagged")


def _version_column() -> Any:
    # One Column object per table: the field and ``version_id_col`` must share it.
    return Column("version", Integer, nullable=False, server_default="1")


class _Stored(Protocol):
    id: int | None


def stored_id(row: _Stored) -> int:
    """Return the id of a row the database has given one (loaded, or flushed after adding).

    Raises:
        ValueError: The row was never flushed, so it has no id yet.
    """
    if row.id is None:
        raise ValueError(f"{type(row).__name__} has no id until it is flushed")
    return row.id


def utcnow() -> datetime:
    """Return the current time, timezone-aware in UTC (SQLModel refuses naive datetimes)."""
    return datetime.now(UTC)


class Setting(SQLModel, table=True):
    """A key/value pair the application keeps in the database (seed marker, preferences)."""

    key: str = Field(primary_key=True)
    value: str = ""


_vendor_version = _version_column()


class Vendor(SQLModel, table=True):
    """A vendor whose attestations the knowledge base holds (e.g. ``openai-api``)."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)
    name: str
    product: str = ""
    trust_portal_url: str | None = None
    summary: str = ""
    # Products and features the vendor's questions may name (see resources/README.md).
    profile: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False, server_default="{}")
    )
    version: int = Field(default=1, sa_column=_vendor_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _vendor_version}


class Source(SQLModel, table=True):
    """A document claims were taken from. ``published`` is None for undated documents."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True)
    title: str
    url: str | None = None
    published: date | None = None
    date_note: str = ""


_claim_version = _version_column()


class Claim(SQLModel, table=True):
    """One attestation or fact about a vendor, with its conditions as data."""

    __table_args__ = (UniqueConstraint("vendor_id", "key", name="uq_claim_vendor_key"),)

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True, ondelete="CASCADE")
    key: str = Field(index=True)
    title: str
    statement: str
    status: str
    conditions: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    watch_out: str | None = None
    as_of: date | None = None
    superseded_by_id: int | None = Field(
        default=None, foreign_key="claim.id", ondelete="SET NULL", index=True
    )
    keywords: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # The kinds of question this claim answers (``ddq-kb/2``): patterns, aspect, polarity.
    answers: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = "seed"
    version: int = Field(default=1, sa_column=_claim_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _claim_version}


class ClaimSource(SQLModel, table=True):
    """Which sources a claim came from, in order (newest first)."""

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    source_id: int = Field(foreign_key="source.id", primary_key=True, ondelete="CASCADE")
    position: int = 0


_evidence_version = _version_column()


class Evidence(SQLModel, table=True):
    """A link to evidence, with what the last fetch found and where its snapshot lives."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(index=True, unique=True)
    title: str = ""
    kind: str = "web-page"
    access: str = "public"
    last_checked: datetime | None = None
    http_status: int | None = None
    content_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    snapshot_path: str | None = None
    previous_sha256: str | None = None
    changed: bool = False
    error: str | None = None
    # ``local``: a file a reviewer attached (never fetched); ``web``: a link a refresh checks.
    origin: str = Field(
        default="web", sa_column=Column(String, nullable=False, server_default="web")
    )
    received_at: datetime | None = None
    file_name: str | None = None
    version: int = Field(default=1, sa_column=_evidence_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _evidence_version}


class ClaimEvidence(SQLModel, table=True):
    """Which evidence items a claim cites, in order."""

    claim_id: int = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    evidence_id: int = Field(foreign_key="evidence.id", primary_key=True, ondelete="CASCADE")
    position: int = 0


_annotation_version = _version_column()


class Annotation(SQLModel, table=True):
    """A dated reviewer note on a claim with a disposition."""

    id: int | None = Field(default=None, primary_key=True)
    claim_id: int = Field(foreign_key="claim.id", index=True, ondelete="CASCADE")
    author: str
    created: date
    disposition: str
    note: str
    dismissed_reason: str | None = None
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_annotation_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _annotation_version}


class Phrasing(SQLModel, table=True):
    """A question's wording a reviewer decided is answered by these claims (the learning
    action). It belongs to the vendor by slug, the key knowledge-base files use."""

    __table_args__ = (UniqueConstraint("vendor_slug", "text", name="uq_phrasing_vendor_text"),)

    id: int | None = Field(default=None, primary_key=True)
    vendor_slug: str = Field(foreign_key="vendor.slug", index=True, ondelete="CASCADE")
    claim_keys: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    text: str
    author: str
    created_at: datetime = Field(default_factory=utcnow)


class AuditEvent(SQLModel, table=True):
    """One change, written in the same transaction as the change itself. Never updated."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str
    action: str
    entity: str
    entity_key: str = ""
    review_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # The database role the change was written as, where the backend has roles (PostgreSQL's
    # ``current_user``); None on SQLite. ``actor`` is the person, from their Settings.
    database_role: str | None = None


class Template(SQLModel, table=True):
    """A questionnaire template (``soc2``, ``hipaa``, ``gdpr``)."""

    id: str = Field(primary_key=True)
    title: str
    framework: str = ""
    version: str = ""
    description: str = ""


class TemplateQuestion(SQLModel, table=True):
    """One question of a template, with the claim keys that answer it."""

    __table_args__ = (UniqueConstraint("template_id", "qid", name="uq_template_question"),)

    id: int | None = Field(default=None, primary_key=True)
    template_id: str = Field(foreign_key="template.id", index=True, ondelete="CASCADE")
    qid: str
    position: int
    section: str = ""
    reference: str = ""
    text: str
    answer_type: str = "yes-no"
    claim_keys: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    polarity: str = "direct"
    request: str = ""


_review_version = _version_column()


class Review(SQLModel, table=True):
    """One questionnaire being answered for one vendor."""

    id: int | None = Field(default=None, primary_key=True)
    vendor_id: int = Field(foreign_key="vendor.id", index=True, ondelete="CASCADE")
    title: str
    template_id: str | None = Field(default=None, foreign_key="template.id", ondelete="SET NULL")
    source_file: str | None = None
    reviewer: str = ""
    organisation: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    current_position: int = 0
    finished_at: datetime | None = None
    version: int = Field(default=1, sa_column=_review_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _review_version}


_answer_version = _version_column()


class Answer(SQLModel, table=True):
    """The answer to one question of a review: what auto-fill proposed and what the reviewer
    made of it. ``location`` keeps where an imported question came from (sheet, row, cell)."""

    __table_args__ = (Index("ix_answer_review_position", "review_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", ondelete="CASCADE")
    position: int
    qid: str
    section: str = ""
    reference: str = ""
    question: str
    location: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    verdict: Verdict = Field(default="unknown", sa_type=AutoString)
    text: str = ""
    confidence: float = 0.0
    citations: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    match: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    proposed_verdict: Verdict = Field(default="unknown", sa_type=AutoString)
    proposed_text: str = ""
    state: str = "auto"
    flag_reason: str | None = None
    reviewer: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=_answer_version)
    __mapper_args__: ClassVar[dict[str, Any]] = {"version_id_col": _answer_version}


class ReviewCheckout(SQLModel, table=True):
    """A review taken for offline work (``models.checkout``), marked on both sides.

    On the team database it names who has the review; the review is then read-only for
    everyone until it is checked in or released. In the local SQLite database it ties the
    local copy to its team review and keeps, for every copied row, the team row's id and the
    version it was taken at (``versions``), which check-in compares.
    """

    id: int | None = Field(default=None, primary_key=True)
    review_id: int = Field(foreign_key="review.id", ondelete="CASCADE", index=True, unique=True)
    team_review_id: int
    token: str
    checked_out_by: str
    database_role: str | None = None
    checked_out_at: datetime = Field(default_factory=utcnow)
    # Team side: where the copy went (host and data directory); local side: the team database.
    location: str = ""
    versions: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))

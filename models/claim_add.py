"""Adding claims to a vendor's knowledge base, and superseding a claim with a newer one.

Claims are validated with the ``ddq-kb`` claim model (``models.kb_format.ClaimDoc``), every
problem of a file reported on its own line, and written in one transaction: each claim gets a
``claim.add`` AuditEvent naming who, why and from which source; a superseded claim stays as
history with a link to its successor and a ``claim.supersede`` event.
"""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.database import Database, UnitOfWork
from models.errors import UserError
from models.evidence_local import LocalFile, link_local_file
from models.kb_format import ClaimDoc, SourceDoc, describe_validation_error
from models.vendors import SLUG_PATTERN

MAX_REASON = 2000


class ClaimProblemsError(UserError):
    """Several problems with claims to add; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0] if len(problems) == 1 else f"{len(problems)} problems")
        self.problems = problems


@dataclass
class NewClaims:
    """Validated claims and the sources they cite, ready to write for one vendor.

    Attributes:
        vendor: The vendor's slug.
        claims: The claims, in file order.
        sources: Sources the file defines (others must exist already).
        supersedes: New claim key → the existing claim key it replaces.
        files: New claim key → local files to attach as evidence (title, kind, file).
    """

    vendor: str
    claims: list[ClaimDoc]
    sources: list[SourceDoc] = field(default_factory=list)
    supersedes: dict[str, str] = field(default_factory=dict)
    files: dict[str, list[tuple[str, str, LocalFile]]] = field(default_factory=dict)


def _existing(database: Database, vendor: str) -> tuple[int, dict[str, int | None], set[str]]:
    """Return the vendor's id, its claim keys (with their successor ids) and all source keys."""
    with database.read() as connection:
        row = connection.execute("SELECT id FROM vendor WHERE slug = ?", (vendor,)).fetchone()
        if row is None:
            raise UserError(f"unknown vendor {vendor!r} (see: ddq vendor list)")
        claims = {
            key: successor
            for key, successor in connection.execute(
                "SELECT key, superseded_by_id FROM claim WHERE vendor_id = ?", (row[0],)
            ).fetchall()
        }
        sources = {key for (key,) in connection.execute("SELECT key FROM source").fetchall()}
    return row[0], claims, sources


def parse_new_claims(
    database: Database, vendor: str, data: Any, origin: str = "claims"
) -> NewClaims:
    """Validate claims to add to ``vendor`` and report every problem at once.

    ``data`` is a list of claims, or an object with ``claims`` and optionally ``sources``
    (and ``format``), with the ``ddq-kb`` claim fields; ``vendor`` may be left out of each
    claim. Sources are cited by key: defined in the file or already in the knowledge base.

    Raises:
        ClaimProblemsError: One line per problem, naming where (``claims[2].status: …``).
    """
    _vendor_id, existing, known_sources = _existing(database, vendor)
    if isinstance(data, list):
        data = {"claims": data}
    if not isinstance(data, dict):
        raise ClaimProblemsError([f"{origin}: expected a list of claims or an object with claims"])
    problems: list[str] = []
    extra = sorted(set(data) - {"format", "claims", "sources"})
    if extra:
        problems.append(f"{origin}: unknown field {extra[0]!r} (expected claims, sources)")
    raw_claims = data.get("claims")
    if not isinstance(raw_claims, list) or not raw_claims:
        problems.append(f"{origin}: claims: give at least one claim")
        raw_claims = []
    sources: list[SourceDoc] = []
    raw_sources = data.get("sources") or []
    if not isinstance(raw_sources, list):
        problems.append(f"{origin}: sources: expected a list")
        raw_sources = []
    for index, raw in enumerate(raw_sources):
        try:
            source = SourceDoc.model_validate(raw)
        except ValidationError as error:
            problems.extend(describe_validation_error(error, f"{origin}: sources[{index}]"))
            continue
        if source.key in known_sources or source.key in {item.key for item in sources}:
            problems.append(f"{origin}: sources[{index}].key: source {source.key!r} exists already")
            continue
        sources.append(source)
    source_keys = known_sources | {source.key for source in sources}
    claims: list[ClaimDoc] = []
    for index, raw in enumerate(raw_claims):
        where = f"{origin}: claims[{index}]"
        if isinstance(raw, dict):
            raw = {"vendor": vendor, **raw}
            if raw["vendor"] != vendor:
                problems.append(f"{where}.vendor: {raw['vendor']!r} is not {vendor!r}")
                continue
        try:
            claim = ClaimDoc.model_validate(raw)
        except ValidationError as error:
            problems.extend(describe_validation_error(error, where))
            continue
        where = f"{where} ({claim.key})"
        if claim.key in existing:
            problems.append(
                f"{where}.key: {vendor} has a claim {claim.key!r} already "
                "(supersede it with a newer claim instead)"
            )
        if claim.key in {item.key for item in claims}:
            problems.append(f"{where}.key: duplicate key {claim.key!r}")
        for key in claim.sources:
            if key not in source_keys:
                problems.append(f"{where}.sources: cites missing source {key!r}")
        if claim.superseded_by is not None:
            problems.append(f"{where}.superseded_by: a new claim cannot be superseded already")
        if claim.answers:
            problems.append(f"{where}.answers: rules are imported with ddq kb import")
        claims.append(claim)
    if problems:
        raise ClaimProblemsError(problems)
    return NewClaims(vendor, claims, sources)


def _as_of(claim: ClaimDoc, sources: dict[str, date | None]) -> date | None:
    if claim.as_of is not None:
        return claim.as_of
    dates = [sources[key] for key in claim.sources if sources.get(key) is not None]
    return max(dates) if dates else None  # type: ignore[type-var]


def _clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_REASON:
        raise UserError(f"the reason is limited to {MAX_REASON} characters")
    return reason


def write_new_claims(unit: UnitOfWork, new: NewClaims, reason: str = "") -> list[str]:
    """Write validated claims inside the caller's transaction; return their keys.

    Raises:
        UserError: A claim to supersede is missing or already superseded.
    """
    from sqlmodel import select

    from models.kb_io import upsert_evidence
    from models.tables import Annotation, Claim, ClaimEvidence, ClaimSource, Source, Vendor, utcnow

    session = unit.session
    reason = _clean_reason(reason)
    vendor = session.exec(select(Vendor).where(Vendor.slug == new.vendor)).one()
    for source_doc in new.sources:
        session.add(Source(**source_doc.model_dump()))
    session.flush()
    wanted = {key for claim in new.claims for key in claim.sources}
    sources = {
        row.key: row for row in session.exec(select(Source).where(Source.key.in_(wanted))).all()
    }
    written: list[str] = []
    for claim_doc in new.claims:
        row = Claim(
            vendor_id=vendor.id,
            key=claim_doc.key,
            title=claim_doc.title,
            statement=claim_doc.statement,
            status=claim_doc.status,
            conditions=claim_doc.conditions.model_dump(),
            watch_out=claim_doc.watch_out,
            as_of=_as_of(claim_doc, {key: sources[key].published for key in claim_doc.sources}),
            keywords=list(claim_doc.keywords),
            flags=list(claim_doc.flags),
            answers=[],
            updated_at=utcnow(),
            updated_by=unit.actor,
        )
        session.add(row)
        session.flush()
        for position, key in enumerate(claim_doc.sources):
            session.add(ClaimSource(claim_id=row.id, source_id=sources[key].id, position=position))
        for position, evidence_doc in enumerate(claim_doc.evidence):
            evidence = upsert_evidence(unit, evidence_doc.model_dump())
            session.add(ClaimEvidence(claim_id=row.id, evidence_id=evidence.id, position=position))
        session.flush()
        for title, kind, stored in new.files.get(claim_doc.key, []):
            link_local_file(unit, row.id, row.key, stored, title, kind)
        for note in claim_doc.annotations:
            session.add(
                Annotation(
                    claim_id=row.id, author=note.author, created=note.date,
                    disposition=note.disposition, note=note.note,
                    dismissed_reason=note.dismissed_reason,
                )
            )  # fmt: skip
        old_key = new.supersedes.get(claim_doc.key)
        detail: dict[str, Any] = {
            "claim_id": row.id,
            "vendor": new.vendor,
            "reason": reason,
            "sources": [
                {"title": sources[key].title, "published": str(sources[key].published or "")}
                for key in claim_doc.sources
            ],
        }
        if old_key:
            detail["supersedes"] = old_key
        unit.record("claim.add", "claim", row.key, detail)
        if old_key:
            old = session.exec(
                select(Claim).where(Claim.vendor_id == vendor.id, Claim.key == old_key)
            ).first()
            if old is None:
                raise UserError(f"{new.vendor} has no claim {old_key!r} to supersede")
            if old.superseded_by_id is not None:
                raise UserError(
                    f"claim {old_key!r} is superseded already; supersede the claim that replaced it"
                )
            old.superseded_by_id = row.id
            old.updated_at = utcnow()
            old.updated_by = unit.actor
            session.add(old)
            unit.record(
                "claim.supersede",
                "claim",
                old_key,
                {"claim_id": old.id, "superseded_by": row.key, "reason": reason},
            )
        written.append(row.key)
    session.flush()
    return written


def add_claims(database: Database, new: NewClaims, actor: str, reason: str = "") -> list[str]:
    """Write validated claims (and their supersessions) in one transaction.

    Returns:
        The keys written.
    """
    with database.write(" ".join(actor.split()) or "app") as unit:
        return write_new_claims(unit, new, reason)


def add_claims_file(
    database: Database, vendor: str, path: Path, actor: str, reason: str = ""
) -> list[str]:
    """Validate a JSON file of claims fully, then add them to ``vendor`` in one transaction.

    Raises:
        ClaimProblemsError: Every problem, one per line; nothing was written.
        UserError: The file is missing or not JSON.
    """
    from models.files import read_json_file

    data = read_json_file(path)
    new = parse_new_claims(database, vendor, data, origin=Path(path).name)
    return add_claims(database, new, actor, reason)


def source_key_for(vendor: str, title: str, published: date | None, taken: set[str]) -> str:
    """Return a new source key made from the vendor, the title and the date."""
    words = "".join(ch if ch.isalnum() else "-" for ch in title.lower()).split("-")
    stem = "-".join(word for word in words if word)[:60].strip("-") or "source"
    base = f"{vendor}-{stem}" + (f"-{published.isoformat()}" if published else "")
    base = base if SLUG_PATTERN.match(base) else f"src-{base}"
    key, number = base[:110], 2
    while key in taken:
        key, number = f"{base[:104]}-{number}", number + 1
    return key

"""Adding claims to a vendor's knowledge base, and superseding a claim with a newer one.

Claims are validated with the ``ddq-kb`` claim model (``models.kb.file_format.ClaimDoc``), every
problem of a file reported on its own line, and written in one transaction: each claim gets a
``claim.add`` AuditEvent naming who, why and from which source; a superseded claim stays as
history with a link to its successor and a ``claim.supersede`` event.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from models.errors import UserError
from models.evidence.local_files import LocalFile, link_local_file, store_local_file
from models.evidence.urls import url_problem
from models.kb.file_format import ClaimDoc, SourceDoc, describe_validation_error
from models.kb.vendors import SLUG_PATTERN
from models.storage.database import Database, UnitOfWork
from models.storage.files import read_json_file

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
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import col, select

    from models.kb.import_export import upsert_evidence
    from models.storage.tables import (
        Annotation,
        Claim,
        ClaimEvidence,
        ClaimSource,
        Source,
        Vendor,
        stored_id,
        utcnow,
    )

    session = unit.session
    reason = _clean_reason(reason)
    vendor = session.exec(select(Vendor).where(Vendor.slug == new.vendor)).one()
    for source_doc in new.sources:
        session.add(Source(**source_doc.model_dump()))
    session.flush()
    wanted = {key for claim in new.claims for key in claim.sources}
    sources = {
        row.key: row
        for row in session.exec(select(Source).where(col(Source.key).in_(wanted))).all()
    }
    written: list[str] = []
    for claim_doc in new.claims:
        row = Claim(
            vendor_id=stored_id(vendor),
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
            session.add(
                ClaimSource(
                    claim_id=stored_id(row), source_id=stored_id(sources[key]), position=position
                )
            )
        for position, evidence_doc in enumerate(claim_doc.evidence):
            evidence = upsert_evidence(unit, evidence_doc.model_dump())
            session.add(
                ClaimEvidence(
                    claim_id=stored_id(row), evidence_id=stored_id(evidence), position=position
                )
            )
        session.flush()
        for title, kind, stored in new.files.get(claim_doc.key, []):
            link_local_file(unit, stored_id(row), row.key, stored, title, kind)
        for note in claim_doc.annotations:
            session.add(
                Annotation(
                    claim_id=stored_id(row), author=note.author, created=note.date,
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


ATTRIBUTE_TYPES = ("days", "list", "yes/no", "text")
_ATTRIBUTE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,79}$")


@dataclass
class ClaimForm:
    """What the New claim / Supersede form holds, as typed (checked by :func:`claims_from_form`).

    Attributes:
        attributes: ``(name, type, value)`` rows; the type is one of ``ATTRIBUTE_TYPES``.
        source_date: The source's date; None for an undated source.
        source_url: Where the source is published (http or https), or empty.
        source_file: A file the vendor sent, attached as local evidence, or None.
    """

    key: str
    title: str
    statement: str
    status: str
    watch_out: str = ""
    keywords: list[str] = field(default_factory=list)
    access: str = "public"
    default: str = "enabled"
    scope: list[str] = field(default_factory=list)
    criteria: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str, str]] = field(default_factory=list)
    source_title: str = ""
    source_date: date | None = None
    source_url: str = ""
    source_file: Path | None = None
    reason: str = ""


def attribute_value(name: str, kind: str, text: str) -> Any:
    """Return an attribute's typed value: days → int, list → strings, yes/no → bool, text.

    Raises:
        UserError: A bad name, an unknown type or a value that does not fit it.
    """
    if not _ATTRIBUTE_NAME.match(name):
        raise UserError(f"attribute {name[:80]!r}: use lower-case letters, digits and _")
    text = " ".join((text or "").split())
    if kind == "days":
        if not text.isdigit() or len(text) > 6:
            raise UserError(f"attribute {name}: a number of days is a whole number, not {text!r}")
        return int(text)
    if kind == "list":
        items = [item.strip() for item in text.split(",") if item.strip()]
        if not items:
            raise UserError(f"attribute {name}: give the list's items, separated by commas")
        return items
    if kind == "yes/no":
        if text.lower() not in ("yes", "no"):
            raise UserError(f"attribute {name}: answer yes or no, not {text!r}")
        return text.lower() == "yes"
    if kind == "text":
        if not text:
            raise UserError(f"attribute {name}: the text is empty")
        return text
    raise UserError(f"attribute {name}: type must be one of {', '.join(ATTRIBUTE_TYPES)}")


def attribute_kind(value: Any) -> str:
    """Return the form's type for a stored attribute value (the inverse of attribute_value)."""
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, int):
        return "days"
    if isinstance(value, list):
        return "list"
    return "text"


def attribute_text(value: Any) -> str:
    """Return a stored attribute value as the form shows it."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def claims_from_form(
    database: Database, vendor: str, form: ClaimForm, supersedes: str | None = None
) -> NewClaims:
    """Turn the form into a validated new claim citing its (required) source.

    Raises:
        ClaimProblemsError: Every problem with the form, one per line.
    """
    problems: list[str] = []
    attributes: dict[str, Any] = {}
    for name, kind, text in form.attributes:
        name = name.strip()
        if not name and not str(text).strip():
            continue
        try:
            if name in attributes:
                raise UserError(f"attribute {name}: named twice")
            attributes[name] = attribute_value(name, kind, text)
        except UserError as error:
            problems.append(str(error))
    title = " ".join(form.source_title.split())
    if not title:
        problems.append("source: give the title of the document the claim comes from")
    url = form.source_url.strip()
    if url and (problem := url_problem(url)):
        problems.append(f"source URL: {problem}")
    if not url and form.source_file is None:
        problems.append("source: give its URL or the file the vendor sent")
    stored = None
    if form.source_file is not None:
        try:
            stored = store_local_file(database.data_dir, form.source_file)
        except UserError as error:
            problems.append(f"source file: {error}")
    with database.read() as connection:
        taken = {key for (key,) in connection.execute("SELECT key FROM source").fetchall()}
    source_key = source_key_for(vendor, title or "source", form.source_date, taken)
    source = {
        "key": source_key,
        "title": title or "source",
        "url": url or None,
        "published": form.source_date.isoformat() if form.source_date else None,
        "date_note": "" if form.source_date else "undated",
    }
    if stored is not None and not url:
        note = f"{source['date_note']}; received as {stored.file_name}"
        source["date_note"] = note.strip("; ")
    claim = {
        "key": form.key.strip(),
        "title": form.title,
        "statement": form.statement,
        "status": form.status,
        "watch_out": form.watch_out.strip() or None,
        "keywords": [word.strip() for word in form.keywords if word.strip()],
        "conditions": {
            "access": form.access,
            "default": form.default,
            "scope": [item.strip() for item in form.scope if item.strip()],
            "criteria": [item.strip() for item in form.criteria if item.strip()],
            "attributes": attributes,
        },
        "sources": [source_key],
    }
    try:
        new = parse_new_claims(database, vendor, {"claims": [claim], "sources": [source]}, "form")
    except ClaimProblemsError as error:
        problems.extend(line.replace("form: claims[0]", "claim").replace("form: ", "")
                        for line in error.problems)  # fmt: skip
        raise ClaimProblemsError(problems) from None
    if problems:
        raise ClaimProblemsError(problems)
    if supersedes:
        new.supersedes = {new.claims[0].key: supersedes}
    if stored is not None:
        new.files = {new.claims[0].key: [(title, "report", stored)]}
    return new

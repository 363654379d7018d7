"""Moving a knowledge base between a ``ddq-kb/1`` JSON file and the database.

Import replaces, in one transaction, everything the file says about each vendor it names
(claims with their sources, evidence links and annotations); evidence rows are shared by URL
and keep their snapshot history. Export writes the same format, so an export imported into an
empty data directory gives back the same knowledge base, annotations included.
"""

import json
from pathlib import Path
from typing import Any

from sqlmodel import col, delete, select

from models.errors import UserError
from models.kb.file_format import FORMAT, KnowledgeBaseDoc, parse_knowledge_base
from models.storage.database import Database, UnitOfWork
from models.storage.files import atomic_write_text, read_json_file
from models.storage.tables import (
    Annotation,
    Claim,
    ClaimEvidence,
    ClaimSource,
    Evidence,
    Phrasing,
    Source,
    Vendor,
    stored_id,
    utcnow,
)


def load_knowledge_base_file(path: Path) -> KnowledgeBaseDoc:
    """Read and validate a knowledge-base JSON file.

    Raises:
        UserError: The file is missing, not JSON, or fails validation.
    """
    return parse_knowledge_base(read_json_file(path), origin=path.name)


def import_knowledge_base(unit: UnitOfWork, document: KnowledgeBaseDoc) -> int:
    """Write ``document`` into the database inside the caller's unit of work.

    Args:
        unit: The open write transaction.
        document: A validated knowledge base.

    Returns:
        The number of claims written.
    """
    session = unit.session
    sources: dict[str, Source] = {}
    for source_doc in document.sources:
        source = session.exec(select(Source).where(Source.key == source_doc.key)).first()
        if source is None:
            source = Source(key=source_doc.key, title=source_doc.title)
        source.sqlmodel_update(source_doc.model_dump())
        session.add(source)
        sources[source.key] = source
    session.flush()

    written = 0
    for vendor_doc in document.vendors:
        vendor = session.exec(select(Vendor).where(Vendor.slug == vendor_doc.slug)).first()
        if vendor is None:
            vendor = Vendor(slug=vendor_doc.slug, name=vendor_doc.name)
        vendor.sqlmodel_update(vendor_doc.model_dump())
        session.add(vendor)
        session.flush()
        session.exec(delete(Claim).where(col(Claim.vendor_id) == vendor.id))
        session.flush()
        claims = [claim for claim in document.claims if claim.vendor == vendor.slug]
        rows: dict[str, Claim] = {}
        for claim_doc in claims:
            row = Claim(
                vendor_id=stored_id(vendor),
                key=claim_doc.key,
                title=claim_doc.title,
                statement=claim_doc.statement,
                status=claim_doc.status,
                conditions=claim_doc.conditions.model_dump(),
                watch_out=claim_doc.watch_out,
                as_of=claim_doc.as_of,
                keywords=list(claim_doc.keywords),
                flags=list(claim_doc.flags),
                answers=[
                    answer.model_dump(exclude_defaults=True) | {"all": list(answer.all)}
                    for answer in claim_doc.answers
                ],
                updated_at=utcnow(),
                updated_by=unit.actor,
            )
            session.add(row)
            rows[claim_doc.key] = row
        session.flush()
        for claim_doc in claims:
            row = rows[claim_doc.key]
            if claim_doc.superseded_by:
                row.superseded_by_id = rows[claim_doc.superseded_by].id
            for position, source_key in enumerate(claim_doc.sources):
                session.add(
                    ClaimSource(
                        claim_id=stored_id(row),
                        source_id=stored_id(sources[source_key]),
                        position=position,
                    )
                )
            for position, evidence_doc in enumerate(claim_doc.evidence):
                evidence = upsert_evidence(unit, evidence_doc.model_dump())
                session.add(
                    ClaimEvidence(
                        claim_id=stored_id(row), evidence_id=stored_id(evidence), position=position
                    )
                )
            for annotation_doc in claim_doc.annotations:
                session.add(
                    Annotation(
                        claim_id=stored_id(row),
                        author=annotation_doc.author,
                        created=annotation_doc.date,
                        disposition=annotation_doc.disposition,
                        note=annotation_doc.note,
                        dismissed_reason=annotation_doc.dismissed_reason,
                    )
                )
            written += 1
        session.flush()
        _replace_phrasings(unit, vendor.slug, document)
        unit.record("kb.import", "vendor", vendor.slug, {"claims": len(claims)})
    return written


def _replace_phrasings(unit: UnitOfWork, slug: str, document: KnowledgeBaseDoc) -> None:
    """Replace the vendor's phrasings with the file's (a ``ddq-kb/1`` file keeps them: it
    cannot carry any)."""
    if document.format == "ddq-kb/1":
        return
    session = unit.session
    session.exec(delete(Phrasing).where(col(Phrasing.vendor_slug) == slug))
    for item in document.phrasings:
        if item.vendor == slug:
            session.add(
                Phrasing(
                    vendor_slug=slug,
                    claim_keys=list(item.claims),
                    text=item.text,
                    author=item.author,
                    created_at=item.created_at or utcnow(),
                )
            )
    session.flush()


def upsert_evidence(unit: UnitOfWork, fields: dict[str, Any]) -> Evidence:
    """Return the evidence row for ``fields["url"]``, creating it from an ``EvidenceDoc``'s
    fields when the URL is new (an existing row keeps its snapshot history)."""
    session = unit.session
    evidence = session.exec(select(Evidence).where(Evidence.url == fields["url"])).first()
    if evidence is None:
        evidence = Evidence(url=fields["url"])
        for name in ("title", "kind", "access", "last_checked", "http_status", "sha256"):
            setattr(evidence, name, fields[name])
        evidence.changed = fields["changed"]
        if fields.get("origin") == "local":
            # The file itself is not in a JSON export: its snapshot is missing until attached.
            evidence.origin = "local"
            evidence.file_name = fields.get("file_name")
            evidence.received_at = fields.get("received")
        session.add(evidence)
        session.flush()
    return evidence


def _local_fields(row: Evidence) -> dict[str, Any]:
    """The export fields only a local evidence file has."""
    if row.origin != "local":
        return {}
    received = row.received_at.isoformat() if row.received_at else None
    return {"origin": "local", "file_name": row.file_name, "received": received}


def export_knowledge_base(database: Database) -> dict[str, Any]:
    """Return the whole knowledge base as a ``ddq-kb/1`` document (plain JSON types)."""
    with database.session() as session:
        vendors = session.exec(select(Vendor).order_by(col(Vendor.id))).all()
        sources = session.exec(select(Source).order_by(col(Source.id))).all()
        claims = session.exec(select(Claim).order_by(col(Claim.id))).all()
        key_by_id = {claim.id: claim.key for claim in claims}
        slug_by_id = {vendor.id: vendor.slug for vendor in vendors}
        source_key_by_id = {source.id: source.key for source in sources}
        claim_sources = session.exec(select(ClaimSource).order_by(col(ClaimSource.position))).all()
        links = session.exec(select(ClaimEvidence).order_by(col(ClaimEvidence.position))).all()
        evidence_by_id = {row.id: row for row in session.exec(select(Evidence)).all()}
        annotations = session.exec(select(Annotation).order_by(col(Annotation.id))).all()
        phrasings = session.exec(select(Phrasing).order_by(col(Phrasing.id))).all()

    document: dict[str, Any] = {
        "format": FORMAT,
        "vendors": [
            {
                "slug": vendor.slug,
                "name": vendor.name,
                "product": vendor.product,
                "trust_portal_url": vendor.trust_portal_url,
                "summary": vendor.summary,
                "profile": vendor.profile or {},
            }
            for vendor in vendors
        ],
        "sources": [
            {
                "key": source.key,
                "title": source.title,
                "url": source.url,
                "published": source.published.isoformat() if source.published else None,
                "date_note": source.date_note,
            }
            for source in sources
        ],
        "claims": [],
    }
    for claim in claims:
        evidence_rows = [
            evidence_by_id[link.evidence_id] for link in links if link.claim_id == claim.id
        ]
        document["claims"].append(
            {
                "vendor": slug_by_id[claim.vendor_id],
                "key": claim.key,
                "title": claim.title,
                "statement": claim.statement,
                "status": claim.status,
                "conditions": claim.conditions,
                "watch_out": claim.watch_out,
                "as_of": claim.as_of.isoformat() if claim.as_of else None,
                "sources": [
                    source_key_by_id[link.source_id]
                    for link in claim_sources
                    if link.claim_id == claim.id
                ],
                "evidence": [
                    {
                        "url": row.url,
                        "title": row.title,
                        "kind": row.kind,
                        "access": row.access,
                        "last_checked": row.last_checked.isoformat() if row.last_checked else None,
                        "http_status": row.http_status,
                        "sha256": row.sha256,
                        "changed": row.changed,
                    }
                    | _local_fields(row)
                    for row in evidence_rows
                ],
                "superseded_by": key_by_id.get(claim.superseded_by_id),
                "keywords": claim.keywords,
                "flags": claim.flags,
                "answers": claim.answers,
                "annotations": [
                    {
                        "author": note.author,
                        "date": note.created.isoformat(),
                        "disposition": note.disposition,
                        "note": note.note,
                        "dismissed_reason": note.dismissed_reason,
                    }
                    for note in annotations
                    if note.claim_id == claim.id
                ],
            }
        )
    document["phrasings"] = [
        {
            "vendor": item.vendor_slug,
            "text": item.text,
            "claims": list(item.claim_keys),
            "author": item.author,
            "created_at": item.created_at.isoformat(),
        }
        for item in phrasings
    ]
    return document


def export_knowledge_base_file(database: Database, path: Path) -> int:
    """Write the knowledge base to ``path`` atomically. Returns the number of claims."""
    document = export_knowledge_base(database)
    atomic_write_text(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return len(document["claims"])


def import_knowledge_base_file(database: Database, path: Path, actor: str = "cli") -> int:
    """Validate ``path`` fully, then import it in one transaction. Returns claims written.

    Raises:
        UserError: Nothing was changed; the message says what is wrong and where.
    """
    document = load_knowledge_base_file(path)
    if not document.vendors:
        raise UserError(f"{path.name}: vendors: the file names no vendor")
    with database.write(actor) as unit:
        return import_knowledge_base(unit, document)

"""Choosing evidence snapshots to embed in a signed pack, within a size cap.

The pack builder asks for the snapshots of the claims its answers cite and gets
``(filename, bytes, description)`` triples ready to embed as PDF attachments, plus, for the
pack's summary, every snapshot left out and why (gated, never fetched, missing or damaged on
disk, or over the cap). Snapshots are taken in the order the claims are given, each URL once;
one that does not fit the remaining room is skipped and smaller ones after it still go in.
Every byte embedded is checked against its recorded SHA-256 first.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import col, select

from models.evidence.store import read_verified, snapshot_file
from models.settings import PACK_SNAPSHOT_CAP_MB
from models.storage.database import Database
from models.storage.tables import AuditEvent, Claim, ClaimEvidence, Evidence, Vendor

Attachment = tuple[str, bytes, str]
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class AttachmentPlan:
    """The snapshots chosen for a pack and those left out.

    Attributes:
        attachments: ``(filename, bytes, description)`` to embed, in claim order.
        skipped: ``(url, reason)`` for each evidence item left out.
        total_bytes: The size of everything embedded.
    """

    attachments: list[Attachment] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    total_bytes: int = 0


def attachment_filename(url: str, sha256: str, suffix: str) -> str:
    """Return a readable, safe file name: host, last path part and a hash prefix."""
    parts = urlsplit(url)
    stem = Path(parts.path.rstrip("/")).stem if parts.path.strip("/") else ""
    name = "_".join(piece for piece in (parts.hostname or "evidence", stem) if piece)
    name = _UNSAFE.sub("-", name).strip("-.")[:80] or "evidence"
    return f"{name}_{sha256[:12]}{suffix}"


def _size(count: int) -> str:
    return f"{count / 1048576:.1f} MB" if count >= 1048576 else f"{count:,} bytes"


def _snapshot_times(database: Database, urls: list[str]) -> dict[tuple[str, str], datetime]:
    """Return when each (url, sha256) snapshot was taken, from the audit log."""
    times: dict[tuple[str, str], datetime] = {}
    with database.session() as session:
        for event in session.exec(
            select(AuditEvent)
            .where(
                col(AuditEvent.action) == "evidence.snapshot", col(AuditEvent.entity_key).in_(urls)
            )
            .order_by(col(AuditEvent.at))
        ).all():
            digest = (event.detail or {}).get("sha256")
            if digest and (event.entity_key, digest) not in times:
                times[(event.entity_key, digest)] = event.at
    return times


def _cited_evidence(
    database: Database, claim_keys: list[str], vendor: str | None = None
) -> list[Evidence]:
    with database.session() as session:
        query = (
            select(Claim.key, Evidence)
            .join(ClaimEvidence, col(ClaimEvidence.claim_id) == col(Claim.id))
            .join(Evidence, col(Evidence.id) == col(ClaimEvidence.evidence_id))
            .where(col(Claim.key).in_(claim_keys))
            .order_by(col(Claim.id), col(ClaimEvidence.position))
        )
        if vendor is not None:
            # Claim keys are unique per vendor only: another vendor's "soc2-type2" is not ours.
            query = query.join(Vendor, col(Vendor.id) == col(Claim.vendor_id)).where(
                col(Vendor.slug) == vendor
            )
        rows = session.exec(query).all()
    rank = {key: index for index, key in enumerate(claim_keys)}
    ordered = sorted(rows, key=lambda pair: rank[pair[0]])  # stable: keeps evidence order
    unique: dict[str, Evidence] = {}
    for _key, evidence in ordered:
        unique.setdefault(evidence.url, evidence)
    return list(unique.values())


def snapshot_cap_bytes(database: Database) -> int:
    """Return the Settings cap on embedded snapshots (``pack.snapshot_cap_mb``) in bytes."""
    return PACK_SNAPSHOT_CAP_MB.read(database) * 1024 * 1024


def snapshot_attachment_plan(
    database: Database,
    claim_keys: list[str],
    cap_bytes: int | None = None,
    vendor: str | None = None,
) -> AttachmentPlan:
    """Choose the snapshots of ``claim_keys``' evidence to embed, at most ``cap_bytes`` in all.

    Args:
        database: The open database.
        claim_keys: The claims the pack's answers cite, in the order they should appear.
        cap_bytes: The most bytes to embed; None reads ``pack.snapshot_cap_mb`` from Settings.
        vendor: Only this vendor's claims (a review's pack passes its vendor).

    Unknown claim keys are ignored (a removed claim has no evidence to embed).
    """
    if cap_bytes is None:
        cap_bytes = snapshot_cap_bytes(database)
    keys = list(dict.fromkeys(claim_keys))
    evidence = _cited_evidence(database, keys, vendor)
    times = _snapshot_times(database, [row.url for row in evidence])
    plan = AttachmentPlan()
    room = max(0, cap_bytes)
    for row in evidence:
        if row.access == "gated":
            plan.skipped.append((row.url, "gated: behind a login, never fetched"))
            continue
        path = snapshot_file(database.data_dir, row.snapshot_path)
        if not row.sha256 or not row.snapshot_path:
            plan.skipped.append((row.url, "no snapshot yet (run ddq evidence refresh)"))
            continue
        if path is None:
            plan.skipped.append((row.url, "snapshot file missing from the data folder"))
            continue
        size = path.stat().st_size
        if size > room:
            plan.skipped.append(
                (
                    row.url,
                    f"too large for the snapshot cap ({_size(size)}; "
                    f"{_size(room)} of {_size(cap_bytes)} left)",
                )
            )
            continue
        body = read_verified(path, row.sha256)
        if body is None:
            plan.skipped.append((row.url, "snapshot damaged on disk (SHA-256 mismatch)"))
            continue
        if row.origin == "local":
            received = f"{row.received_at:%Y-%m-%d}" if row.received_at else "on an unknown date"
            description = (
                f"Local file {row.file_name} received {received}; "
                f"{row.content_type or 'unknown type'}; {size:,} bytes; SHA-256 {row.sha256}"
            )
            stem = _UNSAFE.sub("-", Path(row.file_name or "evidence").stem).strip("-.")[:80]
            filename = f"{stem or 'evidence'}_{row.sha256[:12]}{path.suffix}"
        else:
            taken = times.get((row.url, row.sha256), row.last_checked)
            when = f"{taken:%Y-%m-%d %H:%M} UTC" if taken else "at an unknown time"
            description = (
                f"Snapshot of {row.url} taken {when}; HTTP {row.http_status}; "
                f"{row.content_type or 'unknown type'}; {size:,} bytes; SHA-256 {row.sha256}"
            )
            filename = attachment_filename(row.url, row.sha256, path.suffix)
        plan.attachments.append((filename, body, description))
        room -= size
    return AttachmentPlan(plan.attachments, plan.skipped, max(0, cap_bytes) - room)


def snapshot_attachments(
    database: Database, claim_keys: list[str], cap_bytes: int | None = None
) -> list[Attachment]:
    """Return ``(filename, bytes, description)`` for the snapshots to embed in a pack.

    See :func:`snapshot_attachment_plan` for what was left out and why.
    """
    return snapshot_attachment_plan(database, claim_keys, cap_bytes).attachments

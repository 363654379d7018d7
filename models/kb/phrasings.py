"""Learned phrasings: a question's wording that a reviewer decided is answered by certain
claims of a vendor (the "cite claim" action). Auto-fill reuses them for later questions of
the same meaning; the knowledge-base export carries them.

Writes go through ``Database.write`` with a ``phrasing.*`` AuditEvent. Reading is plain
sqlite3 (``Database.read``), so the command line never loads the ORM to list them.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from models.errors import UserError
from models.storage.database import Database, UnitOfWork

# The ORM tables load on the first write, not when the command line starts.

MAX_TEXT = 5_000


@dataclass(frozen=True)
class PhrasingRecord:
    """One stored phrasing, detached from any session.

    Attributes:
        text: The question's wording, whitespace collapsed.
        claim_keys: The claims that answer it, in the order the reviewer cited them.
        author: Who decided it.
        created_at: When it was decided (last re-cited), aware in UTC.
    """

    text: str
    claim_keys: tuple[str, ...]
    author: str
    created_at: datetime


def _clean_text(text: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise UserError("a phrasing needs the question's text")
    if len(cleaned) > MAX_TEXT:
        raise UserError(f"a phrasing is limited to {MAX_TEXT:,} characters")
    return cleaned


def _clean_keys(claim_keys: list[str]) -> list[str]:
    keys = list(dict.fromkeys(key.strip() for key in claim_keys if key.strip()))
    if not keys:
        raise UserError("cite at least one claim")
    return keys


def _check_claim_keys(unit: UnitOfWork, vendor_slug: str, keys: list[str]) -> None:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import select

    from models.storage.tables import Claim, Vendor

    vendor = unit.session.exec(select(Vendor).where(Vendor.slug == vendor_slug)).first()
    if vendor is None:
        raise UserError(f"unknown vendor {vendor_slug!r}")
    known = set(unit.session.exec(select(Claim.key).where(Claim.vendor_id == vendor.id)).all())
    missing = [key for key in keys if key not in known]
    if missing:
        names = ", ".join(repr(key) for key in missing)
        raise UserError(
            f"unknown claim {names} for vendor {vendor_slug} (try: ddq kb list --vendor "
            f"{vendor_slug})"
        )


def add_phrasing(
    database: Database, vendor_slug: str, text: str, claim_keys: list[str], author: str
) -> None:
    """Store ``text`` as a phrasing answered by ``claim_keys``; re-citing replaces the keys.

    Args:
        database: The open database.
        vendor_slug: The vendor whose claims answer it.
        text: The question's wording (whitespace is collapsed).
        claim_keys: Keys of that vendor's claims, in citing order (repeats count once).
        author: Who decided it; also the audit actor.

    Raises:
        UserError: Unknown vendor or claim key, no keys, or empty or overlong text; nothing
            is written then.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import select

    from models.storage.tables import Phrasing, utcnow

    cleaned = _clean_text(text)
    keys = _clean_keys(claim_keys)
    author = " ".join(author.split()) or "reviewer"
    with database.write(author) as unit:
        _check_claim_keys(unit, vendor_slug, keys)
        row = unit.session.exec(
            select(Phrasing).where(Phrasing.vendor_slug == vendor_slug, Phrasing.text == cleaned)
        ).first()
        before = list(row.claim_keys) if row is not None else None
        if row is None:
            row = Phrasing(vendor_slug=vendor_slug, text=cleaned, claim_keys=keys, author=author)
        else:
            row.claim_keys = keys
            row.author = author
            row.created_at = utcnow()
        unit.session.add(row)
        unit.record(
            "phrasing.add" if before is None else "phrasing.replace",
            "phrasing",
            vendor_slug,
            {"text": cleaned, "claims": keys, "before": before},
        )


def delete_phrasing(database: Database, vendor_slug: str, text: str, author: str = "app") -> bool:
    """Forget a phrasing; True when one was stored (and is now deleted).

    Args:
        database: The open database.
        vendor_slug: The vendor it belongs to.
        text: Its wording (whitespace is collapsed, as when it was stored).
        author: Who deletes it; the audit actor.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import select

    from models.storage.tables import Phrasing

    cleaned = " ".join(text.split())
    with database.write(" ".join(author.split()) or "app") as unit:
        row = unit.session.exec(
            select(Phrasing).where(Phrasing.vendor_slug == vendor_slug, Phrasing.text == cleaned)
        ).first()
        if row is None:
            return False
        unit.record(
            "phrasing.delete",
            "phrasing",
            vendor_slug,
            {"text": cleaned, "claims": list(row.claim_keys)},
        )
        unit.session.delete(row)
        return True


def _aware(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    # Stored naive in UTC by SQLAlchemy; hand out aware values.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def list_phrasings(database: Database, vendor_slug: str) -> list[PhrasingRecord]:
    """Return a vendor's phrasings, oldest first (an unknown vendor simply has none)."""
    with database.read() as connection:
        rows = connection.execute(
            "SELECT text, claim_keys, author, created_at FROM phrasing "
            "WHERE vendor_slug = ? ORDER BY id",
            (vendor_slug,),
        ).fetchall()
    return [
        PhrasingRecord(
            text=row["text"],
            claim_keys=tuple(json.loads(row["claim_keys"] or "[]")),
            author=row["author"],
            created_at=_aware(row["created_at"]),
        )
        for row in rows
    ]

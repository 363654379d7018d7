"""Reviewer notes on claims: add, edit, dismiss with a reason — each with its AuditEvent.

Annotation events are recorded with entity ``annotation`` and the claim's key as entity key,
so a claim's history (:func:`models.kb.claim_edits.claim_history`) shows them beside its edits.
Editing or dismissing a note takes the ``base_version`` the reviewer saw
(``AnnotationRecord.version``) and is refused when another change landed since.
"""

from datetime import date

from models.errors import UserError
from models.storage.database import Database, UnitOfWork

# The ORM tables load on the first write, not when the desktop starts.

MAX_NOTE = 5_000


def _clean_note(note: str) -> str:
    cleaned = note.strip()
    if not cleaned:
        raise UserError("an annotation needs some text")
    if len(cleaned) > MAX_NOTE:
        raise UserError(f"an annotation is limited to {MAX_NOTE:,} characters")
    return cleaned


def _check_disposition(disposition: str) -> str:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import DISPOSITIONS

    if disposition not in DISPOSITIONS:
        raise UserError(f"disposition must be one of {', '.join(DISPOSITIONS)}")
    return disposition


def _claim_key(unit: UnitOfWork, claim_id: int) -> str:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Claim

    claim = unit.session.get(Claim, claim_id)
    if claim is None:
        raise UserError(f"no claim with id {claim_id}")
    return claim.key


def add_annotation(
    database: Database,
    claim_id: int,
    author: str,
    note: str,
    disposition: str = "needs-verification",
    today: date | None = None,
) -> int:
    """Add a dated note to a claim.

    Args:
        database: The open database.
        claim_id: The claim the note is about.
        author: Who writes it (the reviewer's name); also the audit actor.
        note: The note itself (plain text).
        disposition: ``confirmed``, ``dismissed`` or ``needs-verification``.
        today: The note's date; today by default.

    Returns:
        The new annotation's id.

    Raises:
        UserError: Empty note, unknown disposition, no author or no such claim.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Annotation, stored_id

    author = " ".join(author.split())
    if not author:
        raise UserError("set your reviewer name in Settings before annotating")
    text = _clean_note(note)
    _check_disposition(disposition)
    with database.write(author) as unit:
        key = _claim_key(unit, claim_id)
        row = Annotation(
            claim_id=claim_id,
            author=author,
            created=today or date.today(),
            disposition=disposition,
            note=text,
        )
        unit.session.add(row)
        unit.session.flush()
        unit.record(
            "annotation.add",
            "annotation",
            key,
            {"annotation_id": row.id, "note": text, "disposition": disposition},
        )
        return stored_id(row)


SHOWN_FIELDS = ("note", "disposition", "dismissed_reason")


def _last_changed_by(unit: UnitOfWork, key: str, annotation_id: int) -> str | None:
    """Who made the newest audited change to a note (the row keeps only its author)."""
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import col, select

    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import AuditEvent

    events = unit.session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.entity) == "annotation", col(AuditEvent.entity_key) == key)
        .order_by(col(AuditEvent.id).desc())
    )
    for event_row in events:
        if (event_row.detail or {}).get("annotation_id") == annotation_id:
            return event_row.actor
    return None


def _change(
    database: Database,
    annotation_id: int,
    actor: str,
    action: str,
    base_version: int | None,
    **changes: object,
) -> None:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Annotation, utcnow

    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.versions import check_base, write_versioned

    actor = " ".join(actor.split()) or "app"

    def change(unit: UnitOfWork) -> None:
        row = unit.session.get(Annotation, annotation_id)
        if row is None:
            raise UserError(f"no annotation with id {annotation_id}")
        key = _claim_key(unit, row.claim_id)
        if base_version is not None and base_version != row.version:
            check_base(
                row.version, base_version, f"the note on claim {key}",
                _last_changed_by(unit, key, annotation_id) or row.author, row.updated_at,
                {name: getattr(row, name) for name in SHOWN_FIELDS},
            )  # fmt: skip
        before = {name: getattr(row, name) for name in changes}
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        unit.session.add(row)
        unit.session.flush()
        unit.record(
            action,
            "annotation",
            key,
            {
                "annotation_id": annotation_id,
                "before": before,
                "after": changes,
                "version": row.version,
            },
        )

    write_versioned(database, actor, change)


def edit_annotation(
    database: Database,
    annotation_id: int,
    actor: str,
    *,
    note: str | None = None,
    disposition: str | None = None,
    base_version: int | None = None,
) -> None:
    """Change a note's text and/or disposition.

    Raises:
        UserError: Empty note, unknown disposition or no such annotation.
        ConflictError: The note changed since ``base_version``; nothing was written.
    """
    changes: dict[str, object] = {}
    if note is not None:
        changes["note"] = _clean_note(note)
    if disposition is not None:
        changes["disposition"] = _check_disposition(disposition)
        if disposition != "dismissed":
            changes["dismissed_reason"] = None
    if changes:
        _change(database, annotation_id, actor, "annotation.edit", base_version, **changes)


def dismiss_annotation(
    database: Database,
    annotation_id: int,
    actor: str,
    reason: str,
    base_version: int | None = None,
) -> None:
    """Dismiss a note, keeping it (and why) on record.

    Raises:
        UserError: The reason is empty or too long, or no such annotation.
        ConflictError: The note changed since ``base_version``; nothing was written.
    """
    reason = " ".join(reason.split())
    if not reason:
        raise UserError("dismissing an annotation needs a reason")
    if len(reason) > 2_000:
        raise UserError("a reason is limited to 2,000 characters")
    _change(
        database,
        annotation_id,
        actor,
        "annotation.dismiss",
        base_version,
        disposition="dismissed",
        dismissed_reason=reason,
    )

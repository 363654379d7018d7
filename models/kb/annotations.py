"""Reviewer notes on claims: add, edit, dismiss with a reason — each with its AuditEvent.

Annotation events are recorded with entity ``annotation`` and the claim's key as entity key,
so a claim's history (:func:`models.kb.claim_edits.claim_history`) shows them beside its edits.
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


def _change(
    database: Database, annotation_id: int, actor: str, action: str, **changes: object
) -> None:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Annotation, utcnow

    actor = " ".join(actor.split()) or "app"
    with database.write(actor) as unit:
        row = unit.session.get(Annotation, annotation_id)
        if row is None:
            raise UserError(f"no annotation with id {annotation_id}")
        before = {name: getattr(row, name) for name in changes}
        for name, value in changes.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        unit.session.add(row)
        unit.record(
            action,
            "annotation",
            _claim_key(unit, row.claim_id),
            {"annotation_id": annotation_id, "before": before, "after": changes},
        )


def edit_annotation(
    database: Database,
    annotation_id: int,
    actor: str,
    *,
    note: str | None = None,
    disposition: str | None = None,
) -> None:
    """Change a note's text and/or disposition.

    Raises:
        UserError: Empty note, unknown disposition or no such annotation.
    """
    changes: dict[str, object] = {}
    if note is not None:
        changes["note"] = _clean_note(note)
    if disposition is not None:
        changes["disposition"] = _check_disposition(disposition)
        if disposition != "dismissed":
            changes["dismissed_reason"] = None
    if changes:
        _change(database, annotation_id, actor, "annotation.edit", **changes)


def dismiss_annotation(database: Database, annotation_id: int, actor: str, reason: str) -> None:
    """Dismiss a note, keeping it (and why) on record.

    Raises:
        UserError: The reason is empty or too long, or no such annotation.
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
        disposition="dismissed",
        dismissed_reason=reason,
    )

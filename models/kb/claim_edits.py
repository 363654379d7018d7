"""Editing a claim by hand, and reading back who changed what, when.

An edit is one transaction: the claim row changes (the FTS index follows by trigger) and one
``claim.edit`` AuditEvent keeps the before and after of every field that actually changed.
An edit based on a version of the claim another change has replaced is refused
(``base_version``, :mod:`models.storage.versions`).
The history is read over plain sqlite3 and the ORM is imported only to write, so showing a
claim (the desktop's first screen) never pays for loading SQLModel's tables.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from models.errors import UserError
from models.storage.database import Database, UnitOfWork

EDITABLE_FIELDS = ("title", "statement", "status", "watch_out")
MAX_STATEMENT = 20_000


@dataclass(frozen=True)
class ChangeRecord:
    """One entry of a claim's history."""

    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]

    def describe(self) -> str:
        """Return the change in one plain-text line, e.g. ``status: yes → no``."""
        if self.action == "claim.edit":
            before = self.detail.get("before", {})
            after = self.detail.get("after", {})
            parts = []
            for name in after:
                if name in ("status",):
                    parts.append(f"{name}: {before.get(name)} → {after.get(name)}")
                else:
                    parts.append(f"{name.replace('_', '-')} changed")
            return "Edited " + "; ".join(parts) if parts else "Edited"
        if self.action == "claim.add":
            why = self.detail.get("reason")
            replaced = self.detail.get("supersedes")
            text = f"Added, superseding {replaced}" if replaced else "Added"
            return text + (f": {why}" if why else "")
        if self.action == "claim.supersede":
            why = self.detail.get("reason")
            return f"Superseded by {self.detail.get('superseded_by')}" + (f": {why}" if why else "")
        if self.action == "annotation.add":
            return f"Added a note ({self.detail.get('disposition', '')})"
        if self.action == "annotation.dismiss":
            reason = self.detail.get("after", {}).get("dismissed_reason", "")
            return f"Dismissed a note: {reason}"
        if self.action == "annotation.edit":
            return "Edited a note"
        return self.action


def _clean(name: str, value: str | None) -> str | None:
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import CLAIM_STATUSES

    if name == "watch_out":
        value = (value or "").strip()
        return value or None
    value = (value or "").strip()
    if not value:
        raise UserError(f"a claim's {name} cannot be empty")
    if name == "status" and value not in CLAIM_STATUSES:
        raise UserError(f"status must be one of {', '.join(CLAIM_STATUSES)}, not {value!r}")
    if len(value) > MAX_STATEMENT:
        raise UserError(f"a claim's {name} is limited to {MAX_STATEMENT:,} characters")
    return value


def edit_claim(
    database: Database,
    claim_id: int,
    actor: str,
    *,
    base_version: int | None = None,
    **changes: str | None,
) -> list[str]:
    """Change a claim's title, statement, status or watch-out.

    Args:
        database: The open database.
        claim_id: The claim to change.
        actor: Who changes it (the reviewer's name).
        base_version: The claim's version the edit is based on (``ClaimRecord.version``);
            None to edit the newest version.
        **changes: New values for any of ``title``, ``statement``, ``status``, ``watch_out``
            (an empty watch-out removes it).

    Returns:
        The names of the fields that actually changed (empty when nothing did; then nothing
        is written).

    Raises:
        UserError: An unknown field, an empty title/statement or an unknown status.
        ConflictError: The claim changed since ``base_version``; nothing was written.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Claim, utcnow

    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.versions import check_base, write_versioned

    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise UserError(
            f"cannot edit {', '.join(unknown)} (editable: {', '.join(EDITABLE_FIELDS)})"
        )
    cleaned = {name: _clean(name, value) for name, value in changes.items()}
    actor = " ".join(actor.split()) or "app"

    def change(unit: UnitOfWork) -> list[str]:
        row = unit.session.get(Claim, claim_id)
        if row is None:
            raise UserError(f"no claim with id {claim_id}")
        check_base(
            row.version, base_version, f"claim {row.key}", row.updated_by, row.updated_at,
            {name: getattr(row, name) for name in EDITABLE_FIELDS},
        )  # fmt: skip
        before = {name: getattr(row, name) for name in cleaned}
        after = {name: value for name, value in cleaned.items() if before[name] != value}
        if not after:
            return []
        for name, value in after.items():
            setattr(row, name, value)
        row.updated_at = utcnow()
        row.updated_by = actor
        unit.session.add(row)
        unit.session.flush()
        unit.record(
            "claim.edit",
            "claim",
            row.key,
            {
                "claim_id": claim_id,
                "before": {name: before[name] for name in after},
                "after": after,
                "version": row.version,
            },
        )
        return list(after)

    return write_versioned(database, actor, change)


def claim_history(database: Database, claim_key: str) -> list[ChangeRecord]:
    """Return the edits and annotation changes of a claim, newest first."""
    with database.read() as connection:
        rows = connection.execute(
            "SELECT at, actor, action, detail FROM auditevent WHERE entity_key = ? "
            "AND entity IN ('claim', 'annotation') ORDER BY id DESC",
            (claim_key,),
        ).fetchall()
    return [
        ChangeRecord(
            datetime.fromisoformat(str(row["at"])),
            row["actor"],
            row["action"],
            json.loads(row["detail"]) if isinstance(row["detail"], str) else {},
        )
        for row in rows
    ]

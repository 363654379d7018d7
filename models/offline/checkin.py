"""``checkin_review``: push a checked-out review's local changes to the team database.

A row changed locally (its local version moved since the copy was last in step with the team)
is pushed when the team row is still at the version the copy is based on; it then lands with
the team's version raised by one and an audit event naming the person and the database role.
When the team row moved meanwhile (another person's change to a claim or a note, which
checkout does not lock, or to the review after the schema owner released it), nothing of it
is overwritten: it is listed as a :class:`CheckinConflict` with their value and yours, and the
local copy is rebased on their version. Everything that lands lands in one transaction; new
notes and phrasings written offline are added.

After a clean check-in both marks are dropped (the local copy stays as an ordinary local
review). After one with conflicts the review stays checked out: the reviewer edits the
conflicting answers in the local copy (or leaves them) and checks in again, which now puts
theirs on top of the other change (it is based on that version), or releases the review to
keep the other change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, update

from models.errors import UserError
from models.offline.marks import held_by, inserted_id, local_mark, require_team, table, team_mark

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from models.storage.database import Database, UnitOfWork

# What check-in pushes per table (the rest is fixed at creation: ids, question, position),
# and the part of it a conflict compares and shows.
PUSHED = {
    "review": ("title", "reviewer", "organisation", "finished_at", "updated_at"),
    "answer": ("verdict", "text", "confidence", "citations", "flags", "match",
               "proposed_verdict", "proposed_text", "state", "flag_reason", "reviewer",
               "updated_at"),
    "claim": ("title", "statement", "status", "conditions", "watch_out", "as_of", "keywords",
              "flags", "answers", "updated_at", "updated_by"),
    "annotation": ("disposition", "note", "dismissed_reason", "updated_at"),
}  # fmt: skip
PUSHED_ROWS = ("answer", "claim", "annotation")  # besides the review itself
SHOWN = {
    "review": ("title", "reviewer", "organisation", "finished_at"),
    "answer": ("verdict", "text", "state", "flag_reason", "citations", "flags"),
    "claim": ("title", "statement", "status", "conditions", "watch_out", "keywords", "flags"),
    "annotation": ("disposition", "note", "dismissed_reason"),
}


@dataclass(frozen=True)
class CheckinConflict:
    """A local change not pushed because the team row changed meanwhile.

    Attributes:
        what: The row in the user's words: the question id (``Q12``), ``claim soc2-type2``,
            ``note on claim soc2-type2``, ``review``.
        by: Who made the team row's last change, when known.
        theirs: The team row's values now (the fields that differ).
        yours: The local copy's values of those fields.
    """

    what: str
    by: str | None
    theirs: dict[str, Any]
    yours: dict[str, Any]

    def describe(self) -> str:
        """One line: ``Q12: theirs (alice): verdict="no" | yours: verdict="yes"``."""
        by = f" ({self.by})" if self.by else ""
        return f"{self.what}: theirs{by}: {_shown(self.theirs)} | yours: {_shown(self.yours)}"


def _plain(value: Any) -> Any:
    """``value`` as JSON can hold it (an audit event's detail): dates and times as ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _shown(values: dict[str, Any]) -> str:
    return ", ".join(
        f"{key}={json.dumps(value, default=str, ensure_ascii=False)}"
        for key, value in values.items()
    )


@dataclass
class CheckedIn:
    """What ``checkin_review`` did.

    Attributes:
        landed: How many changed rows (and new notes) landed on the team database.
        conflicts: The changes not pushed, for the reviewer.
        local_review_id: The local copy.
    """

    landed: int = 0
    conflicts: list[CheckinConflict] = field(default_factory=list)
    local_review_id: int = 0

    @property
    def clean(self) -> bool:
        """True when nothing conflicted (the checkout marks are then dropped)."""
        return not self.conflicts


def _what(name: str, row: Any, claim_keys: dict[int, str]) -> str:
    if name == "answer":
        return str(row.qid)
    if name == "claim":
        return f"claim {row.key}"
    if name == "annotation":
        return f"note on claim {claim_keys.get(row.claim_id, row.claim_id)}"
    return "review"


def _by(name: str, row: Any) -> str | None:
    column = {"claim": "updated_by", "annotation": "author"}.get(name, "reviewer")
    return getattr(row, column, None) or None


def _push_table(
    team: Connection, local: Connection, unit: UnitOfWork, name: str, entries: dict[str, Any],
    review_id: int, result: CheckedIn, claim_keys: dict[int, str],
) -> None:  # fmt: skip
    """Push the changed rows of one table; rebase ``entries`` (local id → [team id, base,
    local version in step]) on what landed or conflicted."""
    target = table(name)
    local_rows = {
        str(row.id): row
        for row in local.execute(
            select(target).where(target.c.id.in_([int(key) for key in entries]))
        )
    }
    changed = {
        key: entry for key, entry in entries.items()
        if key in local_rows and local_rows[key].version != entry[2]
    }  # fmt: skip
    if not changed:
        return
    team_rows = {
        row.id: row
        for row in team.execute(
            select(target)
            .where(target.c.id.in_([entry[0] for entry in changed.values()]))
            .with_for_update()
        )
    }
    for key, entry in changed.items():
        mine, theirs = local_rows[key], team_rows.get(entry[0])
        what = _what(name, theirs if theirs is not None else mine, claim_keys)
        if theirs is None:
            result.conflicts.append(CheckinConflict(what, None, {"deleted": True}, {}))
            continue
        yours = {column: getattr(mine, column) for column in PUSHED[name]}
        differing = [c for c in SHOWN[name] if getattr(theirs, c) != yours[c]]
        if theirs.version != entry[1] and differing:
            result.conflicts.append(
                CheckinConflict(
                    what, _by(name, theirs),
                    {c: getattr(theirs, c) for c in differing}, {c: yours[c] for c in differing},
                )
            )  # fmt: skip
            entry[1] = theirs.version  # rebased: checking in again puts yours on top
            continue
        if theirs.version != entry[1]:  # they made the same change: nothing to push
            entries[key] = [entry[0], theirs.version, mine.version]
            continue
        team.execute(
            update(target)
            .where(target.c.id == entry[0], target.c.version == entry[1])
            .values(version=entry[1] + 1, **yours)
        )
        before = {c: _plain(getattr(theirs, c)) for c in SHOWN[name]}
        after = {c: _plain(yours[c]) for c in SHOWN[name]}
        unit.record(
            f"{name}.checkin", name, what, {"before": before, "after": after,
                                            "version": entry[1] + 1},
            review_id=review_id,
        )  # fmt: skip
        entries[key] = [entry[0], entry[1] + 1, mine.version]
        result.landed += 1


def _push_new_notes(
    team: Connection, local: Connection, unit: UnitOfWork, versions: dict[str, Any],
    review_id: int, result: CheckedIn, claim_keys: dict[int, str],
) -> None:  # fmt: skip
    """Add the notes written offline on copied claims, and the phrasings learned offline."""
    notes, claims = table("annotation"), versions["claim"]
    after = versions["after"]
    for row in local.execute(
        select(notes).where(notes.c.id > after["annotation"]).order_by(notes.c.id)
    ):
        entry = claims.get(str(row.claim_id))
        if entry is None:
            continue  # a note on a local claim the team database does not have
        values = {key: value for key, value in row._mapping.items() if key != "id"}
        values.update(claim_id=entry[0], version=1)
        team_id = inserted_id(team.execute(insert(notes).values(**values)))
        what = f"note on claim {claim_keys.get(entry[0], entry[0])}"
        unit.record("annotation.checkin", "annotation", what, {"note": row.note}, review_id)
        versions["annotation"][str(row.id)] = [team_id, 1, row.version]
        result.landed += 1
    after["annotation"] = max([after["annotation"], *map(int, versions["annotation"])])
    phrasings = table("phrasing")
    for row in local.execute(
        select(phrasings).where(
            phrasings.c.id > after["phrasing"], phrasings.c.vendor_slug == versions["vendor_slug"]
        )
    ):
        known = select(phrasings.c.id).where(
            phrasings.c.vendor_slug == row.vendor_slug, phrasings.c.text == row.text
        )
        if team.execute(known).scalar() is None:
            values = {key: value for key, value in row._mapping.items() if key != "id"}
            team.execute(insert(phrasings).values(**values))
            unit.record("phrasing.checkin", "phrasing", row.vendor_slug, {"text": row.text})
        after["phrasing"] = max(after["phrasing"], row.id)


def checkin_review(team: Database, local: Database, review_id: int, actor: str) -> CheckedIn:
    """Push the local copy of team review ``review_id`` to the team database.

    Args:
        team: The team database (PostgreSQL).
        local: The local SQLite database holding the copy.
        review_id: The review's id on the team database.
        actor: Who checks it in (named in the audit events).

    Returns:
        What landed and what conflicted; when nothing conflicted, both marks are gone.

    Raises:
        UserError: This data directory holds no copy of the review, or the review was
            released and checked out again by someone else; nothing was changed.
    """
    require_team(team)
    marks = table("reviewcheckout")
    with local.session() as session:
        mine = local_mark(session.connection(), review_id, team.describe())
    if mine is None:
        raise UserError(
            f"this data directory holds no checked-out copy of review {review_id} from "
            f"{team.describe()} (see ddq team checkout); nothing was changed"
        )
    versions: dict[str, Any] = dict(mine.versions)
    result = CheckedIn(local_review_id=mine.review_id)
    with local.session() as session, team.write(actor) as unit:
        local_connection = session.connection()
        connection = unit.session.connection()
        connection.exec_driver_sql(
            "SELECT set_config('ddq.checkin_token', %(token)s, true)", {"token": mine.token}
        )
        held = team_mark(connection, review_id, lock=True)
        if held is not None and held.token != mine.token:
            raise UserError(
                f"review {review_id} was released and is checked out again by {held_by(held)}; "
                "this copy cannot be checked in (its changes stay in the local review "
                f"{mine.review_id}); nothing was changed"
            )
        claims = table("claim")
        claim_keys = {
            row.id: row.key
            for row in connection.execute(
                select(claims.c.id, claims.c.key).where(
                    claims.c.id.in_([entry[0] for entry in versions["claim"].values()])
                )
            )
        }
        review_entries = {str(mine.review_id): versions["review"]}
        tables = {"review": review_entries, **{name: versions[name] for name in PUSHED_ROWS}}
        for name, entries in tables.items():
            _push_table(
                connection, local_connection, unit, name, entries, review_id, result, claim_keys
            )
        versions["review"] = review_entries[str(mine.review_id)]
        _push_new_notes(connection, local_connection, unit, versions, review_id, result, claim_keys)
        if result.clean and held is not None:
            connection.execute(delete(marks).where(marks.c.id == held.id))
        unit.record(
            "review.checkin", "review", str(review_id),
            {"landed": result.landed, "conflicts": [c.what for c in result.conflicts]},
            review_id=review_id,
        )  # fmt: skip
    with local.write(actor) as local_unit:
        local_connection = local_unit.session.connection()
        if result.clean:
            local_connection.execute(delete(marks).where(marks.c.id == mine.id))
        else:
            local_connection.execute(
                update(marks).where(marks.c.id == mine.id).values(versions=versions)
            )
        local_unit.record(
            "review.checkin", "review", str(mine.review_id),
            {"landed": result.landed, "conflicts": len(result.conflicts)}, mine.review_id,
        )  # fmt: skip
    return result

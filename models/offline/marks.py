"""The checkout marks (``reviewcheckout`` rows) on both sides, and releasing one.

A review checked out for offline work carries a mark on the team database (who has it, their
database role, when, where the copy went, the versions it was taken at) and one in the local
SQLite database (which team review the local copy is, and for every copied row its team row,
the team version it is based on and the local version last in step with it). While the team
mark exists, migration 0008's trigger refuses every change to the review on the team database
except the check-in that names the mark's token.

Who may release (drop the mark without pushing): the database role that checked the review
out, or anyone from the data directory that holds the copy (its mark carries the token), or a
member of ``ddq_owner`` (the schema owner, for a laptop that was lost), or a superuser.
Releasing from the data directory that holds the copy drops the local mark too; the local copy
itself stays as an ordinary local review, its unpushed changes readable there.
"""

from __future__ import annotations

import platform
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, delete, select
from sqlmodel import SQLModel

from models.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from models.storage.database import Database


def table(name: str) -> Table:
    """Return the Core table ``name`` (``answer``, ``claim``…) of the DDQ Desk schema."""
    # deferred: start-up time (the tables register on the metadata when first imported)
    import models.storage.tables  # noqa: F401

    return SQLModel.metadata.tables[name]


def inserted_id(result: Any) -> int:
    """Return the id of the row a Core INSERT made."""
    key = result.inserted_primary_key
    if key is None:
        raise ValueError("the INSERT made no row")
    return int(key[0])


def require_team(team: Database) -> None:
    """Refuse a team database that is not one (checkout works from PostgreSQL only).

    Raises:
        UserError: ``team`` is the SQLite file of the data directory.
    """
    if team.backend != "postgresql":
        raise UserError(
            "offline checkout works from a team database: name it with --database "
            "postgresql://… or DDQ_DATABASE_URL (the data directory's SQLite file is the "
            "local copy's place)"
        )


def where_copy_goes(local: Database) -> str:
    """Return how the team mark names the local copy: ``host:/path/to/ddq.sqlite3``."""
    return f"{platform.node()}:{local.describe()}"


def held_by(mark: Any) -> str:
    """Return ``dana (database role dana) since 2026-12-02 14:05 UTC`` for a mark row."""
    at = mark.checked_out_at
    when = at.strftime("%Y-%m-%d %H:%M") if isinstance(at, datetime) else str(at)[:16]
    return f"{mark.checked_out_by} (database role {mark.database_role or '-'}) since {when} UTC"


def team_mark(connection: Connection, review_id: int, *, lock: bool = False) -> Any | None:
    """Return the team database's mark on ``review_id`` (row locked when asked), or None."""
    marks = table("reviewcheckout")
    query = select(marks).where(marks.c.review_id == review_id)
    return connection.execute(query.with_for_update() if lock else query).first()


def local_mark(connection: Connection, team_review_id: int, location: str) -> Any | None:
    """Return the local mark of the copy of team review ``team_review_id`` from ``location``."""
    marks = table("reviewcheckout")
    query = select(marks).where(
        marks.c.team_review_id == team_review_id, marks.c.location == location
    )
    return connection.execute(query).first()


def may_release(connection: Connection, mark: Any) -> bool:
    """True when the role of ``connection`` checked the review out, owns the schema or is a
    superuser."""
    row = connection.exec_driver_sql(
        "SELECT current_user, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user), "
        "EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ddq_owner' "
        "AND pg_has_role(current_user, oid, 'MEMBER'))"
    ).one()
    return bool(row[0] == mark.database_role or row[1] or row[2])


@dataclass(frozen=True)
class Released:
    """What ``release_review`` did.

    Attributes:
        team_mark: The team database's mark was dropped (else there was none).
        local_review_id: The local copy whose mark was dropped, if this data directory had one.
    """

    team_mark: bool
    local_review_id: int | None


def release_review(team: Database, local: Database, review_id: int, actor: str) -> Released:
    """Drop the checkout of team review ``review_id`` without pushing anything.

    Args:
        team: The team database.
        local: The local SQLite database (its mark is dropped when it holds the copy).
        review_id: The review's id on the team database.
        actor: Who releases it (named in the audit event).

    Raises:
        UserError: Not checked out, or checked out by someone this role may not release for;
            nothing was changed.
    """
    require_team(team)
    marks = table("reviewcheckout")
    with local.session() as session:
        mine = local_mark(session.connection(), review_id, team.describe())
    with team.write(actor) as unit:
        connection = unit.session.connection()
        held = team_mark(connection, review_id, lock=True)
        if held is None and mine is None:
            raise UserError(f"review {review_id} is not checked out; nothing was changed")
        if held is not None and mine is not None and held.token != mine.token:
            mine = None  # released meanwhile and taken again elsewhere: not this copy's mark
        if held is not None:
            if mine is None and not may_release(connection, held):
                raise UserError(
                    f"review {review_id} is checked out by {held_by(held)}; only they or a "
                    "member of ddq_owner may release it; nothing was changed"
                )
            connection.execute(delete(marks).where(marks.c.id == held.id))
            unit.record(
                "review.release", "review", str(review_id),
                {"checked_out_by": held.checked_out_by, "database_role": held.database_role,
                 "location": held.location},
                review_id=review_id,
            )  # fmt: skip
    if mine is not None:
        with local.write(actor) as unit:
            unit.session.connection().execute(delete(marks).where(marks.c.id == mine.id))
            unit.record("review.release", "review", str(mine.review_id), {}, mine.review_id)
    return Released(held is not None, None if mine is None else mine.review_id)

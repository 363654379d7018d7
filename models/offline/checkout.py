"""``checkout_review``: copy a team review and its vendor's knowledge base into the local
SQLite database, marked checked out on both sides.

What is copied: the review and all its answers; the vendor (matched by slug) with all its
claims (by key), the sources and evidence rows they cite (by key / URL), the notes on those
claims and the vendor's phrasings. Rows keep the team's version numbers, and the local mark
maps every copied review, answer, claim and note to its team row (``versions``), which
``models.offline.checkin`` compares. The local database's own rows of that vendor are
brought to the team's values; its other reviews and vendors are left alone, and so are local
notes that differ from every team note (they stay local: check-in pushes only notes written
after the checkout).

Both sides change together: the team transaction (the rows read under the review's row lock,
the mark and its audit event, written first so that a role that may not is refused before
anything local changes) commits only after the local copy has committed. Should that last
commit fail (the network went at that instant), the local copy stays marked and the team
review is not: checking it in later is safe (the versions decide), or release it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, insert, select, update

from models.errors import UserError
from models.offline.marks import (
    held_by,
    inserted_id,
    local_mark,
    require_team,
    table,
    team_mark,
    where_copy_goes,
)
from models.storage.tables import utcnow

if TYPE_CHECKING:
    from sqlalchemy import Connection, Table

    from models.storage.database import Database

Versions = dict[str, Any]


@dataclass(frozen=True)
class CheckedOut:
    """What ``checkout_review`` copied.

    Attributes:
        team_review_id: The review's id on the team database.
        local_review_id: The id of its copy in the local database (``ddq review … ID``).
        answers: How many answers were copied.
        claims: How many of the vendor's claims were copied.
    """

    team_review_id: int
    local_review_id: int
    answers: int
    claims: int


@dataclass
class _TeamRows:
    review: Any
    answers: list[Any]
    vendor: Any
    claims: list[Any]
    sources: list[Any]
    claim_sources: list[Any]
    evidence: list[Any]
    claim_evidence: list[Any]
    annotations: list[Any]
    phrasings: list[Any]


def _rows(connection: Connection, name: str, column: str, values: Iterable[Any]) -> list[Any]:
    target = table(name)
    wanted = list(values)
    if not wanted:
        return []
    query = select(target).where(target.c[column].in_(wanted)).order_by(*target.primary_key)
    return list(connection.execute(query).all())


def _read_team(connection: Connection, review: Any) -> _TeamRows:
    vendor = _rows(connection, "vendor", "id", [review.vendor_id])[0]
    claims = _rows(connection, "claim", "vendor_id", [vendor.id])
    claim_ids = [claim.id for claim in claims]
    claim_sources = _rows(connection, "claimsource", "claim_id", claim_ids)
    claim_evidence = _rows(connection, "claimevidence", "claim_id", claim_ids)
    return _TeamRows(
        review=review,
        answers=_rows(connection, "answer", "review_id", [review.id]),
        vendor=vendor,
        claims=claims,
        sources=_rows(connection, "source", "id", {link.source_id for link in claim_sources}),
        claim_sources=claim_sources,
        evidence=_rows(connection, "evidence", "id", {link.evidence_id for link in claim_evidence}),
        claim_evidence=claim_evidence,
        annotations=_rows(connection, "annotation", "claim_id", claim_ids),
        phrasings=_rows(connection, "phrasing", "vendor_slug", [vendor.slug]),
    )


def _values(row: Any, drop: tuple[str, ...] = ("id",), **changed: Any) -> dict[str, Any]:
    values = {key: value for key, value in row._mapping.items() if key not in drop}
    values.update(changed)
    return values


def _upsert(
    connection: Connection, target: Table, match: dict[str, Any], values: dict[str, Any]
) -> int:
    """Bring the local row ``match`` finds to ``values`` (insert it when missing); its id."""
    found = connection.execute(
        select(target.c.id).where(*(target.c[key] == value for key, value in match.items()))
    ).scalar()
    if found is None:
        return inserted_id(connection.execute(insert(target).values(**values)))
    connection.execute(update(target).where(target.c.id == found).values(**values))
    return int(found)


def _copy_knowledge_base(connection: Connection, rows: _TeamRows) -> dict[str, dict[int, int]]:
    """Copy the vendor's knowledge base; return team id → local id per table."""
    ids: dict[str, dict[int, int]] = {"claim": {}, "source": {}, "evidence": {}}
    vendor_id = _upsert(
        connection, table("vendor"), {"slug": rows.vendor.slug}, _values(rows.vendor)
    )
    for row in rows.sources:
        ids["source"][row.id] = _upsert(connection, table("source"), {"key": row.key}, _values(row))
    for row in rows.evidence:
        ids["evidence"][row.id] = _upsert(
            connection, table("evidence"), {"url": row.url}, _values(row)
        )
    claims = table("claim")
    for row in rows.claims:
        values = _values(row, ("id", "superseded_by_id"), vendor_id=vendor_id)
        match = {"vendor_id": vendor_id, "key": row.key}
        ids["claim"][row.id] = _upsert(connection, claims, match, values)
    for row in rows.claims:
        superseded = ids["claim"].get(row.superseded_by_id) if row.superseded_by_id else None
        connection.execute(
            update(claims)
            .where(claims.c.id == ids["claim"][row.id])
            .values(superseded_by_id=superseded)
        )
    local_claims = list(ids["claim"].values())
    for link_table, links, other in (
        ("claimsource", rows.claim_sources, "source"),
        ("claimevidence", rows.claim_evidence, "evidence"),
    ):
        target = table(link_table)
        connection.execute(delete(target).where(target.c.claim_id.in_(local_claims)))
        column = f"{other}_id"
        for link in links:
            connection.execute(
                insert(target).values(
                    claim_id=ids["claim"][link.claim_id],
                    **{column: ids[other][getattr(link, column)], "position": link.position},
                )
            )
    phrasings = table("phrasing")
    for row in rows.phrasings:
        known = select(phrasings.c.id).where(
            phrasings.c.vendor_slug == row.vendor_slug, phrasings.c.text == row.text
        )
        if connection.execute(known).scalar() is None:
            connection.execute(insert(phrasings).values(**_values(row)))
    return ids


def _copy_annotations(connection: Connection, rows: _TeamRows, claims: dict[int, int]) -> Versions:
    notes = table("annotation")
    mapped: Versions = {}
    for row in rows.annotations:
        local_claim = claims[row.claim_id]
        connection.execute(
            delete(notes).where(
                notes.c.claim_id == local_claim, notes.c.author == row.author,
                notes.c.created == row.created, notes.c.note == row.note,
            )
        )  # fmt: skip
        values = _values(row, claim_id=local_claim)
        local_id = inserted_id(connection.execute(insert(notes).values(**values)))
        mapped[str(local_id)] = [row.id, row.version, row.version]
    return mapped


def _copy_review(connection: Connection, rows: _TeamRows, vendor_id: int) -> tuple[int, Versions]:
    review = rows.review
    template = review.template_id
    if template is not None:
        templates = table("template")
        if (
            connection.execute(select(templates.c.id).where(templates.c.id == template)).scalar()
            is None
        ):
            template = None  # a template this copy of DDQ Desk does not ship
    reviews = table("review")
    values = _values(review, vendor_id=vendor_id, template_id=template)
    local_id = inserted_id(connection.execute(insert(reviews).values(**values)))
    answers = table("answer")
    mapped: Versions = {}
    for row in rows.answers:
        new_id = inserted_id(
            connection.execute(insert(answers).values(**_values(row, review_id=local_id)))
        )
        mapped[str(new_id)] = [row.id, row.version, row.version]
    return local_id, mapped


def _next_id(connection: Connection, name: str) -> int:
    return int(
        connection.execute(select(func.coalesce(func.max(table(name).c.id), 0))).scalar_one()
    )


def checkout_review(team: Database, local: Database, review_id: int, actor: str) -> CheckedOut:
    """Copy team review ``review_id`` and its vendor's knowledge base into ``local``, marked.

    Args:
        team: The team database (PostgreSQL).
        local: The local SQLite database the copy goes to.
        review_id: The review's id on the team database.
        actor: Who checks it out (named in the marks and the audit events).

    Raises:
        UserError: No such review, it is checked out already, or this data directory holds
            an unreturned copy of it; nothing was changed on either side.
    """
    require_team(team)
    where = team.describe()
    with local.session() as session:
        earlier = local_mark(session.connection(), review_id, where)
    if earlier is not None:
        raise UserError(
            f"this data directory already holds a checked-out copy of review {review_id} (local "
            f"review {earlier.review_id}); check it in or release it first; nothing was changed"
        )
    with team.write(actor) as unit:
        connection = unit.session.connection()
        reviews = table("review")
        review = connection.execute(
            select(reviews).where(reviews.c.id == review_id).with_for_update()
        ).first()
        if review is None:
            raise UserError(
                f"no review {review_id} on {where} (see ddq review list); nothing was changed"
            )
        held = team_mark(connection, review_id)
        if held is not None:
            raise UserError(
                f"review {review_id} is already checked out by {held_by(held)} to "
                f"{held.location}; nothing was changed"
            )
        rows = _read_team(connection, review)
        mark = {
            "token": uuid.uuid4().hex, "checked_out_by": actor,
            "database_role": unit.database_role, "checked_out_at": utcnow(),
        }  # fmt: skip
        team_versions = {
            "review": review.version,
            "answer": {str(row.id): row.version for row in rows.answers},
            "claim": {str(row.id): row.version for row in rows.claims},
            "annotation": {str(row.id): row.version for row in rows.annotations},
        }
        # The team's mark is written first (a role that may not is refused before anything
        # local changes) and committed last, once the local copy is in.
        connection.execute(
            insert(table("reviewcheckout")).values(
                review_id=review_id, team_review_id=review_id, location=where_copy_goes(local),
                versions=team_versions, **mark,
            )
        )  # fmt: skip
        unit.record(
            "review.checkout", "review", str(review_id),
            {"to": where_copy_goes(local), "answers": len(rows.answers)}, review_id=review_id,
        )  # fmt: skip
        unit.session.flush()
        local_id = _write_copy(local, actor, rows, where, review_id, mark)
    return CheckedOut(review_id, local_id, len(rows.answers), len(rows.claims))


def _write_copy(
    local: Database, actor: str, rows: _TeamRows, where: str, review_id: int,
    mark: dict[str, Any],
) -> int:  # fmt: skip
    """Write the copy and its local mark in one local transaction; return the local review id."""
    review = rows.review
    with local.write(actor) as local_unit:
        local_connection = local_unit.session.connection()
        ids = _copy_knowledge_base(local_connection, rows)
        notes = _copy_annotations(local_connection, rows, ids["claim"])
        vendor_id = local_connection.execute(
            select(table("vendor").c.id).where(table("vendor").c.slug == rows.vendor.slug)
        ).scalar_one()
        local_id, answers = _copy_review(local_connection, rows, vendor_id)
        claims = {
            str(ids["claim"][row.id]): [row.id, row.version, row.version] for row in rows.claims
        }
        local_versions = {
            "review": [review.id, review.version, review.version],
            "answer": answers, "claim": claims, "annotation": notes,
            "vendor_slug": rows.vendor.slug,
            "after": {"annotation": _next_id(local_connection, "annotation"),
                      "phrasing": _next_id(local_connection, "phrasing")},
        }  # fmt: skip
        local_connection.execute(
            insert(table("reviewcheckout")).values(
                review_id=local_id, team_review_id=review_id, location=where,
                versions=local_versions, **mark,
            )
        )  # fmt: skip
        local_unit.record(
            "review.checkout", "review", str(local_id),
            {"team_review_id": review_id, "from": where, "answers": len(rows.answers)},
            review_id=local_id,
        )  # fmt: skip
    return local_id

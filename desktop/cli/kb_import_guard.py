"""Checks ``ddq kb import`` makes before it replaces any claim.

The importer replaces every claim of each vendor the file names. Before it runs:

- ``superseded_by`` links that form a cycle (a → b → a) are refused: "the newer one stands"
  has no answer for them;
- a vendor the file names with no claims would lose all of its claims: refused unless
  ``--replace-empty`` says that is meant;
- when the import will delete claims, a backup (``ddq-backup-…-pre-import.sqlite3``) is taken
  first, so ``ddq db restore`` can undo it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import UserError
from models.storage.datadir import database_path

if TYPE_CHECKING:
    from models.storage.database import Database


def _cycle(links: dict[str, str]) -> list[str] | None:
    for start in links:
        path, key = [start], links.get(start)
        while key is not None and key not in path and len(path) <= len(links):
            path.append(key)
            key = links.get(key)
        if key == start:
            return [*path, start]
    return None


def check_import(document: Any, name: str, claims_now: dict[str, int], replace_empty: bool) -> bool:
    """Refuse what the import must not do; return True when it will delete claims.

    Args:
        document: The parsed file (plain JSON types).
        name: The file's name, for messages.
        claims_now: Claims in the database per vendor slug.
        replace_empty: The user passed ``--replace-empty``.

    Raises:
        UserError: A ``superseded_by`` cycle, or a vendor named with no claims.
    """
    if not isinstance(document, dict):
        return False  # the importer's own validation says what is wrong
    claims = [c for c in document.get("claims") or [] if isinstance(c, dict)]
    by_vendor: dict[Any, dict[str, str]] = {}
    for claim in claims:
        successor = claim.get("superseded_by")
        if isinstance(successor, str) and isinstance(claim.get("key"), str):
            by_vendor.setdefault(claim.get("vendor"), {})[claim["key"]] = successor
    for links in by_vendor.values():
        if (cycle := _cycle(links)) is not None:
            raise UserError(f"{name}: claims: superseded_by forms a cycle: {' -> '.join(cycle)}")
    counts: dict[str, int] = {}
    for claim in claims:
        if isinstance(claim.get("vendor"), str):
            counts[claim["vendor"]] = counts.get(claim["vendor"], 0) + 1
    deletes = False
    for vendor in document.get("vendors") or []:
        slug = vendor.get("slug") if isinstance(vendor, dict) else None
        if not isinstance(slug, str) or not claims_now.get(slug):
            continue
        deletes = True
        if not counts.get(slug) and not replace_empty:
            raise UserError(
                f"{name}: vendor {slug!r} has no claims in the file; importing it would delete "
                f"its {claims_now[slug]} claims (pass --replace-empty if that is meant)"
            )
    return deletes


def claims_per_vendor(database: Database) -> dict[str, int]:
    """Return the number of claims each vendor has now."""
    # deferred: start-up time (each command loads only what it runs)
    from sqlmodel import col, func, select

    from models.storage.tables import Claim, Vendor

    with database.session() as session:
        rows = session.exec(
            select(col(Vendor.slug), func.count(col(Claim.id)))
            .join(Claim)
            .group_by(col(Vendor.slug))
        ).all()
    return {slug: count for slug, count in rows}


def backup_before_import(database: Database) -> Path | None:
    """Take a consistent backup of the live database before claims are replaced.

    A team database on PostgreSQL has no file to copy: None, and the team's own ``pg_dump``
    backups are the way back (the import itself is one transaction).
    """
    # deferred: start-up time (each command loads only what it runs)
    from models.storage.schema import backup_database

    if database.backend != "sqlite":
        return None
    return backup_database(database_path(database.data_dir), "pre-import")

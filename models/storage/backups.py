"""Backing up, checking and restoring the database file (``ddq db backup|check|restore``).

Decisions a careful user expects, written down:

- A backup is a consistent copy made with SQLite's backup API, so it includes changes still in
  the write-ahead log. ``--out`` never replaces an existing file.
- A restore first proves the backup is a healthy DDQ Desk database (SQLite header, full
  ``integrity_check``, a schema this version knows, with exactly the tables, columns, indexes
  and triggers its migrations create: no table dropped, no foreign trigger or view). Only then
  is the current file kept aside — a consistent backup named
  ``ddq-backup-…-before-restore.sqlite3`` when it is healthy, or a plain byte copy named
  ``ddq-damaged-…sqlite3`` (with its ``-wal``) when it is not, so a damaged file is never
  offered as "the newest backup". The restored copy is written beside the database, fsynced, the
  stale ``-wal``/``-shm`` of the old file are removed (a leftover log would be replayed into the
  restored file), and it is renamed into place.
- Restore refuses while another DDQ Desk window or command has the database open: replacing the
  file under it would silently lose that window's next changes.
"""

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from models.errors import DatabaseError, UserError
from models.storage.datadir import expand_path
from models.storage.files import atomic_output, fsync_directory
from models.storage.schema import (
    BACKUP_PREFIX,
    KNOWN_REVISIONS,
    SQLITE_HEADER,
    backup_database,
    check_database_file,
    copy_database,
    newest_backup,
)
from models.storage.schema_shape import shape_problem
from models.storage.sqlite_files import connect_read_only

DAMAGED_PREFIX = "ddq-damaged-"
SIDE_FILES = ("-wal", "-shm", "-journal")
REQUIRED_TABLES = ("alembic_version", "vendor", "claim", "setting")


@dataclass(frozen=True)
class DatabaseHealth:
    """What ``ddq db check`` reports about a healthy database."""

    path: Path
    revision: str
    claims: int
    reviews: int
    size_bytes: int
    newest_backup: Path | None


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file restored and where the previous database was kept."""

    restored_from: Path
    previous_kept_as: Path | None
    previous_was_damaged: bool


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")


def _count(connection: sqlite3.Connection, table: str) -> int:
    exists = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
    ).fetchone()
    return connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] if exists else 0


def check_database(db_path: Path) -> DatabaseHealth:
    """Run the full integrity check on ``db_path`` and describe it.

    Raises:
        DatabaseError: The file is missing, not SQLite, damaged or fails ``integrity_check``;
            the message names the newest backup and the restore command.
    """
    if not db_path.exists() and not db_path.is_symlink():
        raise DatabaseError(f"no database at {db_path} yet (it is created on first use)")
    check_database_file(db_path, thorough=True)
    connection = connect_read_only(db_path)
    try:
        revision = _revision(connection, db_path)
        claims = _count(connection, "claim")
        reviews = _count(connection, "review")
    finally:
        connection.close()
    return DatabaseHealth(
        path=db_path,
        revision=revision,
        claims=claims,
        reviews=reviews,
        size_bytes=db_path.stat().st_size,
        newest_backup=newest_backup(db_path),
    )


def _revision(connection: sqlite3.Connection, path: Path) -> str:
    tables = {
        row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    missing = [table for table in REQUIRED_TABLES if table not in tables]
    if missing:
        raise DatabaseError(f"{path} is not a DDQ Desk database (no {missing[0]} table)")
    row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if row is None:
        raise DatabaseError(f"{path} is not a DDQ Desk database (no schema revision)")
    if row[0] not in KNOWN_REVISIONS:
        raise DatabaseError(f"{path} was written by a newer DDQ Desk (schema {row[0]})")
    problem = shape_problem(connection, row[0])
    if problem:
        raise DatabaseError(
            f"{path} does not have the tables DDQ Desk's schema {row[0]} has: {problem}"
        )
    return row[0]


def backup_now(db_path: Path, out: Path | None = None) -> Path:
    """Write a consistent backup of ``db_path``.

    Args:
        db_path: The live database.
        out: Where to write it; None writes ``ddq-backup-<stamp>-manual.sqlite3`` beside it.

    Returns:
        The backup file.

    Raises:
        DatabaseError: There is no database yet, or it is damaged (restore instead).
        UserError: ``out`` already exists or its folder does not.
    """
    if not db_path.exists() and not db_path.is_symlink():
        raise DatabaseError(f"no database at {db_path} yet; nothing to back up")
    check_database_file(db_path)
    if out is None:
        return backup_database(db_path, "manual")
    out = Path(out)
    if out.exists():
        raise UserError(f"{out} already exists; choose a new file name (nothing was written)")
    if out.resolve() == db_path.resolve():
        raise UserError(f"{out} is the live database itself")
    with atomic_output(out) as temporary:
        copy_database(db_path, temporary, shown_as=out)
    return out


def validate_backup(backup: Path) -> str:
    """Prove ``backup`` is a healthy DDQ Desk database; return its schema revision.

    Raises:
        UserError: Missing, not SQLite, damaged, fails integrity_check, or not DDQ Desk's.
    """
    if not backup.exists():
        raise UserError(f"{backup}: no such file")
    if not backup.is_file():
        raise UserError(f"{backup}: not a file")
    with backup.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise UserError(f"{backup} is not a DDQ Desk backup (not an SQLite file); nothing changed")
    try:
        connection = connect_read_only(backup)
        try:
            result = connection.execute("PRAGMA integrity_check(1)").fetchone()
            if not result or result[0] != "ok":
                raise UserError(
                    f"{backup} fails its integrity check "
                    f"({result[0] if result else 'no result'}); nothing changed"
                )
            return _revision(connection, backup)
        finally:
            connection.close()
    except DatabaseError as error:
        raise UserError(f"{error}; nothing changed") from None
    except sqlite3.DatabaseError as error:
        raise UserError(f"{backup} is damaged ({error}); nothing changed") from None


def _is_healthy(db_path: Path) -> bool:
    try:
        check_database_file(db_path, thorough=True)
    except DatabaseError:
        return False
    return True


def _refuse_if_in_use(db_path: Path) -> None:
    """Raise UserError when another connection has ``db_path`` open.

    An exclusive-locking-mode connection can only take its lock when no other connection, even
    an idle reader in WAL mode, holds the file; closing it checkpoints the write-ahead log.
    """
    connection = sqlite3.connect(db_path, timeout=0.5, isolation_level=None)
    try:
        connection.execute("PRAGMA locking_mode=EXCLUSIVE")
        connection.execute("BEGIN EXCLUSIVE")
        connection.execute("ROLLBACK")
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise UserError(
                f"{db_path} is open in another DDQ Desk window or command; close it and "
                "run the restore again (nothing changed)"
            ) from None
        # Damaged beyond SQLite's reach: nobody can be using it either.
    except sqlite3.DatabaseError:
        pass
    finally:
        connection.close()


def _keep_previous(db_path: Path) -> tuple[Path | None, bool]:
    """Keep the current database aside before it is replaced; return (copy, was_damaged)."""
    if not db_path.exists():
        return None, False
    stamp = _stamp()
    if db_path.stat().st_size > 0 and _is_healthy(db_path):
        kept = db_path.parent / f"{BACKUP_PREFIX}{stamp}-before-restore.sqlite3"
        with atomic_output(kept) as temporary:
            copy_database(db_path, temporary, shown_as=kept)
        return kept, False
    kept = db_path.parent / f"{DAMAGED_PREFIX}{stamp}.sqlite3"
    for suffix in ("", *SIDE_FILES):
        side = Path(f"{db_path}{suffix}")
        if side.exists():
            with atomic_output(Path(f"{kept}{suffix}")) as temporary:
                shutil.copyfile(side, temporary)
    return kept, True


def restore_backup(db_path: Path, backup: Path) -> RestoreResult:
    """Replace the database at ``db_path`` with ``backup``, keeping the current file aside.

    Raises:
        UserError: The backup is not a healthy DDQ Desk database, or the database is in use;
            in both cases nothing was changed.
    """
    backup = expand_path(backup)
    if backup == db_path.resolve():
        raise UserError(f"{backup} is the live database, not a backup; nothing changed")
    validate_backup(backup)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)  # restoring onto a new computer
    except OSError as error:
        raise UserError(f"cannot create data directory {db_path.parent}: {error}") from None
    if db_path.exists() and db_path.stat().st_size > 0:
        with db_path.open("rb") as handle:
            is_sqlite = handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
        if is_sqlite:
            _refuse_if_in_use(db_path)
    kept, damaged = _keep_previous(db_path)
    staged = db_path.parent / f".{db_path.name}.restoring.partial"
    staged.unlink(missing_ok=True)
    try:
        copy_database(backup, staged, shown_as=db_path)
        for suffix in SIDE_FILES:
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        os.replace(staged, db_path)
    finally:
        staged.unlink(missing_ok=True)
    fsync_directory(db_path.parent)
    return RestoreResult(restored_from=backup, previous_kept_as=kept, previous_was_damaged=damaged)

"""Checking a database file and bringing its schema up to date.

Opening a database must stay fast for the command line, so the current revision is read with
the standard library's ``sqlite3``; Alembic is imported only when a migration is due. Before
any migration of an existing file a backup is written beside it.
"""

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from models.errors import DatabaseError
from models.storage.files import atomic_output
from models.storage.locking import busy_error, is_busy
from models.storage.sqlite_files import connect_read_only, connect_read_write

# The newest Alembic revision in models/storage/migrations/versions (a test keeps this in step).
HEAD_REVISION = "0008"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008")
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BACKUP_PREFIX = "ddq-backup-"


def newest_backup(db_path: Path) -> Path | None:
    """Return the most recent backup beside ``db_path``, or None."""
    backups = sorted(db_path.parent.glob(f"{BACKUP_PREFIX}*.sqlite3"))
    return backups[-1] if backups else None


def _restore_hint(db_path: Path) -> str:
    backup = newest_backup(db_path)
    if backup is None:
        return "no backup exists; move the file aside to start afresh"
    return f"newest backup: {backup.name}; restore it with: ddq db restore {backup}"


def read_only_message(db_path: Path) -> str:
    """One line for a database DDQ Desk may read but not write (it is not damaged)."""
    where = db_path if db_path.exists() else db_path.parent
    return (
        f"{where} is read-only (a read-only file system, or no permission to write it or its "
        "folder); DDQ Desk writes its database and the files beside it, so make it writable "
        "or choose another --data-dir (the database itself was not changed)"
    )


def check_database_file(db_path: Path, thorough: bool = False) -> None:
    """Raise DatabaseError when ``db_path`` exists but is not a healthy SQLite database.

    Args:
        db_path: The database file; a missing file is fine (it will be created).
        thorough: Run the full ``PRAGMA integrity_check`` (which also compares every index
            with its table) instead of the faster ``quick_check`` done on every open.

    Raises:
        DatabaseError: Also for a dangling symbolic link in the file's place and for an empty
            (zero-length) file, which is what is left of a database, not a new one: seeding
            it afresh would hide the loss.
    """
    if db_path.is_symlink() and not db_path.exists():
        raise DatabaseError(
            f"{db_path} is a symbolic link to {os.readlink(db_path)}, which does not exist; "
            "reconnect the drive or folder it points to, or remove the link to start afresh"
        )
    if not db_path.exists():
        return
    if db_path.stat().st_size == 0:
        backup = newest_backup(db_path)
        then = (
            f"restore the newest backup with: ddq db restore {backup}"
            if backup
            else "no backup exists; delete the empty file to start with a fresh database"
        )
        raise DatabaseError(f"{db_path} is empty (0 bytes): its data is gone; {then}")
    with db_path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header != SQLITE_HEADER:
        raise DatabaseError(f"{db_path} is not a DDQ Desk database ({_restore_hint(db_path)})")
    pragma = "PRAGMA integrity_check(1)" if thorough else "PRAGMA quick_check(1)"
    try:
        connection = connect_read_only(db_path)
        try:
            result = connection.execute(pragma).fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if is_busy(error):
            raise busy_error() from None
        raise DatabaseError(f"{db_path} is damaged ({error}); {_restore_hint(db_path)}") from error
    if not result or result[0] != "ok":
        raise DatabaseError(
            f"{db_path} fails its integrity check ({result[0] if result else 'no result'}); "
            f"{_restore_hint(db_path)}"
        )


def current_revision(db_path: Path) -> str | None:
    """Return the Alembic revision stamped in ``db_path``, or None for a new database."""
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    connection = connect_read_only(db_path)
    try:
        has_table = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if not has_table:
            return None
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    finally:
        connection.close()


def copy_database(source_path: Path, target: Path, shown_as: Path | None = None) -> None:
    """Copy a database with SQLite's backup API (consistent, WAL included) and fsync it.

    The copy is one self-contained file (rollback-journal mode, no ``-wal`` beside it).

    Raises:
        DatabaseError: The copy could not be written (disk full, file size limit, I/O error);
            the message names ``shown_as`` (default ``target``).
    """
    source = connect_read_only(source_path)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
            destination.execute("PRAGMA journal_mode=DELETE")
        finally:
            destination.close()
        with target.open("rb+") as handle:
            os.fsync(handle.fileno())
    except (sqlite3.Error, OSError) as error:
        reason = str(getattr(error, "strerror", None) or error)
        out_of_space = any(word in reason.lower() for word in ("disk", "full", "large", "space"))
        hint = "; free some disk space and try again" if out_of_space else ""
        raise DatabaseError(
            f"{shown_as or target}: the copy could not be written ({reason}){hint}"
        ) from None
    finally:
        source.close()


def backup_database(db_path: Path, label: str = "") -> Path:
    """Copy ``db_path`` to a timestamped backup beside it, consistently even in WAL mode.

    Args:
        db_path: The live database.
        label: A short word for why the backup was taken (``pre-migration``, ``manual``).

    Returns:
        The path of the new backup file.

    Raises:
        DatabaseError: The backup could not be written; no partial backup is left behind.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
    suffix = f"-{label}" if label else ""
    target = db_path.parent / f"{BACKUP_PREFIX}{stamp}{suffix}.sqlite3"
    with atomic_output(target) as temporary:
        copy_database(db_path, temporary, shown_as=target)
    return target


def upgrade_schema(db_path: Path, target: str = "head") -> Path | None:
    """Apply Alembic migrations up to ``target``; back up an existing database first.

    Args:
        db_path: The database file (created when missing).
        target: An Alembic revision, ``head`` by default.

    Returns:
        The backup written before migrating, or None when none was needed.

    Raises:
        DatabaseError: The file carries a revision this version of DDQ Desk does not know.
    """
    revision = current_revision(db_path)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"{db_path} was written by a newer DDQ Desk (schema {revision}); upgrade the app"
        )
    wanted = HEAD_REVISION if target == "head" else target
    if revision == wanted:
        return None
    backup = backup_database(db_path, "pre-migration") if revision is not None else None

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.pool import QueuePool

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(
        "sqlite://", creator=lambda: connect_read_write(db_path), poolclass=QueuePool
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except OperationalError as error:
        if is_busy(error):
            raise busy_error() from None
        raise
    finally:
        engine.dispose()
    return backup

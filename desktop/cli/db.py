"""``ddq db``: back up, check and restore the database file (SQLite only: a team database
on PostgreSQL is backed up with ``pg_dump``, and these commands say so).

These commands never open the database through the normal path (which refuses a damaged file):
``check`` and ``restore`` must work precisely when the file is damaged.
"""

import argparse
import sys
from pathlib import Path

from models.storage.datadir import database_path, resolve_data_dir


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``db`` command group."""
    db = subcommands.add_parser(
        "db", help="back up, check and restore the database", parents=[common]
    )
    actions = db.add_subparsers(dest="db_command", metavar="ACTION")
    actions.required = True

    backup = actions.add_parser("backup", help="write a consistent backup", parents=[common])
    backup.add_argument(
        "--out", type=Path, help="backup file (default: ddq-backup-<time>-manual.sqlite3 beside it)"
    )
    backup.set_defaults(handler=backup_command)

    check = actions.add_parser("check", help="run the full integrity check", parents=[common])
    check.set_defaults(handler=check_command)

    restore = actions.add_parser(
        "restore",
        help="replace the database with a backup (the current one is kept)",
        parents=[common],
    )
    restore.add_argument("backup", type=Path, help="a ddq-backup-….sqlite3 file")
    restore.set_defaults(handler=restore_command)


def _database_path(args: argparse.Namespace) -> Path:
    """Return the SQLite file; a team database has none, so these commands refuse it."""
    # deferred: start-up time (each command loads only what it runs)
    from models.errors import UserError
    from models.storage.database_url import resolve_database_url, shown_url

    data_dir = resolve_data_dir(args.data_dir)
    url = resolve_database_url(getattr(args, "database", None), data_dir)
    if url is not None:
        raise UserError(
            f"ddq db {args.db_command} works on the SQLite file only; {shown_url(url)} is a "
            "PostgreSQL database: back it up with pg_dump, restore with pg_restore, check it "
            "with the server's own tools (see the README, Team mode)"
        )
    return database_path(data_dir)


def backup_command(args: argparse.Namespace) -> int:
    """Write a backup and say where it is."""
    # deferred: start-up time (each command loads only what it runs)
    from models.storage.backups import backup_now

    written = backup_now(_database_path(args), args.out)
    sys.stdout.write(f"backed up to {written}\n")
    return 0


def check_command(args: argparse.Namespace) -> int:
    """Run ``PRAGMA integrity_check``: exit 0 when healthy, 2 with one line when not."""
    # deferred: start-up time (each command loads only what it runs)
    from models.storage.backups import check_database

    health = check_database(_database_path(args))
    newest = health.newest_backup.name if health.newest_backup else "none"
    sys.stdout.write(
        f"ok: {health.path} passes the integrity check (schema {health.revision}, "
        f"{health.claims} claims, {health.reviews} reviews, {health.size_bytes:,} bytes; "
        f"newest backup: {newest})\n"
    )
    return 0


def restore_command(args: argparse.Namespace) -> int:
    """Restore a backup; report where the previous database was kept."""
    # deferred: start-up time (each command loads only what it runs)
    from models.storage.backups import restore_backup

    result = restore_backup(_database_path(args), args.backup)
    sys.stdout.write(f"restored {result.restored_from}\n")
    if result.previous_kept_as is not None:
        kind = "damaged database copied" if result.previous_was_damaged else "previous database"
        sys.stdout.write(f"{kind} kept as {result.previous_kept_as}\n")
    return 0

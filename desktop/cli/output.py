"""Small helpers the command groups share: opening the database and printing."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from models.storage.database import Database

_OPENED: list[Database] = []  # databases this run opened; ``close_databases`` releases them


def open_db(args: argparse.Namespace) -> Database:
    """Open the database the arguments name: the data directory's, or ``--database``'s."""
    # deferred: start-up time (each command loads only what it runs)
    from models.bootstrap import open_database

    database = open_database(args.data_dir, database_url=getattr(args, "database", None))
    _OPENED.append(database)
    return database


def close_databases() -> None:
    """Close every database ``open_db`` opened (connections released, WAL checkpointed)."""
    while _OPENED:
        _OPENED.pop().close()


def print_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout (UTF-8, not ASCII-escaped)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def print_table(rows: Sequence[tuple[str, ...]], headers: tuple[str, ...]) -> None:
    """Print rows as aligned columns; the last column is not padded."""
    widths = [len(header) for header in headers]
    for row in rows:
        for index, cell in enumerate(row[:-1]):
            widths[index] = max(widths[index], len(cell))
    lines = []
    for row in (headers, *rows):
        cells = [cell.ljust(widths[index]) for index, cell in enumerate(row[:-1])]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    sys.stdout.write("\n".join(lines) + "\n")


def record_id(text: str) -> int:
    """argparse type for a database id (a review number): a whole number SQLite can hold.

    A bigger number would overflow SQLite's 64-bit integer with a traceback; it can name no
    record, so it is refused as bad input.
    """
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 < value < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not an id (ids are positive numbers)")
    return value

"""Reliability costs: a review change with synchronous=FULL, and db backup/check/restore time."""

import sqlite3
import tempfile
from pathlib import Path

from bench.timing import median_seconds


def _raw_commit_seconds(path: Path, synchronous: str) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(f"PRAGMA synchronous={synchronous}")
    connection.execute("CREATE TABLE IF NOT EXISTS bench (value TEXT)")

    def commit() -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO bench VALUES ('x')")
        connection.execute("COMMIT")

    seconds = median_seconds(commit, repeat=50)
    connection.close()
    return seconds


def main() -> None:
    """Print the figures."""
    from models.bootstrap import open_database
    from models.storage.backups import backup_now, check_database, restore_backup
    from questionnaires.reviews import edit_answer, load_review
    from tests.review_factory import make_review

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        database = open_database(folder / "data")
        review_id = make_review(
            database, [{"question": f"Question {n}?", "text": "proposed"} for n in range(300)]
        )
        answers = [answer.id for answer in load_review(database, review_id).answers]
        counter = iter(range(10**6))
        change = median_seconds(
            lambda: edit_answer(database, answers[0], "bench", text=f"edit {next(counter)}"),
            repeat=40,
        )
        database.close()
        full = _raw_commit_seconds(folder / "raw-full.sqlite3", "FULL")
        normal = _raw_commit_seconds(folder / "raw-normal.sqlite3", "NORMAL")
        print(
            f"review change (edit, committed, audit event) with synchronous=FULL: "
            f"median {change * 1000:.1f} ms; bare WAL commit FULL {full * 1000:.2f} ms vs "
            f"NORMAL {normal * 1000:.2f} ms"
        )
        path = folder / "data" / "ddq.sqlite3"
        size = path.stat().st_size / 1048576
        backup = median_seconds(lambda: backup_now(path).unlink(), repeat=5)
        check = median_seconds(lambda: check_database(path), repeat=5)
        copy = backup_now(path)
        restore = median_seconds(lambda: restore_backup(path, copy), repeat=3)
        print(
            f"database of {size:.1f} MB (seed + 300-answer review): backup {backup * 1000:.0f} ms, "
            f"full integrity check {check * 1000:.0f} ms, restore {restore * 1000:.0f} ms"
        )

"""Team mode: the same work on a local PostgreSQL server beside SQLite.

kb search over 10,000 synthetic claims (goal <= 20 ms on PostgreSQL), a review change
committed with its audit event (goal <= 10 ms) and auto-fill of 1,000 free-text questions
(goal: within 1.5x of SQLite), and checkout and check-in of a 300-answer review with every
answer changed offline (goal <= 2 s each; median of three rounds). The server is a throw-away
cluster started on 127.0.0.1 (``tests/helpers/pg_server.py``) with PostgreSQL's own
durability settings, as a team's server has them; connections go over TCP, as they would to a
server in the same building. Without PostgreSQL's binaries this prints one line and skips.
"""

import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_autofill import _questions
from bench.bench_kb import QUERIES, synthetic_database
from bench.timing import median_seconds


def _search_ms(database) -> tuple[float, list[float]]:
    from models.kb.claims import search_claims

    per_query = sorted(
        median_seconds(lambda q=q: search_claims(database, q), repeat=15) * 1000 for q in QUERIES
    )
    return per_query[len(per_query) // 2], per_query


def _autofill_ms(database) -> float:
    from questionnaires.autofill import autofill

    questions = _questions()
    autofill(database, "openai-api", questions)  # first run: caches, connections
    return median_seconds(lambda: autofill(database, "openai-api", questions), repeat=5) * 1000


def _change_ms(database) -> float:
    from questionnaires.reviews import edit_answer, load_review
    from tests.review_factory import make_review

    review_id = make_review(
        database, [{"question": f"Question {n}?", "text": "proposed"} for n in range(300)]
    )
    first = load_review(database, review_id).answers[0].id
    counter = iter(range(10**6))
    return (
        median_seconds(
            lambda: edit_answer(database, first, "bench", text=f"edit {next(counter)}"), repeat=40
        )
        * 1000
    )


def _checkout_checkin_s(team, local_dir: Path) -> tuple[float, float]:
    """Median seconds of checkout and of check-in of a 300-answer review, all answers changed."""
    from sqlalchemy import update

    from models.bootstrap import open_local_database
    from models.offline.checkin import checkin_review
    from models.offline.checkout import checkout_review
    from models.storage.tables import Answer
    from tests.review_factory import make_review

    review_id = make_review(
        team, [{"question": f"Question {n}?", "text": "proposed"} for n in range(300)]
    )
    local = open_local_database(local_dir)
    checkouts, checkins = [], []
    try:
        for round_number in range(3):
            started = time.perf_counter()
            copy = checkout_review(team, local, review_id, "bench")
            checkouts.append(time.perf_counter() - started)
            with local.write("bench") as unit:  # every answer changed offline
                unit.session.execute(
                    update(Answer)
                    .where(Answer.review_id == copy.local_review_id)  # type: ignore[arg-type]
                    .values(text=f"offline {round_number}", version=Answer.version + 1)
                )
            started = time.perf_counter()
            done = checkin_review(team, local, review_id, "bench")
            checkins.append(time.perf_counter() - started)
            assert done.clean and done.landed == 300, done
    finally:
        local.close()
    return statistics.median(checkouts), statistics.median(checkins)


def main() -> None:
    """Print search and auto-fill figures on PostgreSQL and SQLite (or skip without binaries)."""
    from tests.helpers.pg_server import find_binaries, start_server

    binaries = find_binaries()
    if binaries is None:
        print(
            "team mode (PostgreSQL): skipped: no PostgreSQL binaries (initdb, pg_ctl); "
            "install the Debian package postgresql"
        )
        return
    from models.bootstrap import open_database

    server = start_server(binaries, durable=True)
    try:
        with tempfile.TemporaryDirectory() as temporary:
            folder = Path(temporary)
            sqlite = synthetic_database(folder / "sqlite")
            postgres = synthetic_database(folder / "pg", database_url=server.create_database())
            (sqlite_ms, _), (pg_ms, pg_all) = _search_ms(sqlite), _search_ms(postgres)
            sqlite.close()
            postgres.close()
            print(
                f"kb search over 10,000 synthetic claims on PostgreSQL: median {pg_ms:.1f} ms "
                f"(queries: {', '.join(f'{t:.1f}' for t in pg_all)} ms; goal <= 20 ms); "
                f"SQLite {sqlite_ms:.1f} ms"
            )

            sqlite = open_database(folder / "sqlite-seeded")
            postgres = open_database(folder / "pg-seeded", database_url=server.create_database())
            sqlite_fill, pg_fill = _autofill_ms(sqlite), _autofill_ms(postgres)
            sqlite_change, pg_change = _change_ms(sqlite), _change_ms(postgres)
            checkout_s, checkin_s = _checkout_checkin_s(postgres, folder / "offline")
            sqlite.close()
            postgres.close()
            print(
                f"auto-fill of 1,000 free-text questions on PostgreSQL: {pg_fill:.0f} ms median; "
                f"SQLite {sqlite_fill:.0f} ms; ratio {pg_fill / sqlite_fill:.2f} (goal <= 1.5)"
            )
            print(
                f"review change (edit, committed, audit event) on PostgreSQL: median "
                f"{pg_change:.1f} ms (goal <= 10 ms); SQLite (synchronous=FULL) "
                f"{sqlite_change:.1f} ms"
            )
            print(
                f"offline checkout of a 300-answer review from PostgreSQL: {checkout_s:.2f} s; "
                f"check-in of all 300 answers changed: {checkin_s:.2f} s (goal <= 2 s each)"
            )
    finally:
        server.stop()

"""Knowledge base: FTS search over 10,000 synthetic claims, and `ddq kb list` start-up cost."""

import os
import random
import tempfile
from pathlib import Path

from bench.timing import PYTHON, median_seconds, process_seconds

WORDS = (
    "encryption retention residency audit access control training breach notification "
    "processor subprocessor backup continuity incident logging monitoring vulnerability "
    "penetration certificate policy contract region latency availability privacy consent"
).split()


def synthetic_database(directory: Path, count: int = 10_000, database_url: str | None = None):
    """Return a database (SQLite in ``directory``, or ``database_url``'s) with ``count`` claims."""
    from models.bootstrap import open_database
    from models.storage.tables import Claim, Vendor

    database = open_database(directory, database_url=database_url)
    rng = random.Random(7)
    with database.write("bench") as unit:
        vendor = Vendor(slug="synthetic", name="Synthetic vendor")
        unit.session.add(vendor)
        unit.session.flush()
        for number in range(count):
            words = rng.sample(WORDS, 12)
            unit.session.add(
                Claim(
                    vendor_id=vendor.id,
                    key=f"synthetic-{number}",
                    title=" ".join(words[:4]),
                    statement=" ".join(words) + f" number {number}",
                    status=rng.choice(["yes", "yes-gated", "no", "unclear"]),
                    conditions={"scope": words[4:6]},
                    keywords=words[6:9],
                )
            )
    return database


QUERIES = ["encryption", "retention policy", "penetr", "audit access control", "breach"]


def main() -> None:
    """Print median search time and the kb-list/import-sqlmodel process time ratio."""
    from models.kb.claims import search_claims

    with tempfile.TemporaryDirectory() as temporary:
        database = synthetic_database(Path(temporary))
        queries = QUERIES
        per_query = [
            median_seconds(lambda q=q: search_claims(database, q), repeat=15) for q in queries
        ]
        per_query.sort()
        print(
            f"kb search over 10,000 synthetic claims: "
            f"median {per_query[len(per_query) // 2] * 1000:.1f} ms "
            f"(queries: {', '.join(f'{t * 1000:.1f}' for t in per_query)} ms; goal <= 5 ms)"
        )
        database.close()

    with tempfile.TemporaryDirectory() as temporary:
        env = {**os.environ, "DDQ_DATA_DIR": temporary}
        process_seconds([PYTHON, "-m", "desktop.cli", "kb", "list"], repeat=1, env=env)  # seed once
        listing = process_seconds([PYTHON, "-m", "desktop.cli", "kb", "list"], env=env)
        floor = process_seconds([PYTHON, "-c", "import sqlmodel"], env=env)
        print(
            f"ddq kb list: {listing * 1000:.0f} ms; "
            f"python -c 'import sqlmodel': {floor * 1000:.0f} ms; "
            f"ratio {listing / floor:.2f} (goal <= 1.3)"
        )

"""A reviewer in another process: edits one answer and one claim over and over, each change
based on the version it just read, and redoes a refused change on top of the newer version.

Run with multiprocessing's ``spawn`` start method (a fresh interpreter, like a second laptop
or a second ``ddq``), so nothing is shared with the test process but the database: the data directory's SQLite file,
or the PostgreSQL database a URL names.
"""

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models.errors import ConflictError
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim
from models.storage.database import Database
from models.storage.postgres import PostgresDatabase
from questionnaires.review_records import find_stored_answer
from questionnaires.reviews import edit_answer

# Between reading a row and writing it a person looks at it; without a pause SQLite's lock
# goes to whichever process just released it, and one reviewer finishes before the other
# starts.
THINK_SECONDS = 0.004


@dataclass
class RaceOutcome:
    """What one racing reviewer did: for each change that landed, the value it read before
    and the value it wrote; and how often a change was refused."""

    name: str
    answer_texts: list[tuple[str, str]] = field(default_factory=list)
    statements: list[tuple[str, str]] = field(default_factory=list)
    refused: int = 0


def race(
    data_dir: str,
    database_url: str | None,
    name: str,
    review_id: int,
    answer_id: int,
    claim_key: str,
    rounds: int,
    start_at: float,
) -> RaceOutcome:
    """Make ``rounds`` answer edits and ``rounds`` claim edits as reviewer ``name``, starting
    at the wall-clock time ``start_at`` (so that both processes, their imports done, race).
    ``database_url`` names a PostgreSQL database to race on instead of ``data_dir``'s file."""
    database = (
        Database.at(Path(data_dir))
        if database_url is None
        else PostgresDatabase(Path(data_dir), database_url)
    )
    outcome = RaceOutcome(name)
    find_stored_answer(database, review_id, answer_id)  # everything imported before the start
    time.sleep(max(0.0, start_at - time.time()))
    try:
        for round_number in range(rounds):
            text = f"{name} answer {round_number}"
            while True:  # read, change from what was read; refused: read again, redo on top
                seen = find_stored_answer(database, review_id, answer_id)
                time.sleep(THINK_SECONDS)
                try:
                    edit_answer(database, answer_id, name, text=text, base_version=seen.version)
                except ConflictError:
                    outcome.refused += 1
                    continue
                outcome.answer_texts.append((seen.text, text))
                break
            statement = f"{name} statement {round_number}"
            while True:
                claim = get_claim(database, claim_key)
                time.sleep(THINK_SECONDS)
                try:
                    edit_claim(
                        database, claim.id, name, base_version=claim.version, statement=statement
                    )
                except ConflictError:
                    outcome.refused += 1
                    continue
                outcome.statements.append((claim.statement, statement))
                break
    finally:
        database.close()
    return outcome


def edit_while_checked_out(
    data_dir: str, database_url: str, answer_id: int, ready: Any, stop: Any, results: Any
) -> None:
    """Edit one answer on the team database over and over while another process checks its
    review out: ``ready`` is set once a first edit landed, editing ends when ``stop`` is set,
    and ``results`` (a queue) then gets the texts that landed, in order, and how many edits
    the checkout refused."""
    # deferred: this helper alone needs the message (the race above never sees a checkout)
    from models.errors import UserError

    database = PostgresDatabase(Path(data_dir), database_url)
    landed: list[str] = []
    refused = 0
    try:
        edit_answer(database, answer_id, "erin", text="erin warm-up")  # imports, connection
        landed.append("erin warm-up")
        ready.set()
        number = 0
        while not stop.is_set():
            number += 1
            try:
                edit_answer(database, answer_id, "erin", text=f"erin {number}")
            except UserError as error:
                assert "checked out for offline work" in str(error), error
                refused += 1
            else:
                landed.append(f"erin {number}")
            time.sleep(THINK_SECONDS)
    finally:
        database.close()
        results.put((landed, refused))

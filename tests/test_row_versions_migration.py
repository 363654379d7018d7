"""Migration 0007 (row versions) up and down on an existing database with data: nothing is
lost either way, the full-text index keeps following the claims, and each way the file has
exactly the schema ``ddq db check`` expects for its revision."""

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from sqlalchemy.pool import QueuePool

from models.bootstrap import open_database
from models.kb.annotations import add_annotation
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim, search_claims
from models.storage.datadir import DATABASE_NAME
from models.storage.schema import MIGRATIONS_DIR, current_revision, upgrade_schema
from models.storage.schema_shape import shape_problem
from models.storage.sqlite_files import connect_read_write
from questionnaires.review_records import load_review
from questionnaires.reviews import edit_answer
from tests.review_factory import make_review

VERSIONED = ("vendor", "claim", "evidence", "annotation", "review", "answer")


def _downgrade(path: Path, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = create_engine(
        "sqlite://", creator=lambda: connect_read_write(path), poolclass=QueuePool
    )
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, target)
    finally:
        engine.dispose()


def _rows(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(path)
    try:
        return {
            "claim": connection.execute(
                "SELECT id, key, title, statement, status, updated_by FROM claim ORDER BY id"
            ).fetchall(),
            "annotation": connection.execute(
                "SELECT id, claim_id, author, note FROM annotation ORDER BY id"
            ).fetchall(),
            "answer": connection.execute(
                "SELECT id, qid, verdict, text, state, reviewer FROM answer ORDER BY id"
            ).fetchall(),
            "auditevent": connection.execute(
                "SELECT id, actor, action, entity_key FROM auditevent ORDER BY id"
            ).fetchall(),
        }
    finally:
        connection.close()


def test_row_versions_migrate_down_and_up_keeping_every_row(data_dir: Path) -> None:
    database = open_database(data_dir)
    make_review(database, [{"question": "Is data encrypted at rest?"}])
    claim = get_claim(database, "zdr")
    edit_claim(database, claim.id, "alice", statement="Zero retention: quokka endpoints only.")
    add_annotation(database, claim.id, "alice", "Ask for the endpoint list.")
    answer = load_review(database, 1).answers[0]
    edit_answer(database, answer.id, "bob", verdict="yes", text="AES-256.")
    database.close()
    path = data_dir / DATABASE_NAME
    before = _rows(path)

    _downgrade(path, "0006")
    assert current_revision(path) == "0006"
    connection = sqlite3.connect(path)
    try:
        assert shape_problem(connection, "0006") is None
        # The claim table was altered in place: its FTS triggers still follow it.
        connection.execute(
            "UPDATE claim SET statement = 'Wombat retention.' WHERE id = ?", (claim.id,)
        )
        connection.commit()
        found = connection.execute(
            "SELECT rowid FROM claim_fts WHERE claim_fts MATCH 'wombat'"
        ).fetchall()
        assert found == [(claim.id,)]
        connection.execute(
            "UPDATE claim SET statement = 'Zero retention: quokka endpoints only.' WHERE id = ?",
            (claim.id,),
        )
        connection.commit()
    finally:
        connection.close()
    assert _rows(path) == before

    # An existing 0006 database with data, as users have them (0008 beyond is tested on its own).
    backup = upgrade_schema(path, target="0007")
    assert backup is not None and backup.exists()
    assert current_revision(path) == "0007"
    assert _rows(path) == before
    connection = sqlite3.connect(path)
    try:
        assert shape_problem(connection, "0007") is None
        for table in VERSIONED:
            versions = {row[0] for row in connection.execute(f"SELECT version FROM {table}")}
            assert versions == {1}, table
        assert {row[0] for row in connection.execute("SELECT database_role FROM auditevent")} == {
            None
        }
    finally:
        connection.close()

    database = open_database(data_dir)
    try:
        assert [c.key for c in search_claims(database, "quokka")] == ["zdr"]
        edit_claim(database, claim.id, "carol", base_version=1, title="ZDR (checked)")
        assert get_claim(database, "zdr").version == 2
    finally:
        database.close()

"""Learned phrasings stored against a real SQLite file: add, replace, list, delete, the audit
trail, refusals that write nothing, and the migration that adds the table."""

import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from models.bootstrap import open_database
from models.errors import UserError
from models.kb.phrasings import add_phrasing, delete_phrasing, list_phrasings
from models.storage.datadir import DATABASE_NAME
from models.storage.schema import HEAD_REVISION, current_revision, upgrade_schema
from models.storage.tables import AuditEvent

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

QUESTION = "Do you   offer a Business Associate Agreement?"


def _phrasing_events(database) -> list[tuple[str, str, dict]]:
    with database.session() as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.entity == "phrasing").order_by(AuditEvent.id)
        ).all()
        return [(row.action, row.actor, row.detail) for row in rows]


def test_add_then_list_keeps_text_keys_author_and_time(database) -> None:
    add_phrasing(database, "openai-api", QUESTION, ["hipaa-baa", "zdr", "hipaa-baa"], "Alice")
    [stored] = list_phrasings(database, "openai-api")
    assert stored.text == "Do you offer a Business Associate Agreement?"
    assert stored.claim_keys == ("hipaa-baa", "zdr")
    assert stored.author == "Alice"
    assert stored.created_at.tzinfo is not None
    assert list_phrasings(database, "no-such-vendor") == []
    [(action, actor, detail)] = _phrasing_events(database)
    assert (action, actor) == ("phrasing.add", "Alice")
    assert detail["claims"] == ["hipaa-baa", "zdr"] and detail["before"] is None


def test_re_citing_the_same_text_replaces_its_claims(database) -> None:
    add_phrasing(database, "openai-api", QUESTION, ["hipaa-baa"], "Alice")
    add_phrasing(database, "openai-api", " " + QUESTION + " ", ["zdr"], "Bob")
    [stored] = list_phrasings(database, "openai-api")
    assert stored.claim_keys == ("zdr",) and stored.author == "Bob"
    actions = [(action, detail["before"]) for action, _actor, detail in _phrasing_events(database)]
    assert actions == [("phrasing.add", None), ("phrasing.replace", ["hipaa-baa"])]


def test_unknown_claim_or_vendor_is_refused_and_nothing_is_written(database) -> None:
    with pytest.raises(UserError, match="unknown claim 'no-such-claim'") as raised:
        add_phrasing(database, "openai-api", QUESTION, ["hipaa-baa", "no-such-claim"], "Alice")
    assert "\n" not in str(raised.value)
    with pytest.raises(UserError, match="unknown vendor 'acme'"):
        add_phrasing(database, "acme", QUESTION, ["hipaa-baa"], "Alice")
    with pytest.raises(UserError, match="at least one claim"):
        add_phrasing(database, "openai-api", QUESTION, [" "], "Alice")
    with pytest.raises(UserError, match="question's text"):
        add_phrasing(database, "openai-api", "   ", ["hipaa-baa"], "Alice")
    assert list_phrasings(database, "openai-api") == []
    assert _phrasing_events(database) == []


def test_delete_forgets_one_phrasing(database) -> None:
    add_phrasing(database, "openai-api", QUESTION, ["hipaa-baa"], "Alice")
    add_phrasing(database, "openai-api", "Is there a BAA?", ["hipaa-baa"], "Alice")
    assert delete_phrasing(database, "openai-api", QUESTION) is True
    assert delete_phrasing(database, "openai-api", QUESTION) is False
    assert [item.text for item in list_phrasings(database, "openai-api")] == ["Is there a BAA?"]
    assert _phrasing_events(database)[-1][0] == "phrasing.delete"


def test_phrasings_survive_reopening(data_dir: Path) -> None:
    database = open_database(data_dir)
    add_phrasing(database, "openai-api", QUESTION, ["hipaa-baa"], "Alice")
    database.close()
    reopened = open_database(data_dir)
    assert [item.claim_keys for item in list_phrasings(reopened, "openai-api")] == [("hipaa-baa",)]
    reopened.close()


@pytest.mark.sqlite_only
def test_a_database_at_the_previous_revision_upgrades_with_a_backup(data_dir: Path) -> None:
    path = data_dir / DATABASE_NAME
    database = open_database(data_dir)
    database.close()
    connection = sqlite3.connect(path)
    connection.execute("DROP TABLE phrasing")  # back to what revision 0003 created
    for column in ("origin", "received_at", "file_name"):  # added by 0005
        connection.execute(f"ALTER TABLE evidence DROP COLUMN {column}")
    connection.execute("DROP INDEX ix_claim_superseded_by_id")  # added by 0006
    for table in ("vendor", "claim", "evidence", "annotation", "review", "answer"):  # 0007
        connection.execute(f"ALTER TABLE {table} DROP COLUMN version")
    connection.execute("ALTER TABLE auditevent DROP COLUMN database_role")
    connection.execute("DROP TABLE reviewcheckout")  # 0008
    connection.execute("UPDATE alembic_version SET version_num = '0003'")
    connection.commit()
    claims_before = connection.execute("SELECT COUNT(*) FROM claim").fetchone()[0]
    connection.close()

    backup = upgrade_schema(path)
    assert current_revision(path) == HEAD_REVISION
    assert backup is not None and backup.name.endswith("-pre-migration.sqlite3")
    kept = sqlite3.connect(backup)
    assert kept.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
    kept.close()
    upgraded = open_database(data_dir)
    with upgraded.read() as reader:
        assert reader.execute("SELECT COUNT(*) FROM claim").fetchone()[0] == claims_before
    add_phrasing(upgraded, "openai-api", QUESTION, ["hipaa-baa"], "Alice")
    assert len(list_phrasings(upgraded, "openai-api")) == 1
    upgraded.close()


def test_migrating_a_fresh_file_step_by_step_reaches_the_phrasing_table(data_dir: Path) -> None:
    path = data_dir / DATABASE_NAME
    upgrade_schema(path, "0002")
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO vendor (slug, name, product, summary) VALUES ('acme', 'Acme', 'Widget', '')"
    )
    connection.commit()
    connection.close()
    upgrade_schema(path)
    connection = sqlite3.connect(path)
    columns = [row[1] for row in connection.execute("PRAGMA table_info(phrasing)")]
    foreign = connection.execute("PRAGMA foreign_key_list(phrasing)").fetchall()
    connection.close()
    assert columns == ["id", "vendor_slug", "claim_keys", "text", "author", "created_at"]
    assert [(row[2], row[3], row[4]) for row in foreign] == [("vendor", "vendor_slug", "slug")]

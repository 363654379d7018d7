"""Migrations, backups, the data-dir override and the unit of work."""

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import select

from models.bootstrap import open_database
from models.errors import DatabaseError
from models.storage.datadir import DATABASE_NAME, resolve_data_dir
from models.storage.schema import HEAD_REVISION, MIGRATIONS_DIR, current_revision, upgrade_schema
from models.storage.tables import AuditEvent, Claim, SQLModel


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_migrated_schema_matches_the_models(data_dir: Path) -> None:
    path = data_dir / DATABASE_NAME
    upgrade_schema(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": lambda obj, name, *_: not name.startswith("claim_fts")},
        )
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_migration_from_the_first_revision_keeps_data_and_backs_up(data_dir: Path) -> None:
    path = data_dir / DATABASE_NAME
    upgrade_schema(path, "0001")
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO vendor (slug, name, product, summary) VALUES ('acme', 'Acme', 'Widget', '')"
    )
    connection.commit()
    connection.close()
    database = open_database(data_dir)
    assert current_revision(path) == HEAD_REVISION
    backups = list(data_dir.glob("ddq-backup-*-pre-migration.sqlite3"))
    assert len(backups) == 1
    kept = sqlite3.connect(backups[0]).execute("SELECT slug FROM vendor").fetchall()
    assert kept == [("acme",)]
    with database.session() as session:
        assert session.exec(select(Claim)).first() is not None
    database.close()


def test_newer_schema_is_refused(data_dir: Path) -> None:
    database = open_database(data_dir)
    database.close()
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    with pytest.raises(DatabaseError, match="newer DDQ Desk"):
        open_database(data_dir)


def test_a_file_that_is_not_sqlite_is_reported_not_overwritten(data_dir: Path) -> None:
    path = data_dir / DATABASE_NAME
    path.write_bytes(b"this is a spreadsheet, not a database" * 100)
    with pytest.raises(DatabaseError, match="not a DDQ Desk database"):
        open_database(data_dir)
    assert path.read_bytes().startswith(b"this is a spreadsheet")


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DDQ_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir() == tmp_path / "from-env"
    assert resolve_data_dir(tmp_path / "explicit") == tmp_path / "explicit"
    monkeypatch.delenv("DDQ_DATA_DIR")
    assert resolve_data_dir().name == "ddq-desk"


def test_wal_mode_and_foreign_keys_are_on(database) -> None:
    with database.session() as session:
        connection = session.connection()
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_unit_of_work_commits_change_and_audit_together_or_neither(database) -> None:
    with pytest.raises(RuntimeError), database.write("bob") as unit:
        claim = unit.session.exec(select(Claim).where(Claim.key == "mfa")).one()
        claim.title = "changed"
        unit.session.add(claim)
        unit.record("claim.edit", "claim", "mfa", {"title": "changed"})
        raise RuntimeError("power cut")
    with database.session() as session:
        assert session.exec(select(Claim).where(Claim.key == "mfa")).one().title != "changed"
        assert session.exec(select(AuditEvent).where(AuditEvent.actor == "bob")).all() == []
    with database.write("bob") as unit:
        claim = unit.session.exec(select(Claim).where(Claim.key == "mfa")).one()
        claim.title = "changed"
        unit.session.add(claim)
        unit.record("claim.edit", "claim", "mfa", {"title": "changed"})
    with database.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.actor == "bob")).all()
        assert [event.action for event in events] == ["claim.edit"]

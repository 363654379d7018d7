"""Migration 0008 (offline checkout marks) down and up on both backends: SQLite gets the table
only and keeps exactly the schema ``ddq db check`` expects each way; PostgreSQL also gets and
loses the trigger that makes a checked-out review read-only."""

import sqlite3
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import QueuePool

from models.bootstrap import open_database
from models.storage.datadir import DATABASE_NAME
from models.storage.postgres import PostgresDatabase
from models.storage.postgres_schema import current_pg_revision, upgrade_pg_schema
from models.storage.schema import MIGRATIONS_DIR, current_revision, upgrade_schema
from models.storage.schema_shape import shape_problem
from models.storage.sqlite_files import connect_read_write
from models.storage.team_roles import team_init


def _downgrade(engine: Engine, target: str) -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)


def _shape(path: Path, revision: str) -> str | None:
    connection = sqlite3.connect(path)
    try:
        return shape_problem(connection, revision)
    finally:
        connection.close()


def test_0008_goes_down_and_up_on_sqlite(data_dir: Path) -> None:
    open_database(data_dir).close()
    path = data_dir / DATABASE_NAME
    assert (current_revision(path), _shape(path, "0008")) == ("0008", None)
    engine = create_engine(
        "sqlite://", creator=lambda: connect_read_write(path), poolclass=QueuePool
    )
    try:
        _downgrade(engine, "0007")
    finally:
        engine.dispose()
    assert (current_revision(path), _shape(path, "0007")) == ("0007", None)
    upgrade_schema(path)
    assert (current_revision(path), _shape(path, "0008")) == ("0008", None)


def _guard(url: str) -> tuple[object, int]:
    with psycopg.connect(url) as connection:
        table = connection.execute("SELECT to_regclass('reviewcheckout')").fetchone()[0]
        triggers = connection.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgname IN ('review_checked_out', "
            "'answer_checked_out')"
        ).fetchone()[0]
    return table, triggers


def test_0008_goes_down_and_up_on_postgresql(data_dir: Path, postgres_url: str) -> None:
    assert _guard(postgres_url) == ("reviewcheckout", 2)
    database = PostgresDatabase(data_dir, postgres_url)
    try:
        team_init(database)  # a team database: its tables owned by ddq_owner, as upgrades find it
        _downgrade(database._engine(""), "0007")
        assert current_pg_revision(database) == "0007"
        assert _guard(postgres_url) == (None, 0)
        upgrade_pg_schema(database)  # as ddq_owner, a member of it
        assert current_pg_revision(database) == "0008"
    finally:
        database.close()
    assert _guard(postgres_url) == ("reviewcheckout", 2)
    with psycopg.connect(postgres_url) as connection:
        owner = connection.execute(
            "SELECT tableowner FROM pg_tables WHERE tablename = 'reviewcheckout'"
        ).fetchone()
    assert owner == ("ddq_owner",)

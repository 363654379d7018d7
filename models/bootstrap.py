"""Opening a database for use: open → back up → migrate → seed, in that order.

``models.storage`` knows how to check, back up and migrate a file and nothing of what is in
it; ``models.kb.seed`` knows what the bundled resources put there. This is the one place
that joins them, so nothing below imports the seed, and the one place that picks the backend:
the SQLite file of the data directory, or a team database on PostgreSQL when a URL is in force
(``models.storage.database_url``).
"""

from pathlib import Path

from models.kb.seed import seed_if_needed
from models.storage.database import Database, make_data_dir
from models.storage.database_url import resolve_database_url
from models.storage.schema import upgrade_schema


def open_database(
    data_dir: str | Path | None = None,
    *,
    seed: bool = True,
    migrate: bool = True,
    database_url: str | None = None,
) -> Database:
    """Open (creating, migrating and seeding as needed) the database in ``data_dir``.

    Args:
        data_dir: An explicit data directory; None resolves ``DDQ_DATA_DIR`` or the default.
        seed: Seed the bundled knowledge base and templates when they were never seeded.
        migrate: Apply pending migrations (an existing file is backed up first). Only tests
            turn this off.
        database_url: ``--database``: a team database on PostgreSQL instead of the SQLite
            file (``DDQ_DATABASE_URL`` and Settings can name one too).

    Returns:
        The open database.

    Raises:
        DatabaseError: The file is not a healthy DDQ Desk database, or the server cannot be
            used.
        UserError: The PostgreSQL URL in force is refused (e.g. it carries a password).
    """
    directory = make_data_dir(data_dir)
    url = resolve_database_url(database_url, directory)
    database = Database.at(directory) if url is None else _team_database(directory, url)
    return _prepared(database, seed=seed, migrate=migrate)


def open_local_database(data_dir: str | Path | None = None) -> Database:
    """Open the SQLite file of ``data_dir`` even when a team database is in force.

    Offline checkout (``models.offline``) copies a team review into it, whatever
    ``DDQ_DATABASE_URL`` or Settings name.

    Raises:
        DatabaseError: The file is not a healthy DDQ Desk database.
    """
    return _prepared(Database.at(make_data_dir(data_dir)), seed=True, migrate=True)


def _prepared(database: Database, *, seed: bool, migrate: bool) -> Database:
    try:
        with database.setting_up():
            if migrate:
                _upgrade(database)
            if seed:
                seed_if_needed(database)
    except BaseException:
        database.close()
        raise
    return database


def _team_database(data_dir: Path, url: str) -> Database:
    # deferred: start-up time (psycopg and libpq load only for a team database)
    from models.storage.postgres import PostgresDatabase

    return PostgresDatabase(data_dir, url)


def _upgrade(database: Database) -> None:
    if database.backend == "sqlite":
        upgrade_schema(database.path)  # writes the pre-migration backup before any change
        return
    # deferred: start-up time (Alembic and psycopg load only for a team database)
    from models.storage.postgres import PostgresDatabase
    from models.storage.postgres_schema import upgrade_pg_schema

    assert isinstance(database, PostgresDatabase)
    upgrade_pg_schema(database)

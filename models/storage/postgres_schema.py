"""Bringing a team database on PostgreSQL up to date with the same Alembic migrations as SQLite.

No file backup is written before migrating (there is no file): a team backs its server up with
``pg_dump`` (README, Team mode), and each migration runs in one transaction, which PostgreSQL
rolls back whole if any step fails.
"""

from models.errors import DatabaseError
from models.storage.postgres import PostgresDatabase, connect, translate_error
from models.storage.schema import HEAD_REVISION, KNOWN_REVISIONS, MIGRATIONS_DIR


def current_pg_revision(database: PostgresDatabase) -> str | None:
    """Return the Alembic revision stamped in the team database, or None for an empty one."""
    connection = connect(database.url, database.lock_timeout)
    try:
        row = connection.execute("SELECT to_regclass('alembic_version')").fetchone()
        if row is None or row[0] is None:
            return None
        stamped = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        return str(stamped[0]) if stamped else None
    finally:
        connection.close()


def upgrade_pg_schema(database: PostgresDatabase, target: str = "head") -> None:
    """Apply the Alembic migrations up to ``target`` to the team database.

    Raises:
        DatabaseError: The database carries a revision this version of DDQ Desk does not
            know, or the server refused the migration (nothing of it was applied).
    """
    revision = current_pg_revision(database)
    if revision is not None and revision not in KNOWN_REVISIONS:
        raise DatabaseError(
            f"{database.describe()} was written by a newer DDQ Desk (schema {revision}); "
            "upgrade the app"
        )
    if revision == (HEAD_REVISION if target == "head" else target):
        return

    from alembic import command
    from alembic.config import Config
    from sqlalchemy.exc import DBAPIError

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    engine = database._engine("")
    try:
        with engine.begin() as connection:
            # A member of the team's owner role migrates as that role, so the tables it
            # creates belong to the owner (models.storage.team_roles), not to one person;
            # only where ``ddq team init`` made it the owner here and it may create tables
            # (roles are the whole server's: ddq_owner may exist for another database).
            connection.exec_driver_sql(
                "DO $$ BEGIN IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'ddq_owner') AND "
                "pg_has_role(current_user, 'ddq_owner', 'MEMBER') AND "
                "has_schema_privilege('ddq_owner', 'public', 'CREATE') AND "
                "EXISTS (SELECT FROM pg_tables WHERE schemaname = 'public' AND "
                "tablename = 'alembic_version' AND tableowner = 'ddq_owner') THEN "
                "SET LOCAL ROLE ddq_owner; END IF; END $$"
            )
            config.attributes["connection"] = connection
            command.upgrade(config, target)
    except DBAPIError as error:
        refused = translate_error(error, database.url, database.lock_timeout)
        if refused is not None:
            raise refused from None
        raise

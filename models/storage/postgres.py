"""A team's database on a PostgreSQL server, behind the same ``Database`` interface as SQLite.

Connections go through psycopg 3 (libpq) with the URL exactly as the user gave it, so
``PGPASSFILE``, service files and every ``sslmode`` work as libpq documents them. The ORM
uses SQLAlchemy's ``postgresql+psycopg`` dialect on those connections; the plain read path
(``Database.read``) gets a psycopg connection dressed as the ``sqlite3`` one the read queries
are written for: ``?`` placeholders, rows readable by position and by name, and dates, times
and JSON handed over as the same text SQLite stores. The read queries are plain, portable SQL,
so one text serves both backends.

Every connection works in UTC (``timestamp`` columns hold UTC, as on SQLite) and waits at most
the lock timeout for a row another person is writing; a lock that never came is the same
one-line "database is busy" as on SQLite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.adapt import Buffer, Loader
from psycopg.types.string import TextLoader

from models.errors import DatabaseError, UserError
from models.storage.database import Database
from models.storage.database_url import shown_url
from models.storage.locking import busy_error
from models.storage.reading import ReadConnection

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Types the read path receives as SQLite's text, so callers parse one form.
_AS_TEXT = ("json", "jsonb", "date", "timestamp", "timestamptz")
CONNECT_TIMEOUT_SECONDS = 10  # unless the URL sets libpq's connect_timeout
# One number for "DDQ Desk sets up this database": migrating and seeding hold it.
SETUP_LOCK_KEY = 0x0DD0_DE5C
# What the guard of migration 0008 raises for a change to a review checked out for offline work.
CHECKED_OUT_SQLSTATE = "DDQ01"


class _NumberLoader(Loader):
    """``numeric`` (what ``SUM`` of integers gives) as int when whole, else float, as SQLite."""

    def load(self, data: Buffer) -> int | float:
        text = bytes(data).decode("ascii")
        return float(text) if any(mark in text for mark in ".eEN") else int(text)


class ReadRow:
    """One row of the read path: by position (``row[0]``), by name (``row["key"]``), ``keys()``."""

    __slots__ = ("_index", "_names", "_values")

    def __init__(self, values: Sequence[Any], names: list[str], index: dict[str, int]) -> None:
        self._values = tuple(values)
        self._names = names
        self._index = index

    def __getitem__(self, key: int | str) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        """Return the column names, in order."""
        return self._names


def _row_factory(cursor: Any) -> Any:
    names = [column.name for column in cursor.description or ()]
    index = {name: position for position, name in enumerate(names)}

    def make_row(values: Sequence[Any]) -> ReadRow:
        return ReadRow(values, names, index)

    return make_row


def translate_error(error: BaseException, url: str, timeout: float) -> UserError | None:
    """Return the one-line error for a PostgreSQL failure a user can act on, else None.

    Args:
        error: A psycopg error, or an SQLAlchemy one wrapping it.
        url: The database URL (only ``shown_url`` of it appears in a message).
        timeout: The lock timeout in force, named in the busy message.
    """
    original = getattr(error, "orig", None) or error
    if not isinstance(original, psycopg.Error):
        return None
    reason = " ".join(str(original).split())
    if original.sqlstate == CHECKED_OUT_SQLSTATE:
        return UserError(
            f"{original.diag.message_primary}: it is read-only until they check it in or "
            "release it (ddq team checkin / release); nothing was changed"
        )
    if isinstance(original, pg_errors.LockNotAvailable):  # lock_timeout ran out
        return busy_error(timeout)
    if isinstance(original, pg_errors.SerializationFailure | pg_errors.DeadlockDetected):
        return UserError(
            "another person changed the same data at the same moment; nothing was changed — "
            "try again"
        )
    if isinstance(original, pg_errors.InsufficientPrivilege):
        return UserError(
            f"the team database refused the change ({reason}): your database role may not make "
            "it (an auditor only reads; ask the team's administrator); nothing was changed"
        )
    if isinstance(original, pg_errors.ReadOnlySqlTransaction):
        return UserError(
            f"the team database server only reads now ({reason}; a standby, or read-only "
            "mode); nothing was changed"
        )
    if isinstance(original, pg_errors.DiskFull | pg_errors.OutOfMemory):
        return DatabaseError(
            f"the change could not be saved: the database server refused the write ({reason}); "
            "nothing was changed"
        )
    unreachable = original.sqlstate is None or original.sqlstate.startswith(("08", "57P"))
    if isinstance(original, psycopg.OperationalError) and unreachable:
        return DatabaseError(f"cannot use the team database {shown_url(url)}: {reason}")
    return None


def connect(url: str, timeout: float, *, for_reading: bool = False) -> psycopg.Connection:
    """Open a psycopg connection to ``url`` set up as DDQ Desk expects (UTC, lock timeout).

    Args:
        url: The libpq URL (checked: no password in it).
        timeout: Seconds a statement waits for a lock another transaction holds.
        for_reading: An autocommit connection for the read path (``PostgresReader``).

    Raises:
        DatabaseError: The server cannot be reached or refused us (one line).
    """
    # A server that drops packets would otherwise keep the window waiting for ever.
    options: dict[str, Any] = {"application_name": "ddq-desk"}
    if "connect_timeout" not in url:
        options["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    try:
        connection = psycopg.connect(url, autocommit=for_reading, **options)
    except psycopg.Error as error:
        refused = translate_error(error, url, timeout)
        raise (refused or DatabaseError(f"cannot use {shown_url(url)}: {error}")) from None
    milliseconds = max(1, int(timeout * 1000))
    # SET cannot take parameters; both values are ours (a number and a constant).
    connection.execute(f"SET lock_timeout = {milliseconds}")
    connection.execute("SET TIME ZONE 'UTC'")
    connection.execute("SET DateStyle = 'ISO, YMD'")
    if not for_reading:
        connection.commit()
        return connection
    for type_name in _AS_TEXT:
        connection.adapters.register_loader(type_name, TextLoader)
    connection.adapters.register_loader("numeric", _NumberLoader)
    connection.row_factory = _row_factory
    return connection


class PostgresReader:
    """The read path's connection on PostgreSQL: ``execute`` as ``sqlite3.Connection`` has it."""

    def __init__(self, connection: psycopg.Connection) -> None:
        self.connection = connection

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Any:
        """Run ``sql`` with ``?`` placeholders; return the cursor (``fetchone``, iteration…)."""
        if not parameters:
            return self.connection.execute(sql)
        return self.connection.execute(sql.replace("%", "%%").replace("?", "%s"), list(parameters))

    def close(self) -> None:
        """Close the connection."""
        self.connection.close()


class PostgresDatabase(Database):
    """A team database on PostgreSQL. The data directory still holds local files (evidence).

    Attributes:
        url: The libpq URL, without a password (never logged; show ``shown_url``).
    """

    backend = "postgresql"

    def __init__(self, data_dir: Path, url: str, lock_timeout: float | None = None) -> None:
        super().__init__(data_dir, data_dir / "team-database", lock_timeout)
        self.url = url
        self._pg_reader: PostgresReader | None = None
        self._pg_engine: Engine | None = None
        self._pg_siblings: dict[float, PostgresDatabase] = {}
        self._read_only: bool | None = None

    @property
    def read_only(self) -> bool:
        """True when this person's database role may not change claims (``ddq_auditor``)."""
        if self._read_only is None:
            with self.read() as connection:
                row = connection.execute(
                    "SELECT has_table_privilege('claim', 'UPDATE') AND "
                    "has_table_privilege('answer', 'UPDATE')"
                ).fetchone()
            self._read_only = not bool(row[0])
        return self._read_only

    def role(self) -> str:
        """Return the database role this connection works as (named in the audit detail)."""
        with self.read() as connection:
            return str(connection.execute("SELECT current_user").fetchone()[0])

    def describe(self) -> str:
        """Return where the data is, safe to show: the URL without query or secrets."""
        return shown_url(self.url)

    def with_lock_timeout(self, seconds: float) -> Database:
        """Return this database as seen by writes that wait at most ``seconds`` for a lock."""
        if seconds not in self._pg_siblings:
            self._pg_siblings[seconds] = PostgresDatabase(self.data_dir, self.url, seconds)
        return self._pg_siblings[seconds]

    def _engine(self, begin_statement: str) -> Engine:
        # One engine: PostgreSQL locks rows, not the database, so a write needs no BEGIN
        # IMMEDIATE; READ COMMITTED as the server defaults.
        if self._pg_engine is None:
            self._pg_engine = self._make_engine()
        return self._pg_engine

    def _make_engine(self) -> Engine:
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import QueuePool

        url, timeout = self.url, self.lock_timeout
        engine = create_engine(
            "postgresql+psycopg://",
            creator=lambda: connect(url, timeout),
            poolclass=QueuePool,
            pool_pre_ping=True,
        )

        @event.listens_for(engine, "handle_error")
        def _on_error(context: Any) -> None:
            refused = translate_error(context.original_exception, url, timeout)
            if refused is not None:
                raise refused from None

        return engine

    @contextmanager
    def read(self) -> Iterator[ReadConnection]:
        """Yield the read connection (see ``PostgresReader``); autocommit, so every statement
        sees what was committed before it began. The main thread keeps its connection."""
        kept = threading.current_thread() is threading.main_thread()
        reader = self._kept_pg_reader() if kept else self._new_reader()
        try:
            yield reader
        except psycopg.Error as error:
            if kept:
                self._drop_pg_reader()
            refused = translate_error(error, self.url, self.lock_timeout)
            if refused is not None:
                raise refused from None
            raise
        finally:
            if not kept:
                reader.close()

    def _new_reader(self) -> PostgresReader:
        return PostgresReader(connect(self.url, self.lock_timeout, for_reading=True))

    def _kept_pg_reader(self) -> PostgresReader:
        if self._pg_reader is None or self._pg_reader.connection.closed:
            self._pg_reader = self._new_reader()
        return self._pg_reader

    def _drop_pg_reader(self) -> None:
        reader, self._pg_reader = self._pg_reader, None
        if reader is not None:
            reader.close()

    def write_row(self, sql: str, parameters: tuple[Any, ...]) -> int:
        """Run one plain statement (``?`` placeholders) in its own transaction, without the ORM.

        Returns:
            How many rows the statement changed.
        """
        connection = connect(self.url, self.lock_timeout)
        try:
            with connection.transaction():
                cursor = connection.execute(
                    sql.replace("%", "%%").replace("?", "%s"),
                    list(parameters),
                )
                return cursor.rowcount
        except psycopg.Error as error:
            refused = translate_error(error, self.url, self.lock_timeout)
            if refused is not None:
                raise refused from None
            raise
        finally:
            connection.close()

    @contextmanager
    def setting_up(self) -> Iterator[None]:
        """Hold the server-wide lock for migrating and seeding, so two first starts of the
        app on one new database take turns instead of both creating the tables."""
        connection = connect(self.url, max(self.lock_timeout, 60.0))
        try:
            connection.execute("SELECT pg_advisory_lock(%s)", (SETUP_LOCK_KEY,))
            try:
                yield
            finally:
                connection.execute("SELECT pg_advisory_unlock(%s)", (SETUP_LOCK_KEY,))
        finally:
            connection.close()

    def close(self) -> None:
        """Release every connection (the server keeps the data)."""
        self._drop_pg_reader()
        if self._pg_engine is not None:
            self._pg_engine.dispose()
            self._pg_engine = None
        for sibling in self._pg_siblings.values():
            sibling.close()

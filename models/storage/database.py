"""The database file and the one door every write goes through.

``Database.at`` finds and checks the file (a team database on PostgreSQL is
``models.storage.postgres``); connections use WAL and foreign keys (migrating and
seeding are ``models.bootstrap``'s job). ``Database.write`` is the unit of work:
one ``BEGIN IMMEDIATE`` transaction that commits the change and its AuditEvent rows together,
or rolls both back.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import DatabaseError
from models.storage.datadir import database_path, resolve_data_dir
from models.storage.locking import busy_error, is_busy, lock_timeout_seconds, storage_error
from models.storage.reading import ReadConnection
from models.storage.schema import check_database_file, read_only_message
from models.storage.sqlite_files import connect_read_only, connect_read_write, is_read_only_location

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlmodel import Session

    from models.storage.tables import AuditEvent


def _make_engine(db_path: Path, begin_statement: str, timeout: float) -> Engine:
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(
        "sqlite://",
        creator=lambda: connect_read_write(db_path, timeout),
        poolclass=QueuePool,  # what SQLAlchemy picks for a file; the URL names none
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to the "begin" hook below (pysqlite's own is unreliable).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # FULL: a commit the reviewer saw is on disk even if the laptop loses power next;
        # reviews are written at human pace, so the extra fsync per commit costs nothing.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: Any) -> None:
        # The one place "database is locked" or a full disk becomes a one-line UserError.
        if is_busy(context.original_exception):
            raise busy_error(timeout) from None
        refused = storage_error(context.original_exception)
        if refused is not None:
            raise refused from None

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        connection.exec_driver_sql(begin_statement)

    return engine


@dataclass
class UnitOfWork:
    """A write transaction in progress: the session plus the audit events it will commit.

    Attributes:
        session: The SQLModel session to add and change rows in.
        actor: Who makes the change (reviewer name, ``cli``, ``seed``).
    """

    session: Session
    actor: str
    events: list[AuditEvent] = field(default_factory=list)
    _role: tuple[str | None] | None = field(default=None, init=False, repr=False)

    @property
    def database_role(self) -> str | None:
        """The role this transaction writes as, where the backend has roles; None on SQLite.

        On a server database it is ``current_user`` (the login the person connected with),
        read once per transaction and stamped on every AuditEvent beside ``actor``.
        """
        if self._role is None:
            connection = self.session.connection()
            if connection.dialect.name == "sqlite":
                self._role = (None,)
            else:
                role = connection.exec_driver_sql("SELECT current_user").scalar()
                self._role = (str(role) if role is not None else None,)
        return self._role[0]

    def record(
        self,
        action: str,
        entity: str,
        entity_key: str = "",
        detail: dict[str, Any] | None = None,
        review_id: int | None = None,
    ) -> None:
        """Add an AuditEvent to this transaction.

        Args:
            action: What happened, e.g. ``claim.edit`` or ``answer.accept``.
            entity: The kind of thing changed (``claim``, ``answer``…).
            entity_key: Its stable key or id as text.
            detail: Before/after values or other facts worth keeping.
            review_id: The review the change belongs to, if any.
        """
        # deferred: start-up time (the ORM loads on the first write, never for reads)
        from models.storage.tables import AuditEvent

        event_row = AuditEvent(
            actor=self.actor,
            action=action,
            entity=entity,
            entity_key=entity_key,
            review_id=review_id,
            detail=detail or {},
            database_role=self.database_role,
        )
        self.events.append(event_row)
        self.session.add(event_row)


class Database:
    """An open DDQ Desk database.

    Attributes:
        data_dir: The data directory.
        path: The SQLite file.
        backend: ``sqlite`` here; ``postgresql`` for a team database
            (``models.storage.postgres.PostgresDatabase``).
    """

    backend = "sqlite"

    def __init__(self, data_dir: Path, path: Path, lock_timeout: float | None = None) -> None:
        self.data_dir = data_dir
        self.path = path
        self._lock_timeout = lock_timeout
        self._siblings: dict[float, Database] = {}
        # Engines are made on first use: read-only commands run on plain sqlite3 and never
        # pay for importing SQLAlchemy (see ``read``).
        self._engines: dict[str, Engine] = {}
        self._reader: sqlite3.Connection | None = None

    @property
    def lock_timeout(self) -> float:
        """How long a write waits for the lock: this database's own, else ``$DDQ_LOCK_TIMEOUT``."""
        return lock_timeout_seconds() if self._lock_timeout is None else self._lock_timeout

    def with_lock_timeout(self, seconds: float) -> Database:
        """Return this database as seen by writes that wait at most ``seconds`` for the lock.

        The GUI writes through one that hardly waits: a change that finds the lock taken is
        kept and tried again (``desktop.review.review_saver``) instead of freezing the window.
        """
        if seconds not in self._siblings:
            self._siblings[seconds] = Database(self.data_dir, self.path, lock_timeout=seconds)
        return self._siblings[seconds]

    def _engine(self, begin_statement: str) -> Engine:
        if begin_statement not in self._engines:
            self._engines[begin_statement] = _make_engine(
                self.path, begin_statement, self.lock_timeout
            )
        return self._engines[begin_statement]

    def session(self) -> Session:
        """Return a session for reading; objects stay usable after it closes."""
        from sqlmodel import Session

        return Session(self._engine("BEGIN"), expire_on_commit=False)

    @contextmanager
    def read(self) -> Iterator[ReadConnection]:
        """Yield a plain read-only sqlite3 connection (rows as ``sqlite3.Row``).

        Hot read paths (listing and searching claims) use it: it needs no ORM. The main
        thread (the GUI's, the command line's) keeps its connection between reads, since a
        new one reads the schema and the full-text index's structure again (about 1.5 ms of
        a search); other threads open and close one per read, so none outlives its thread.
        Every statement still sees what was committed before it began; a read that fails
        drops its connection, so a statement left unfinished cannot hold an old snapshot.
        """
        kept = threading.current_thread() is threading.main_thread()
        connection = self._kept_reader() if kept else connect_read_only(self.path)
        connection.row_factory = sqlite3.Row
        try:
            yield connection
        except BaseException as error:
            if kept:
                self._drop_kept_reader()
            if isinstance(error, sqlite3.OperationalError) and is_busy(error):
                raise busy_error() from None
            raise
        finally:
            if not kept:
                connection.close()

    def _kept_reader(self) -> sqlite3.Connection:
        if self._reader is None:
            # Not bound to the main thread, so that close() may release it from any thread.
            self._reader = connect_read_only(self.path, check_same_thread=False)
        else:  # the lock timeout as it is now, as a new connection would have it
            self._reader.execute(f"PRAGMA busy_timeout = {int(lock_timeout_seconds() * 1000)}")
        return self._reader

    def _drop_kept_reader(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.close()

    @contextmanager
    def write(self, actor: str) -> Iterator[UnitOfWork]:
        """Open the write transaction: commit on success, roll back on any exception.

        Args:
            actor: Who makes the change; stamped on every AuditEvent recorded.

        Yields:
            The unit of work whose session holds the changes.
        """
        from sqlalchemy.orm.exc import StaleDataError
        from sqlmodel import Session

        # deferred: start-up time (the ORM loads on the first write, never for reads)
        from models.storage.versions import RaceLostError

        with Session(self._engine("BEGIN IMMEDIATE"), expire_on_commit=False) as session:
            unit = UnitOfWork(session=session, actor=actor)
            try:
                yield unit
                session.commit()
            except StaleDataError as error:
                # version_id_col: another transaction changed the row after this one read it.
                session.rollback()
                raise RaceLostError(
                    "another change to the same row landed while this one was being written; "
                    "nothing was changed: run the command again"
                ) from error
            except BaseException:
                session.rollback()
                raise

    def write_row(self, sql: str, parameters: tuple[Any, ...]) -> int:
        """Run one plain statement in its own ``BEGIN IMMEDIATE`` transaction, without the ORM.

        Only for a change that records no AuditEvent and needs no model, such as the question
        a reviewer is on: moving through a review then never loads SQLAlchemy. The file is
        opened as the engines open it (WAL, foreign keys, full sync, the lock timeout), and a
        busy lock or a refusing disk is the same one-line error.

        Returns:
            How many rows the statement changed.
        """
        timeout = self.lock_timeout
        connection = connect_read_write(self.path, timeout)
        connection.isolation_level = None
        try:
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                changed = connection.execute(sql, parameters).rowcount
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            return changed
        except sqlite3.OperationalError as error:
            if is_busy(error):
                raise busy_error(timeout) from None
            refused = storage_error(error)
            if refused is not None:
                raise refused from None
            raise
        finally:
            connection.close()

    @property
    def read_only(self) -> bool:
        """False: a reader of the SQLite file may write it (a team database's auditor may not:
        ``PostgresDatabase.read_only``)."""
        return False

    def describe(self) -> str:
        """Return where the data is, as a message may name it: the SQLite file."""
        return str(self.path)

    @contextmanager
    def setting_up(self) -> Iterator[None]:
        """Hold off other processes while migrating and seeding (SQLite's own locks do)."""
        yield

    def close(self) -> None:
        """Release every connection (the file stays as it is)."""
        self._drop_kept_reader()
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
        for sibling in self._siblings.values():
            sibling.close()

    @classmethod
    def at(cls, data_dir: str | Path | None = None) -> Database:
        """Return the database of ``data_dir``, its folder created and its file checked.

        The file is neither migrated nor seeded here: ``models.bootstrap.open_database`` does
        that, in order (and chooses a team database on PostgreSQL instead when a URL is in
        force: ``models.storage.postgres``).

        Args:
            data_dir: An explicit data directory; None resolves ``DDQ_DATA_DIR`` or the default.

        Raises:
            DatabaseError: The folder cannot be made, or the file is not a healthy, writable
                DDQ Desk database.
        """
        directory = make_data_dir(data_dir)
        path = database_path(directory)
        check_database_file(path)
        if is_read_only_location(path):
            raise DatabaseError(read_only_message(path))
        return cls(directory, path)


def make_data_dir(data_dir: str | Path | None = None) -> Path:
    """Return the resolved data directory (``resolve_data_dir``), created when missing.

    Raises:
        DatabaseError: The folder cannot be made.
    """
    directory = resolve_data_dir(data_dir)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(f"cannot create data directory {directory}: {error}") from error
    return directory

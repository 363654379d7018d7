"""What the plain read path (``Database.read``) hands its callers, on either backend.

On SQLite it is an ``sqlite3.Connection`` with ``sqlite3.Row`` rows; on PostgreSQL a
``models.storage.postgres.PostgresReader`` with rows that read the same way. Read queries are
written against these protocols: portable SQL, ``?`` placeholders, rows by position or name.
"""

from collections.abc import Iterator, Sequence
from typing import Any, Protocol


class ReadRow(Protocol):
    """A row: ``row[0]``, ``row["key"]``, ``row.keys()``."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> list[str]: ...


class ReadCursor(Protocol):
    """The result of a statement."""

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class ReadConnection(Protocol):
    """A connection that runs read statements with ``?`` placeholders."""

    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> ReadCursor: ...

"""The shape of a DDQ Desk database, and whether a file has exactly the one our migrations make.

A backup with a table dropped passes SQLite's integrity check, and so does one carrying a
trigger that rewrites every claim on the next insert. ``ddq db check`` and ``ddq db restore``
therefore compare the file's tables (with their columns), indexes, triggers and views with
those Alembic's migrations create for its revision.

The expected shapes are data, ``resources/schema_shapes.json``, so checking needs neither
Alembic nor a scratch database; ``python -m models.storage.schema_shape`` writes the file again from
the migrations, and a test keeps it in step with them.
"""

import json
import sqlite3
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from models.storage.schema import KNOWN_REVISIONS, upgrade_schema
from resources import RESOURCES_DIR

SHAPES_FILE = RESOURCES_DIR / "schema_shapes.json"

Shape = dict[str, dict[str, Any]]


def _normalised_sql(sql: str | None) -> str:
    return " ".join((sql or "").split()).rstrip(";")


def read_shape(connection: sqlite3.Connection) -> Shape:
    """Describe the schema of an open database: tables, indexes, triggers and views.

    SQLite's own bookkeeping tables (``sqlite_sequence``, ``sqlite_stat1``), which appear as a
    database is used, are left out.
    """
    tables: dict[str, Any] = {}
    indexes: dict[str, Any] = {}
    triggers: dict[str, Any] = {}
    views: dict[str, Any] = {}
    rows = connection.execute(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' OR type = 'index' ORDER BY type, name"
    ).fetchall()
    for kind, name, table, sql in rows:
        if kind == "table":
            columns = connection.execute("SELECT * FROM pragma_table_xinfo(?)", (name,)).fetchall()
            tables[name] = [[c[1], c[2].upper(), bool(c[3]), c[5]] for c in columns]
        elif kind == "index":
            if table.startswith("sqlite_"):
                continue
            info = connection.execute("SELECT * FROM pragma_index_info(?)", (name,))
            columns = [row[2] for row in info]
            unique = bool(sql and "UNIQUE" in sql.upper()) or name.startswith("sqlite_autoindex")
            indexes[name] = [table, columns, unique]
        elif kind == "trigger":
            triggers[name] = [table, _normalised_sql(sql)]
        elif kind == "view":
            views[name] = _normalised_sql(sql)
    return {"tables": tables, "indexes": indexes, "triggers": triggers, "views": views}


@lru_cache(maxsize=1)
def expected_shapes() -> dict[str, Shape]:
    """Return the shape our migrations create, for every revision this version knows."""
    return json.loads(SHAPES_FILE.read_text(encoding="utf-8"))


def _first(names: set[str]) -> str:
    return sorted(names)[0]


def shape_problem(connection: sqlite3.Connection, revision: str) -> str | None:
    """Return what differs between the file's schema and revision ``revision``'s, or None.

    The answer is a short phrase for a one-line message ("table claim is missing", "it carries
    a trigger evil that DDQ Desk does not create").
    """
    wanted = expected_shapes().get(revision)
    if wanted is None:
        return f"no known schema for revision {revision}"
    found = read_shape(connection)
    labels = {"tables": "table", "indexes": "index", "triggers": "trigger", "views": "view"}
    for part in ("tables", "views", "triggers", "indexes"):
        label = labels[part]
        missing = set(wanted[part]) - set(found[part])
        if missing:
            return f"{label} {_first(missing)} is missing"
        extra = set(found[part]) - set(wanted[part])
        if extra:
            article = "an" if label == "index" else "a"
            return f"it carries {article} {label} {_first(extra)} that DDQ Desk does not create"
        for name, shape in wanted[part].items():
            if found[part][name] != shape:
                if part == "tables":
                    return f"the columns of table {name} differ from DDQ Desk's"
                return f"the definition of {label} {name} differs from DDQ Desk's"
    return None


def migrated_shapes() -> dict[str, Shape]:
    """Run the migrations revision by revision on scratch files and read each shape."""
    shapes: dict[str, Shape] = {}
    with tempfile.TemporaryDirectory() as folder:
        for revision in KNOWN_REVISIONS:
            path = Path(folder) / f"{revision}.sqlite3"
            upgrade_schema(path, target=revision)
            connection = sqlite3.connect(path)
            try:
                shapes[revision] = read_shape(connection)
            finally:
                connection.close()
    return shapes


def write_shapes_file(path: Path = SHAPES_FILE) -> None:
    """Write ``resources/schema_shapes.json`` from the migrations (after adding one)."""
    path.write_text(json.dumps(migrated_shapes(), indent=1, sort_keys=True) + "\n", "utf-8")


if __name__ == "__main__":
    write_shapes_file()
    sys.stdout.write(f"wrote {SHAPES_FILE}\n")

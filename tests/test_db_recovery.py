"""A damaged database is explained in one line with the newest backup named, never overwritten;
``ddq db backup|check|restore`` do what a user recovering from it needs."""

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.storage.datadir import DATABASE_NAME
from tests.conftest import PROJECT_ROOT


def _fingerprint(folder: Path) -> dict[str, str]:
    """Name → SHA-256 of every file in ``folder``.

    Left out: the -shm index (SQLite rebuilds it on every open) and an empty -wal (reading a
    WAL-mode file creates one; it holds nothing).
    """
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
        and not path.name.endswith("-shm")
        and not (path.name.endswith("-wal") and path.stat().st_size == 0)
    }


_SEEDED: list[Path] = []


@pytest.fixture(scope="module", autouse=True)
def _seed_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("seeded")
    open_database(folder).close()
    _SEEDED[:] = [folder / DATABASE_NAME]


def _seeded(data_dir: Path) -> Path:
    """Put a freshly seeded database in ``data_dir`` (seeded once per module, then copied)."""
    shutil.copyfile(_SEEDED[0], data_dir / DATABASE_NAME)
    return data_dir / DATABASE_NAME


def _seeded_with_backup(data_dir: Path) -> Path:
    """Seed the database and take one backup of it; return the backup."""
    from models.storage.backups import backup_now

    return backup_now(_seeded(data_dir))


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _root_page(path: Path, name: str) -> int:
    connection = sqlite3.connect(path)
    page = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = ?", (name,)
    ).fetchone()[0]
    connection.close()
    return page


def _not_sqlite(path: Path) -> None:
    path.write_bytes(b"id,question\nQ1,Do you encrypt data at rest?\n" * 200)


def _truncated(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _index_page_overwritten(path: Path) -> None:
    """Overwrite the tail of the claim-key index's root page: a b-tree cell now runs off it."""
    page = _root_page(path, "ix_claim_key")
    with path.open("r+b") as handle:
        handle.seek(page * 4096 - 200)
        handle.write(b"\xff" * 100)


DAMAGE: dict[str, tuple[Callable[[Path], None], str]] = {
    "not sqlite": (_not_sqlite, "is not a DDQ Desk database"),
    "truncated": (_truncated, "is damaged (database disk image is malformed)"),
    "fails integrity_check": (_index_page_overwritten, "fails its integrity check"),
}


@pytest.fixture
def damaged(request: pytest.FixtureRequest, data_dir: Path, ddq) -> tuple[Path, Path, str]:
    """A data dir with one good backup and a damaged database; (db, backup, expected text)."""
    backup = _seeded_with_backup(data_dir)
    db = data_dir / DATABASE_NAME
    _checkpoint(db)
    damage, expected = DAMAGE[request.param]
    damage(db)
    return db, backup, expected


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
@pytest.mark.parametrize(
    "command", [("kb", "list"), ("kb", "import", "kb.json"), ("db", "check"), ("db", "backup")]
)
def test_damage_is_one_line_naming_the_newest_backup_and_nothing_is_overwritten(
    damaged: tuple[Path, Path, str], command: tuple[str, ...], data_dir: Path, ddq
) -> None:
    _, backup, expected = damaged
    before = _fingerprint(data_dir)
    result = ddq(*command)
    assert result.code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("ddq: error: ")
    assert expected in result.stderr
    assert f"newest backup: {backup.name}" in result.stderr
    assert f"ddq db restore {backup}" in result.stderr
    assert _fingerprint(data_dir) == before


def test_no_backup_yet_is_said_plainly(data_dir: Path, ddq) -> None:
    _not_sqlite(data_dir / DATABASE_NAME)
    result = ddq("db", "check")
    assert result.code == 2
    assert "no backup exists" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_restore_keeps_the_damaged_file_and_brings_the_backup_back(
    damaged: tuple[Path, Path, str], data_dir: Path, ddq
) -> None:
    db, backup, _ = damaged
    damaged_bytes = db.read_bytes()
    result = ddq("db", "restore", str(backup))
    assert result.code == 0, result.stderr
    kept = sorted(data_dir.glob("ddq-damaged-*.sqlite3"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged_bytes
    assert f"damaged database copied kept as {kept[0]}" in result.stdout
    assert ddq("db", "check").code == 0
    assert "41 claims" in ddq("kb", "list").stdout
    # The damaged copy is never offered as "the newest backup".
    _not_sqlite(db)
    assert f"newest backup: {backup.name}" in ddq("db", "check").stderr


def test_restore_over_a_healthy_database_keeps_it_as_a_backup(data_dir: Path, ddq) -> None:
    backup = _seeded_with_backup(data_dir)
    database = open_database(data_dir)
    from models.settings import set_setting

    set_setting(database, "reviewer.name", "Ada after the backup", "tester")
    database.close()
    result = ddq("db", "restore", str(backup))
    assert result.code == 0, result.stderr
    kept = sorted(data_dir.glob("ddq-backup-*-before-restore.sqlite3"))
    assert len(kept) == 1
    assert f"previous database kept as {kept[0]}" in result.stdout
    names = sqlite3.connect(kept[0]).execute("SELECT value FROM setting").fetchall()
    assert ("Ada after the backup",) in names
    restored = sqlite3.connect(data_dir / DATABASE_NAME).execute("SELECT value FROM setting")
    assert ("Ada after the backup",) not in restored.fetchall()


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_backup_is_refused_and_nothing_changes(
    damage: str, data_dir: Path, ddq, tmp_path: Path
) -> None:
    _seeded(data_dir)
    bad = tmp_path / "bad-backup.sqlite3"
    assert ddq("db", "backup", "--out", str(bad)).code == 0
    DAMAGE[damage][0](bad)
    before = _fingerprint(data_dir)
    result = ddq("db", "restore", str(bad))
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "nothing changed" in result.stderr
    assert _fingerprint(data_dir) == before


def test_a_sqlite_file_that_is_not_ddq_is_refused(data_dir: Path, ddq, tmp_path: Path) -> None:
    _seeded(data_dir)
    other = tmp_path / "other.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    connection.commit()
    connection.close()
    result = ddq("db", "restore", str(other))
    assert result.code == 2
    assert "no alembic_version table" in result.stderr
    missing = ddq("db", "restore", str(tmp_path / "nope.sqlite3"))
    assert missing.code == 2
    assert "no such file" in missing.stderr


def test_restore_is_refused_while_another_window_has_the_database_open(data_dir: Path, ddq) -> None:
    backup = _seeded_with_backup(data_dir)
    holder = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.hold_lock", str(data_dir / DATABASE_NAME), "read"],
        cwd=PROJECT_ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        before = _fingerprint(data_dir)
        result = ddq("db", "restore", str(backup))
        assert result.code == 2
        assert "open in another DDQ Desk window" in result.stderr
        assert result.stderr.count("\n") == 1
        assert _fingerprint(data_dir) == before
    finally:
        holder.communicate("\n", timeout=30)
    assert ddq("db", "restore", str(backup)).code == 0


def test_restore_drops_a_stale_write_ahead_log(data_dir: Path, ddq) -> None:
    """A -wal left by a crash belongs to the old file; replaying it into the restored one would
    corrupt it or resurrect changes, so restore removes it."""
    backup = _seeded_with_backup(data_dir)
    db = data_dir / DATABASE_NAME
    _checkpoint(db)
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("UPDATE claim SET title = 'from a stale log'")
    connection.commit()
    stale_log = Path(f"{db}-wal").read_bytes()
    connection.close()
    Path(f"{db}-wal").write_bytes(stale_log)
    assert ddq("db", "restore", str(backup)).code == 0
    titles = sqlite3.connect(db).execute("SELECT DISTINCT title FROM claim").fetchall()
    assert ("from a stale log",) not in titles
    assert ddq("db", "check").code == 0


def test_backup_includes_changes_still_in_the_write_ahead_log(database, tmp_path: Path) -> None:
    from models.settings import set_setting
    from models.storage.backups import backup_now

    set_setting(database, "reviewer.name", "Grace", "tester")
    assert Path(f"{database.path}-wal").stat().st_size > 0
    out = backup_now(database.path, tmp_path / "copy.sqlite3")
    values = sqlite3.connect(out).execute("SELECT value FROM setting").fetchall()
    assert ("Grace",) in values
    assert not Path(f"{out}-wal").exists()


def test_backup_never_overwrites_a_file(data_dir: Path, ddq, tmp_path: Path) -> None:
    _seeded(data_dir)
    target = tmp_path / "precious.sqlite3"
    target.write_bytes(b"yesterday's backup")
    result = ddq("db", "backup", "--out", str(target))
    assert result.code == 2
    assert "already exists" in result.stderr
    assert target.read_bytes() == b"yesterday's backup"
    folder = ddq("db", "backup", "--out", str(tmp_path / "missing" / "b.sqlite3"))
    assert folder.code == 2
    assert folder.stderr.count("\n") == 1


def test_check_and_backup_without_a_database_say_so(ddq, data_dir: Path) -> None:
    for command in (("db", "check"), ("db", "backup")):
        result = ddq(*command)
        assert result.code == 2
        assert "no database at" in result.stderr
    assert list(data_dir.iterdir()) == []


def _claim_key_changed_behind_its_index(path: Path) -> None:
    """Change a claim's key bytes in its table page only, so the key indexes disagree."""
    connection = sqlite3.connect(path)
    pages = [
        row[0]
        for row in connection.execute(
            "SELECT pageno FROM dbstat WHERE name = 'claim' AND pagetype = 'leaf'"
        )
    ]
    connection.close()
    data = bytearray(path.read_bytes())
    patched = 0
    for page in pages:
        start = (page - 1) * 4096
        found = data.find(b"hipaa-baa", start, start + 4096)
        if found >= 0:
            data[found + 8] = ord("x")
            patched += 1
    assert patched
    path.write_bytes(bytes(data))


def test_db_check_finds_what_the_quick_check_on_open_does_not(data_dir: Path, ddq) -> None:
    """Opening runs the fast quick_check; ``ddq db check`` runs the full integrity_check, which
    also compares every index with its table."""
    backup = _seeded_with_backup(data_dir)
    db = data_dir / DATABASE_NAME
    _checkpoint(db)
    _claim_key_changed_behind_its_index(db)
    before = _fingerprint(data_dir)
    result = ddq("db", "check")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "fails its integrity check (row " in result.stderr
    assert "missing from index" in result.stderr
    assert f"ddq db restore {backup}" in result.stderr
    assert _fingerprint(data_dir) == before
    assert ddq("db", "restore", str(backup)).code == 0
    assert ddq("db", "check").code == 0


def test_restore_into_a_new_data_dir_creates_it(data_dir: Path, tmp_path: Path, ddq) -> None:
    """Moving to a new laptop: the backup is all there is."""
    backup = _seeded_with_backup(data_dir)
    fresh = tmp_path / "new-laptop" / "ddq"
    result = ddq("db", "restore", str(backup), "--data-dir", str(fresh))
    assert result.code == 0, result.stderr
    assert "kept as" not in result.stdout
    assert ddq("db", "check", "--data-dir", str(fresh)).code == 0


FOREIGN_SCHEMA: dict[str, tuple[str, str]] = {
    "a table dropped": ("DROP TABLE annotation", "table annotation is missing"),
    "an index dropped": ("DROP INDEX ix_claim_key", "index ix_claim_key is missing"),
    "a column added": ("ALTER TABLE claim ADD COLUMN owner TEXT", "columns of table claim"),
    "a foreign trigger": (
        "CREATE TRIGGER evil AFTER INSERT ON evidence BEGIN UPDATE claim SET status = 'no'; END",
        "trigger evil that DDQ Desk does not create",
    ),
    "our trigger rewritten": (
        "DROP TRIGGER claim_fts_update; CREATE TRIGGER claim_fts_update AFTER UPDATE ON claim "
        "BEGIN UPDATE claim SET status = 'no'; END",
        "definition of trigger claim_fts_update differs",
    ),
    "a view": ("CREATE VIEW everything AS SELECT * FROM claim", "view everything"),
    "an extra table": ("CREATE TABLE notes (id INTEGER PRIMARY KEY)", "table notes"),
    "an extra index": (
        "CREATE INDEX ix_evil ON claim (title)",
        "it carries an index ix_evil that DDQ Desk does not create",
    ),
    "our index redefined": (
        "DROP INDEX ix_claim_key; CREATE INDEX ix_claim_key ON claim (title)",
        "the definition of index ix_claim_key differs from DDQ Desk's",
    ),
}


def _altered_copy(data_dir: Path, tmp_path: Path, script: str) -> Path:
    """A backup of the seeded database, then changed by ``script`` (integrity stays ok)."""
    from models.storage.backups import backup_now

    _seeded(data_dir)
    altered = backup_now(data_dir / DATABASE_NAME, tmp_path / "altered.sqlite3")
    connection = sqlite3.connect(altered)
    connection.executescript(script)
    connection.close()
    assert sqlite3.connect(altered).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    return altered


@pytest.mark.parametrize("change", list(FOREIGN_SCHEMA))
def test_restore_and_check_refuse_a_schema_our_migrations_do_not_make(
    change: str, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11, point 11: a table dropped or a trigger planted is refused in one line."""
    from tests.helpers.cli_runner import run_ddq

    script, says = FOREIGN_SCHEMA[change]
    altered = _altered_copy(data_dir, tmp_path, script)
    monkeypatch.setenv("DDQ_DATA_DIR", str(data_dir))
    before = _fingerprint(data_dir)
    restored = run_ddq(["db", "restore", str(altered)])
    assert (restored.code, restored.stdout) == (2, ""), restored.stderr
    assert restored.stderr.count("\n") == 1 and says in restored.stderr, restored.stderr
    assert "nothing changed" in restored.stderr
    assert _fingerprint(data_dir) == before

    shutil.copyfile(altered, data_dir / DATABASE_NAME)
    checked = run_ddq(["db", "check"])
    assert (checked.code, checked.stdout) == (2, ""), checked.stdout
    assert checked.stderr.count("\n") == 1 and says in checked.stderr, checked.stderr


def test_the_schema_shapes_file_is_what_the_migrations_create() -> None:
    """``resources/schema_shapes.json`` is regenerated with ``python -m models.storage.schema_shape``."""
    from models.storage.schema import KNOWN_REVISIONS
    from models.storage.schema_shape import expected_shapes, migrated_shapes

    assert sorted(expected_shapes()) == list(KNOWN_REVISIONS)
    assert migrated_shapes() == expected_shapes()


def test_a_used_database_and_an_older_revision_pass_the_schema_check(
    database, tmp_path: Path
) -> None:
    from models.storage.backups import check_database, validate_backup
    from models.storage.schema import HEAD_REVISION, upgrade_schema

    assert check_database(database.path).revision == HEAD_REVISION
    older = tmp_path / "older.sqlite3"
    upgrade_schema(older, target="0002")
    assert validate_backup(older) == "0002"

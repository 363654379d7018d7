"""Issue 11, point 12: messages say what is really wrong with the database file.

A healthy database on a read-only file system, or a read-only database file, is not called
damaged and nobody is told to move it aside; a dangling symbolic link in its place is one line,
not a traceback; an empty (zero-length) file is reported, not silently seeded afresh.

Read-only mounts are made in a private user and mount namespace (``unshare``), so the test
needs no privileges and leaves nothing mounted; where the kernel refuses that, it is skipped.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.storage.datadir import DATABASE_NAME
from tests.conftest import PROJECT_ROOT
from tests.helpers.cli_runner import run_ddq

MISLEADING = ("damaged", "move the file aside", "Traceback")


def _namespaces_work() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


needs_namespaces = pytest.mark.skipif(
    not _namespaces_work(), reason="unshare cannot make a private mount namespace here"
)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("seeded")
    open_database(folder).close()
    return folder / DATABASE_NAME


def _ddq_with_read_only(target: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``ddq args`` with ``target`` (a folder or a file) mounted read-only for it alone."""
    script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
    return subprocess.run(
        [
            "unshare",
            "-rm",
            "sh",
            "-c",
            script,
            "sh",
            str(target),
            sys.executable,
            "-m",
            "desktop.cli",
            *args,
        ],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        env={**os.environ, "DDQ_DATA_DIR": str(data_dir)},
        timeout=120,
        check=False,
    )


@needs_namespaces
@pytest.mark.parametrize("read_only", ["file system", "database file"])
def test_a_read_only_database_is_not_called_damaged(
    read_only: str, seeded: Path, data_dir: Path
) -> None:
    db = data_dir / DATABASE_NAME
    shutil.copyfile(seeded, db)
    target = data_dir if read_only == "file system" else db
    before = db.read_bytes()
    for command in (("kb", "list"), ("evidence", "add", "zdr", "https://example.org/zdr")):
        result = _ddq_with_read_only(target, data_dir, *command)
        assert (result.returncode, result.stdout) == (2, ""), result.stderr
        assert result.stderr.count("\n") == 1 and "read-only" in result.stderr, result.stderr
        assert not any(word in result.stderr for word in MISLEADING), result.stderr
    checked = _ddq_with_read_only(target, data_dir, "db", "check")
    assert checked.returncode == 0 and "passes the integrity check" in checked.stdout, checked
    assert db.read_bytes() == before


@pytest.mark.parametrize("command", [("kb", "list"), ("db", "check"), ("review", "list")])
def test_a_dangling_symlink_in_place_of_the_database_is_one_line(
    command: tuple[str, ...], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = data_dir / DATABASE_NAME
    link.symlink_to(tmp_path / "unplugged-drive" / DATABASE_NAME)
    monkeypatch.setenv("DDQ_DATA_DIR", str(data_dir))
    result = run_ddq(list(command))
    assert (result.code, result.stdout) == (2, ""), result.stderr
    assert result.stderr.count("\n") == 1 and "symbolic link" in result.stderr, result.stderr
    assert not any(word in result.stderr for word in MISLEADING)
    assert link.is_symlink() and os.listdir(data_dir) == [DATABASE_NAME]


def test_an_empty_database_file_is_reported_not_reseeded(
    seeded: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from models.storage.backups import backup_now

    db = data_dir / DATABASE_NAME
    db.write_bytes(b"")
    monkeypatch.setenv("DDQ_DATA_DIR", str(data_dir))
    for command in (["kb", "list"], ["db", "check"]):
        result = run_ddq(command)
        assert (result.code, result.stdout) == (2, ""), result.stderr
        assert "is empty (0 bytes)" in result.stderr and "no backup exists" in result.stderr
        assert result.stderr.count("\n") == 1
    assert db.stat().st_size == 0 and os.listdir(data_dir) == [DATABASE_NAME]

    shutil.copyfile(seeded, db)
    backup = backup_now(db)
    db.write_bytes(b"")
    result = run_ddq(["kb", "list"])
    assert result.code == 2 and f"ddq db restore {backup}" in result.stderr, result.stderr
    assert db.stat().st_size == 0

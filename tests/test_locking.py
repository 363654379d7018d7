"""A second process writing: commands wait for the lock, and explain it when it never comes."""

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.errors import DatabaseBusyError
from models.kb.import_export import export_knowledge_base, export_knowledge_base_file
from models.storage.datadir import DATABASE_NAME
from models.storage.locking import LOCK_TIMEOUT_ENV, lock_timeout_seconds
from questionnaires.reviews import accept_answer, load_review
from tests.conftest import PROJECT_ROOT
from tests.review_factory import make_review


@contextmanager
def write_lock_held(db: Path, seconds: float | None = None) -> Iterator[subprocess.Popen]:
    """Hold the write lock from another process (for ``seconds``, or until the block ends)."""
    args = [sys.executable, "-m", "tests.helpers.hold_lock", str(db), "write"]
    if seconds is not None:
        args.append(str(seconds))
    holder = subprocess.Popen(
        args, cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline() == "holding\n"
        yield holder
    finally:
        out, _ = holder.communicate("\n", timeout=60)
        assert "released" in out


@pytest.fixture
def kb_file(database, tmp_path: Path) -> Path:
    """The seeded knowledge base exported to a file, ready to import again."""
    path = tmp_path / "kb.json"
    export_knowledge_base_file(database, path)
    database.close()
    return path


def test_a_write_waits_for_a_lock_held_two_seconds_and_succeeds(
    data_dir: Path, kb_file: Path, ddq
) -> None:
    with write_lock_held(data_dir / DATABASE_NAME, seconds=2):
        started = time.monotonic()
        result = ddq("kb", "import", str(kb_file), env={LOCK_TIMEOUT_ENV: "30"})
        waited = time.monotonic() - started
    assert result.code == 0, result.stderr
    assert "imported 41 claims" in result.stdout
    assert waited > 1.0  # it really met the lock and waited for it


def test_a_lock_held_past_the_timeout_is_one_line_exit_2_and_changes_nothing(
    data_dir: Path, kb_file: Path, ddq
) -> None:
    changed = json.loads(kb_file.read_text())
    changed["claims"][0]["title"] = "Changed while another window was writing"
    kb_file.write_text(json.dumps(changed))
    with write_lock_held(data_dir / DATABASE_NAME):
        started = time.monotonic()
        result = ddq("kb", "import", str(kb_file), env={LOCK_TIMEOUT_ENV: "1"})
        waited = time.monotonic() - started
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("ddq: error: database is busy: another DDQ Desk window")
    assert "waited 1 s" in result.stderr
    assert "Traceback" not in result.stderr
    assert 1.0 <= waited < 30
    database = open_database(data_dir)
    titles = [claim["title"] for claim in export_knowledge_base(database)["claims"]]
    database.close()
    assert "Changed while another window was writing" not in titles


def test_a_review_change_during_a_long_lock_is_refused_whole(
    database, monkeypatch: pytest.MonkeyPatch
) -> None:
    review_id = make_review(database, [{"question": "Do you encrypt data at rest?"}])
    answer_id = load_review(database, review_id).answers[0].id
    database.close()
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, "0.5")
    busy = open_database(database.data_dir)
    with write_lock_held(database.path), pytest.raises(DatabaseBusyError, match="database is busy"):
        accept_answer(busy, answer_id, "ada")
    assert load_review(busy, review_id).answers[0].state == "auto"
    accept_answer(busy, answer_id, "ada")
    assert load_review(busy, review_id).answers[0].state == "accepted"
    busy.close()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", 15.0), ("2.5", 2.5), ("0", 0.0), ("soon", 15.0), ("-3", 15.0), ("nan", 15.0)],
)
def test_lock_timeout_comes_from_the_environment(
    raw: str, expected: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOCK_TIMEOUT_ENV, raw)
    assert lock_timeout_seconds() == expected

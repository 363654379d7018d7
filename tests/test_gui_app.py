"""Starting ddq-desk: populated window, database errors, one instance per data directory."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import EXIT_DATABASE, run
from desktop.single_instance import SingleInstance
from models.bootstrap import open_database
from models.storage.schema import backup_database
from tests.conftest import PROJECT_ROOT
from tests.gui_helpers import FakeDialogs

pytestmark = pytest.mark.gui


def _desk_process(data_dir: Path, *args: str) -> subprocess.Popen:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    environment.pop("DDQ_DATA_DIR", None)
    return subprocess.Popen(
        [sys.executable, "-m", "desktop.app", "--data-dir", str(data_dir), *args],
        cwd=PROJECT_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip


def test_quit_after_show_lists_the_knowledge_base(data_dir) -> None:
    process = _desk_process(data_dir, "--quit-after-show")
    _out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert (data_dir / "ddq.sqlite3").exists()
    assert not (data_dir / "ddq-desk.lock").exists()  # released on exit


def test_corrupt_database_shows_one_line_naming_the_newest_backup(qapp, data_dir) -> None:
    open_database(data_dir).close()
    backup = backup_database(data_dir / "ddq.sqlite3", "manual")
    (data_dir / "ddq.sqlite3").write_bytes(b"garbage, not SQLite" * 100)
    made: list[FakeDialogs] = []

    def dialogs(parent=None) -> FakeDialogs:
        made.append(FakeDialogs(parent))
        return made[-1]

    assert run(["--data-dir", str(data_dir)], dialogs_factory=dialogs) == EXIT_DATABASE
    errors = [error for fake in made for error in fake.errors]
    assert len(errors) == 1
    title, message = errors[0]
    assert "cannot open its database" in title
    assert backup.name in message and "\n" not in message
    assert not (data_dir / "ddq-desk.lock").exists()


def test_newer_schema_is_refused_with_the_backup_named(qapp, data_dir) -> None:
    import sqlite3

    open_database(data_dir).close()
    backup = backup_database(data_dir / "ddq.sqlite3", "manual")
    connection = sqlite3.connect(data_dir / "ddq.sqlite3")
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    fake = FakeDialogs()
    assert run(["--data-dir", str(data_dir)], dialogs_factory=lambda parent=None: fake) == 2
    assert "newer DDQ Desk" in fake.errors[0][1] and backup.name in fake.errors[0][1]


def test_second_launch_raises_the_running_one(qtbot, data_dir) -> None:
    first = SingleInstance(data_dir)
    assert first.acquire()
    try:
        with qtbot.waitSignal(first.raise_requested, timeout=60_000):
            second = _desk_process(data_dir)
        _out, err = second.communicate(timeout=60)
        assert second.returncode == 0, err
        assert "already running" in err
    finally:
        first.release()
    again = SingleInstance(data_dir)
    assert again.acquire()
    again.release()


def test_no_network_at_start_up_or_during_a_review(qtbot, data_dir, monkeypatch) -> None:
    import socket

    from tests.gui_helpers import open_desk

    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network disabled by the test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    desk = open_desk(qtbot, data_dir)
    from tests.test_gui_review import _template_review

    desk.controller.open_review(_template_review(desk.database))
    desk.controller.review.accept()
    desk.controller.review.next()
    desk.close()
    assert attempts == []


def test_a_crashed_instance_does_not_lock_the_data_dir_forever(qapp, data_dir) -> None:
    crash = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from desktop.single_instance import SingleInstance\n"
        "app = QCoreApplication([])\n"
        "held = SingleInstance(Path(sys.argv[1]))\n"
        "assert held.acquire()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", crash, str(data_dir)], cwd=PROJECT_ROOT, check=True)
    assert (data_dir / "ddq-desk.lock").exists()
    instance = SingleInstance(data_dir)
    assert instance.acquire()
    instance.release()


def test_start_up_path_loads_no_orm() -> None:
    code = (
        "import sys\n"
        "import desktop.app, desktop.main_controller, desktop.main_window\n"
        "heavy = [name for name in ('models.storage.tables', 'sqlmodel', 'questionnaires.reviews')"
        " if name in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True
    )
    assert completed.stdout.strip() == ""


def test_display_labels_cover_the_declared_values() -> None:
    from desktop.kb.claim_detail import DISPOSITION_LABELS, STATUS_BADGES
    from desktop.review.review_page import STATE_LABELS, VERDICT_LABELS
    from models.storage.tables import ANSWER_STATES, CLAIM_STATUSES, DISPOSITIONS, VERDICTS

    assert tuple(VERDICT_LABELS) == VERDICTS
    assert set(STATE_LABELS) == set(ANSWER_STATES)
    assert tuple(DISPOSITION_LABELS) == DISPOSITIONS
    assert set(STATUS_BADGES) == set(CLAIM_STATUSES)

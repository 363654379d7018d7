"""Team mode in the desktop app: ``ddq-desk --database``, and the team database in Settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import EXIT_DATABASE, run
from models.bootstrap import open_database
from models.errors import UserError
from models.storage.database_url import read_saved_url
from tests.conftest import PROJECT_ROOT
from tests.gui_helpers import FakeDialogs

pytestmark = pytest.mark.gui


def test_a_url_with_a_password_is_one_dialog_line_without_it(qapp, data_dir: Path) -> None:
    made: list[FakeDialogs] = []

    def dialogs(parent=None) -> FakeDialogs:
        made.append(FakeDialogs(parent))
        return made[-1]

    argv = ["--data-dir", str(data_dir), "--database", "postgresql://dana:hunter22@db.example/ddq"]
    assert run(argv, dialogs_factory=dialogs) == EXIT_DATABASE
    ((title, message),) = [error for fake in made for error in fake.errors]
    assert "cannot open its database" in title
    assert "carries a password" in message and "hunter22" not in message and "\n" not in message
    assert not (data_dir / "ddq.sqlite3").exists()


def test_the_desktop_app_opens_a_team_database(data_dir: Path, postgres_url: str) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--data-dir", str(data_dir), "--database",
         postgres_url, "--quit-after-show"],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert "Traceback" not in process.stderr
    assert not (data_dir / "ddq.sqlite3").exists()  # the server holds the data


def test_settings_saves_the_team_database_and_refuses_a_password(qtbot, data_dir: Path) -> None:
    from desktop.settings_dialog import SettingsDialog, current_settings, save_settings

    database = open_database(data_dir)
    try:
        dialog = SettingsDialog(current_settings(database), data_dir, lambda: None, lambda: None)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.team_database, "postgresql://dana:hunter22@db.example/ddq")
        with pytest.raises(UserError, match="carries a password"):
            save_settings(database, dialog.values())
        assert read_saved_url(data_dir) is None
        dialog.team_database.clear()
        wanted = "postgresql://dana@db.example/ddq?sslmode=verify-full"
        qtbot.keyClicks(dialog.team_database, wanted)
        assert "team.database_url" in save_settings(database, dialog.values())
        assert read_saved_url(data_dir) == wanted
        reopened = SettingsDialog(current_settings(database), data_dir, lambda: None, lambda: None)
        qtbot.addWidget(reopened)
        assert reopened.team_database.text() == wanted
        reopened.team_database.clear()
        save_settings(database, reopened.values())
        assert read_saved_url(data_dir) is None  # empty: back to the SQLite file
    finally:
        database.close()

"""``ddq-desk``: start the desktop application.

Start-up order: resolve the data directory, make sure only one instance runs on it (a second
launch raises the first window, or refuses clearly), open the database (a damaged or too-new
file gets a one-line dialog naming the newest backup, never a traceback), then show the main
window as the user left it. No network request is made at start-up or during a review.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from models.errors import UserError

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.dialogs import DialogService
    from desktop.single_instance import SingleInstance
    from models.storage.database import Database

EXIT_OK = 0
EXIT_ALREADY_RUNNING = 1
EXIT_DATABASE = 2


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """Parse ``ddq-desk``'s command line."""
    parser = argparse.ArgumentParser(prog="ddq-desk", description="DDQ Desk desktop app")
    parser.add_argument("--data-dir", help="use this data directory (default: DDQ_DATA_DIR)")
    parser.add_argument(
        "--database",
        metavar="URL",
        help="a team database: postgresql://user@host/dbname, no password (default: "
        "DDQ_DATABASE_URL, else the URL saved in Settings, else the SQLite file)",
    )
    parser.add_argument(
        "--quit-after-show",
        action="store_true",
        help="exit once the main window is shown with the knowledge base listed",
    )
    return parser.parse_known_args(list(argv))[0]


def database_error_message(
    error: UserError, data_dir: Path, database_url: str | None = None
) -> str:
    """Return the one line shown when the database cannot be opened, naming the newest backup.

    A team database on PostgreSQL has no backup files beside it; its message stands alone.
    """
    # deferred: start-up time (the window's modules load after the instance check)
    from models.storage.database_url import resolve_database_url
    from models.storage.datadir import database_path
    from models.storage.schema import newest_backup

    message = str(error)
    try:
        team = resolve_database_url(database_url, data_dir) is not None
    except UserError:
        team = True  # the refused URL is what the message is about
    if team:
        return message
    backup = newest_backup(database_path(data_dir))
    if backup is not None and backup.name not in message:
        message += f" (newest backup: {backup})"
    elif backup is None and "backup" not in message:
        message += " (no backup exists)"
    return message


def run(
    argv: Sequence[str],
    dialogs_factory: Callable[[QWidget | None], DialogService] | None = None,
    freeze_start_up_objects: bool = False,
) -> int:
    """Run the application; return the exit status.

    Args:
        argv: Command-line arguments without the program name.
        dialogs_factory: Builds the dialog service for a parent window (tests pass a fake).
        freeze_start_up_objects: Once the window is shown, move every object that exists
            to the collector's permanent generation (``gc.freeze``). Only ``main`` does:
            in a test process it would keep earlier tests' garbage for good.
    """
    arguments = parse_arguments(argv)
    # deferred: start-up time (the window's modules load after the instance check)
    from PySide6.QtWidgets import QApplication

    from desktop import pyside_import_check

    pyside_import_check.install()  # before the app's own modules are imported
    # deferred: start-up time (the window's modules load after the instance check)
    from desktop.collector import MainThreadCollector
    from desktop.dialogs import DialogService
    from desktop.single_instance import SingleInstance, ask_running_instance_to_raise
    from models.storage.datadir import resolve_data_dir

    make_dialogs = dialogs_factory or DialogService
    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else "ddq-desk"])
    )
    app.setApplicationName("DDQ Desk")
    app.setOrganizationName("DDQ Desk")
    # Qt objects must never be destroyed by a collection that runs on a worker thread.
    MainThreadCollector(app).start()
    QApplication.setApplicationDisplayName("DDQ Desk")
    data_dir = resolve_data_dir(arguments.data_dir)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        make_dialogs(None).error(
            "DDQ Desk", f"Cannot create the data directory {data_dir}: {error}"
        )
        return EXIT_DATABASE

    instance = SingleInstance(data_dir)
    if not instance.acquire():
        if ask_running_instance_to_raise(data_dir):
            sys.stderr.write("ddq-desk: already running on this data directory; raised it\n")
            return EXIT_OK
        message = (
            f"DDQ Desk is already running with the data directory {data_dir} "
            "and did not answer; close it first."
        )
        sys.stderr.write(f"ddq-desk: error: {message}\n")
        make_dialogs(None).error("DDQ Desk is already running", message)
        return EXIT_ALREADY_RUNNING

    try:
        # deferred: start-up time (the window's modules load after the instance check)
        from models.bootstrap import open_database

        try:
            database = open_database(data_dir, database_url=arguments.database)
        except UserError as error:
            message = database_error_message(error, data_dir, arguments.database)
            sys.stderr.write(f"ddq-desk: error: {message}\n")
            make_dialogs(None).error("DDQ Desk cannot open its database", message)
            return EXIT_DATABASE
        return _run_window(
            app, database, instance, make_dialogs, arguments.quit_after_show,
            freeze_start_up_objects,
        )  # fmt: skip
    finally:
        instance.release()


def _run_window(
    app: QApplication,
    database: Database,
    instance: SingleInstance,
    make_dialogs: Callable[[QWidget | None], DialogService],
    quit_after_show: bool,
    freeze_start_up_objects: bool,
) -> int:
    # deferred: start-up time (the window's modules load after the instance check)
    from PySide6.QtCore import QTimer

    from desktop.main_controller import MainController
    from desktop.main_window import MainWindow
    from desktop.operations import wait_for_operations

    window = MainWindow()
    controller = MainController(database, window, make_dialogs(window))
    instance.raise_requested.connect(window.bring_to_front)
    controller.start()
    window.show()
    if freeze_start_up_objects:
        # The modules, classes and widgets made so far (some 35,000 objects) live as long as
        # the app: no collection needs to look at them again. Every full collection on the
        # GUI thread, and the last one at exit (some 20 ms of 35-120 ms), skip them.
        gc.freeze()
    # The ORM (SQLAlchemy, SQLModel, pydantic: some 40 MB) is not preloaded: showing the
    # knowledge base and reading a review run on plain sqlite3, and the first change a
    # reviewer makes loads it (about 0.3 s, once).
    if quit_after_show:

        def check_and_quit() -> None:
            listed = window.kb_page.table.model().rowCount()
            app.exit(EXIT_OK if window.isVisible() and listed > 0 else 1)

        QTimer.singleShot(0, check_and_quit)
    try:
        code = app.exec()
    finally:
        if window.isVisible():
            controller.save_state()
        wait_for_operations()
        window.deleteLater()
        database.close()
    return code


def main() -> int:
    """Start DDQ Desk (the ``ddq-desk`` command)."""
    return run(sys.argv[1:], freeze_start_up_objects=True)


if __name__ == "__main__":
    sys.exit(main())

"""A scripted dialog service and a fixture-friendly way to run the main window in tests."""

from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.main_controller import MainController
from desktop.main_window import MainWindow
from desktop.operations import wait_for_operations
from models.bootstrap import open_database
from models.storage.database import Database


class FakeDialogs:
    """Answers dialogs from queues and records what the app showed; opens no browser."""

    def __init__(self, parent: Any = None) -> None:
        self.parent = parent
        self.errors: list[tuple[str, str]] = []
        self.infos: list[tuple[str, str]] = []
        self.abouts: list[Any] = []
        self.opened_urls: list[str] = []
        self.opened_files: list[Path] = []
        self.answers: dict[str, deque] = {}
        self.questions: list[tuple[str, str]] = []  # (title, message) of every confirm
        self.form_problems: list[str | None] = []  # what the core said to each submitted form
        self.responses: list[Any] = []
        self.refills: list[Any] = []
        self.conflicts: list[tuple[str, Any, dict, dict]] = []  # (title, conflict, seen, mine)

    def script(self, kind: str, *answers: Any) -> None:
        """Queue answers for ``ask_text``, ``ask_multiline``, ``open_file``, ``confirm``,
        ``new_review``, ``settings``, ``edit_claim`` or ``cite_claims`` (a callable answer is
        called with what the dialog would show)."""
        self.answers.setdefault(kind, deque()).extend(answers)

    def _next(self, kind: str) -> Any:
        queue = self.answers.get(kind)
        if not queue:
            raise AssertionError(f"the app asked an unscripted {kind} dialog")
        return queue.popleft()

    def error(self, title: str, message: str) -> None:
        self.errors.append((title, message))

    def info(self, title: str, message: str) -> None:
        self.infos.append((title, message))

    def about(self, info: Any) -> None:
        self.abouts.append(info)

    def confirm(self, title: str, message: str) -> bool:
        self.questions.append((title, message))
        return self._next("confirm")

    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        return self._next("ask_text")

    def ask_multiline(self, title: str, label: str, text: str = "") -> str | None:
        return self._next("ask_multiline")

    def open_file(self, title: str, filters: str) -> Path | None:
        return self._next("open_file")

    def save_file(self, title: str, suggested: str, filters: str) -> Path | None:
        return self._next("save_file")

    def ask_password(self, title: str, label: str) -> str | None:
        return self._next("ask_password")

    def edit_claim(self, claim: Any) -> dict[str, str] | None:
        return self._next("edit_claim")

    def new_review(self, vendors, templates, choose_file, path=None):
        answer = self._next("new_review")
        return answer(path) if callable(answer) else answer

    def conflict(self, title: str, conflict: Any, seen: dict, mine: dict) -> bool:
        """Answer from the ``conflict`` script: True (redo on top), False (discard), or a
        callable given what the dialog would show."""
        self.conflicts.append((title, conflict, seen, mine))
        answer = self._next("conflict")
        return answer(title, conflict, seen, mine) if callable(answer) else answer

    def cite_claims(self, question, claims, ticked):
        answer = self._next("cite_claims")
        return answer(question, claims, ticked) if callable(answer) else answer

    def settings(self, values, data_dir, choose_identity, open_folder, identity_note=""):
        self.identity_note = identity_note
        answer = self._next("settings")
        return answer(values) if callable(answer) else answer

    def workbook_columns(self, review_id: int, info: Any, choice: Any) -> Any:
        self.workbook_request = (review_id, info, choice)
        answer = self._next("workbook_columns")
        return answer(info, choice) if callable(answer) else answer

    def open_url(self, url: str) -> None:
        self.opened_urls.append(url)

    def new_vendor(self) -> dict[str, str] | None:
        return self._next("new_vendor")

    def claim_form(self, vendor_label: str, submit, base=None) -> bool:
        """Submit the scripted form (a callable gets ``base``); record what the core said."""
        answer = self._next("claim_form")
        form = answer(base) if callable(answer) else answer
        if form is None:
            return False
        problems = submit(form)
        self.form_problems.append(problems)
        return problems is None

    def vendor_response(self, response, accept) -> bool:
        """The scripted answer gets the response and returns (accepted, rejected) or None."""
        self.responses.append(response)
        decided = self._next("vendor_response")(response)
        if decided is None:
            return False
        problem = accept(*decided)
        self.form_problems.append(problem)
        return problem is None

    def refill(self, result):
        self.refills.append(result)
        answer = self._next("refill")
        return answer(result) if callable(answer) else answer

    def open_local(self, path: Path) -> None:
        self.opened_files.append(path)


@dataclass
class Desk:
    """A running main window over a real database, with its fake dialogs."""

    database: Database
    window: MainWindow
    controller: MainController
    dialogs: FakeDialogs
    closed: bool = field(default=False)

    def close(self) -> None:
        """Close the window like a user (state saved) and release the database."""
        if self.closed:
            return
        self.closed = True
        self.window.close()
        wait_for_operations()
        self.database.close()


def open_desk(qtbot: Any, data_dir: Path) -> Desk:
    """Open the main window on ``data_dir`` as ``ddq-desk`` would, registered with qtbot."""
    database = open_database(data_dir)
    window = MainWindow()
    qtbot.addWidget(window)
    dialogs = FakeDialogs(window)
    controller = MainController(database, window, dialogs)
    controller.start()
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    return Desk(database, window, controller, dialogs)

"""The conflict dialog (issue 16, point 2) through the real windows: someone else changes the
answer (or claim) while the reviewer has it open; the reviewer's change is refused, the dialog
shows both values, and *Redo mine on top* lands it on the new version, *Discard mine* keeps
theirs."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.conflict_dialog import ConflictDialog
from desktop.dialogs import DialogService
from models.errors import Conflict
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim
from models.settings import set_setting
from models.storage.database import Database
from questionnaires.review_records import load_review
from questionnaires.reviews import edit_answer
from tests.gui_helpers import open_desk
from tests.review_factory import make_review

# Showing a dialog offscreen warns that the plugin cannot propagate size hints.
# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [
    pytest.mark.gui,
    pytest.mark.usefixtures("seeded"),
    pytest.mark.qt_log_ignore("does not support propagateSizeHints"),
]

ORIGINAL = "Encryption at rest is not documented."


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    set_setting(opened.database, "reviewer.name", "Alice", "test")
    yield opened
    opened.close()


@pytest.fixture
def bob(data_dir: Path):
    """Bob's own connection to the same file, as his laptop or his ``ddq`` would have."""
    database = Database.at(data_dir)
    yield database
    database.close()


def _open_review(desk) -> int:
    review_id = make_review(
        desk.database, [{"question": "Is customer data encrypted at rest?", "text": ORIGINAL}]
    )
    desk.controller.open_review(review_id)
    return review_id


def _answer(desk, review_id: int):
    return load_review(desk.database, review_id).answers[0]


def test_redo_on_top_lands_the_reviewers_text_over_a_change_made_while_editing(
    qtbot, desk, bob, tmp_path: Path
) -> None:
    review_id = _open_review(desk)
    page = desk.window.review_page
    qtbot.keyClick(page.questions, Qt.Key.Key_F2)  # Alice starts editing the answer
    edit_answer(bob, _answer(desk, review_id).id, "Bob", verdict="no", text="Bob: not encrypted.")
    page.answer.selectAll()
    qtbot.keyClicks(page.answer, "Alice: AES-256 at rest.")
    shown: list[list[list[str]]] = []

    def look_and_redo(title, conflict, seen, mine) -> bool:
        dialog = ConflictDialog(title, conflict, seen, mine)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.grab().save(str(tmp_path / "conflict.png"))
        shown.append(dialog.row_texts())
        assert dialog.windowTitle() == "Cannot save the answer"
        qtbot.mouseClick(dialog.redo_button, Qt.MouseButton.LeftButton)
        return dialog.redo

    desk.dialogs.script("conflict", look_and_redo)
    qtbot.keyClick(page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert len(desk.dialogs.conflicts) == 1 and desk.dialogs.errors == []
    _title, conflict, _seen, _mine = desk.dialogs.conflicts[0]
    assert conflict.describe().startswith("answer Q1 was changed by Bob at ")
    assert ["Answer", ORIGINAL, "Bob: not encrypted.", "Alice: AES-256 at rest."] in shown[0]
    assert ["Verdict", "unknown", "no", "no"] in shown[0]  # Bob's verdict stays under hers
    assert (tmp_path / "conflict.png").stat().st_size > 0
    stored = _answer(desk, review_id)
    assert (stored.text, stored.verdict, stored.reviewer, stored.version) == (
        "Alice: AES-256 at rest.", "no", "Alice", 3,
    )  # fmt: skip
    assert not page.editing and page.answer.toPlainText() == "Alice: AES-256 at rest."


def test_discard_keeps_the_other_change_and_shows_it(qtbot, desk, bob) -> None:
    review_id = _open_review(desk)
    page = desk.window.review_page
    edit_answer(bob, _answer(desk, review_id).id, "Bob", verdict="no", text="Bob: not encrypted.")
    desk.dialogs.script("conflict", False)
    qtbot.keyClick(page.questions, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # yes
    _title, conflict, seen, mine = desk.dialogs.conflicts[0]
    assert (seen["verdict"], conflict.theirs["verdict"], mine["verdict"]) == (
        "unknown",
        "no",
        "yes",
    )
    stored = _answer(desk, review_id)
    assert (stored.verdict, stored.text, stored.reviewer, stored.version) == (
        "no", "Bob: not encrypted.", "Bob", 2,
    )  # fmt: skip
    assert page.answer.toPlainText() == "Bob: not encrypted."
    assert page.verdict.currentData() == "no"
    # Her next change is based on what she now sees, and lands.
    qtbot.keyClick(page.questions, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert _answer(desk, review_id).verdict == "yes" and len(desk.dialogs.conflicts) == 1


def test_a_claim_edited_meanwhile_offers_to_redo_only_the_reviewers_fields(
    qtbot, desk, bob
) -> None:
    desk.controller.kb.select_claim("mfa")
    claim = get_claim(desk.database, "mfa")
    edit_claim(bob, claim.id, "Bob", base_version=claim.version, status="no")
    desk.dialogs.script("edit_claim", {**_form(claim), "title": "MFA for every user"})
    desk.dialogs.script("conflict", True)
    qtbot.mouseClick(desk.window.kb_page.detail.edit_button, Qt.MouseButton.LeftButton)
    _title, conflict, seen, mine = desk.dialogs.conflicts[0]
    assert conflict.describe().startswith("claim mfa was changed by Bob at ")
    assert mine == {"title": "MFA for every user"}
    assert (seen["status"], conflict.theirs["status"]) == (claim.status, "no")
    stored = get_claim(desk.database, "mfa")
    assert (stored.title, stored.status, stored.updated_by, stored.version) == (
        "MFA for every user", "no", "Alice", 3,
    )  # fmt: skip


def _form(claim) -> dict[str, str]:
    return {
        "title": claim.title,
        "status": claim.status,
        "statement": claim.statement,
        "watch_out": claim.watch_out or "",
    }


def test_the_dialog_service_shows_values_as_plain_text_and_returns_the_choice(qtbot) -> None:
    conflict = Conflict(
        what="answer Q7", by="Bob <b>", at=None, version=4,
        theirs={"verdict": "no", "text": "<i>theirs</i>", "state": "edited", "flag_reason": None},
    )  # fmt: skip
    seen = {"verdict": "no", "text": "old", "state": "auto", "flag_reason": None}
    rows: list[list[list[str]]] = []

    def choose(button: str) -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ConflictDialog))
        rows.append(dialog.row_texts())
        labels = dialog.findChildren(type(dialog.cells[(1, 1)]))
        assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)
        getattr(dialog, button).click()

    QTimer.singleShot(0, lambda: choose("redo_button"))
    assert DialogService().conflict("Cannot save", conflict, seen, {"text": "<b>mine</b>"})
    assert ["Answer", "old", "<i>theirs</i>", "<b>mine</b>"] in rows[0]
    assert ["State", "auto", "edited", "edited"] in rows[0]
    QTimer.singleShot(0, lambda: choose("discard_button"))
    assert not DialogService().conflict("Cannot save", conflict, seen, {"text": "x"})

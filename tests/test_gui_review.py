"""The guided review driven by keyboard through the real widgets, and new reviews."""

import os

import pytest
from PySide6.QtCore import Qt

from desktop.review.new_review_dialog import NewReviewRequest
from models.settings import set_setting
from questionnaires.review_builder import start_review
from questionnaires.review_overview import review_overview
from questionnaires.reviews import load_review
from questionnaires.templates import template_questions
from tests.gui_helpers import open_desk

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


def _template_review(database, template: str = "gdpr") -> int:
    review_id = None
    for _done, _total, created in start_review(
        database, "openai-api", template_questions(database, template),
        title="GDPR review", template_id=template, reviewer="Alice",
    ):  # fmt: skip
        review_id = created or review_id
    return review_id


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    set_setting(opened.database, "reviewer.name", "Alice", "test")
    yield opened
    opened.close()


def test_review_by_keyboard_alone(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    qtbot.keyClick(desk.window, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # Reviews tab
    table = desk.window.reviews_page.table
    assert desk.window.reviews_page.selected_review_id() == review_id
    assert table.hasFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)  # open the selected review
    page, review = desk.window.review_page, desk.controller.review
    assert desk.window.reviews_stack.currentWidget() is page
    questions = page.questions
    assert questions.hasFocus()
    assert review.current_row() == 0
    assert page.question.text() == load_review(desk.database, review_id).answers[0].question

    qtbot.keyClick(questions, Qt.Key.Key_Return)  # accept, then on to the next unresolved
    answers = load_review(desk.database, review_id).answers
    assert answers[0].state == "accepted" and answers[0].reviewer == "Alice"
    assert review.current_row() == 1

    qtbot.keyClick(questions, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)  # verdict: no
    qtbot.keyClick(questions, Qt.Key.Key_F2)
    assert page.editing and page.answer.hasFocus()
    page.answer.selectAll()
    qtbot.keyClicks(page.answer, "We do not process personal data for you.")
    qtbot.keyClick(page.answer, Qt.Key.Key_Return)  # a new line while editing, not accept
    qtbot.keyClicks(page.answer, "Ask the DPO.")
    qtbot.keyClick(page.answer, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert not page.editing
    second = load_review(desk.database, review_id).answers[1]
    assert (second.state, second.verdict) == ("edited", "no")
    assert second.text == "We do not process personal data for you.\nAsk the DPO."

    desk.dialogs.script("ask_text", "Ask for the sub-processor list")
    qtbot.keyClick(questions, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next
    assert review.current_row() == 2
    qtbot.keyClick(
        questions,
        Qt.Key.Key_F,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    third = load_review(desk.database, review_id).answers[2]
    assert (third.state, third.flag_reason) == ("flagged", "Ask for the sub-processor list")
    assert "Ask for the sub-processor list" in page.flag_reason.text()

    qtbot.keyClick(questions, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)  # previous
    assert review.current_row() == 1
    qtbot.keyClick(questions, Qt.Key.Key_F3)  # next unresolved skips the edited one
    assert review.current_row() == 2
    qtbot.keyClick(questions, Qt.Key.Key_F3)
    assert review.current_row() == 3
    assert page.progress_label.text() == f"2 of {len(answers)} resolved"


def test_escape_cancels_an_edit(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    page = desk.window.review_page
    before = page.answer.toPlainText()
    qtbot.keyClick(page.questions, Qt.Key.Key_F2)
    qtbot.keyClicks(page.answer, "scribble")
    qtbot.keyClick(page.answer, Qt.Key.Key_Escape)
    assert not page.editing and page.answer.toPlainText() == before
    assert load_review(desk.database, review_id).answers[0].state == "auto"


def test_text_saves_as_you_type_and_when_moving_on(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    page = desk.window.review_page
    qtbot.keyClick(page.questions, Qt.Key.Key_F2)
    qtbot.keyClicks(page.answer, " Checked with the DPO.")
    qtbot.waitUntil(  # saved without any command: a kill now loses nothing
        lambda: load_review(desk.database, review_id).answers[0].text.endswith("the DPO."),
        timeout=5_000,
    )
    assert page.editing and page.answer.hasFocus()
    qtbot.keyClicks(page.answer, " Also the CISO.")
    qtbot.keyClick(page.answer, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert not page.editing and desk.controller.review.current_row() == 1
    first = load_review(desk.database, review_id).answers[0]
    assert first.text.endswith("the DPO. Also the CISO.") and first.state == "edited"


def test_escape_after_autosave_puts_back_the_old_text(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    page = desk.window.review_page
    before = load_review(desk.database, review_id).answers[0].text
    qtbot.keyClick(page.questions, Qt.Key.Key_F2)
    qtbot.keyClicks(page.answer, " draft")
    qtbot.waitUntil(
        lambda: load_review(desk.database, review_id).answers[0].text == before + " draft",
        timeout=5_000,
    )
    qtbot.keyClick(page.answer, Qt.Key.Key_Escape)
    assert load_review(desk.database, review_id).answers[0].text == before
    assert page.answer.toPlainText() == before


def test_filters_show_unresolved_flagged_and_unknown(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    page, review = desk.window.review_page, desk.controller.review
    total = review.proxy.rowCount()
    qtbot.keyClick(page.questions, Qt.Key.Key_Return)
    page.filter.setCurrentIndex(page.filter.findData("unresolved"))
    assert review.proxy.rowCount() == total - 1
    page.filter.setCurrentIndex(page.filter.findData("flagged"))
    assert review.proxy.rowCount() == 0
    assert "No question matches" in page.question.text()
    page.filter.setCurrentIndex(page.filter.findData("unknown"))
    unknown = sum(
        1 for a in load_review(desk.database, review_id).answers if a.verdict == "unknown"
    )
    assert review.proxy.rowCount() == unknown


def test_quit_and_reopen_restores_the_review(qtbot, data_dir) -> None:
    desk = open_desk(qtbot, data_dir)
    desk.window.kb_page.splitter.setSizes([300, 600])
    sizes = desk.window.kb_page.splitter.sizes()
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    desk.controller.review.go_to_row(7)
    desk.close()

    reopened = open_desk(qtbot, data_dir)
    assert reopened.window.reviews_stack.currentWidget() is reopened.window.review_page
    assert reopened.window.tabs.currentIndex() == 1
    assert reopened.controller.review.current_row() == 7
    reopened.window.tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: reopened.window.kb_page.splitter.sizes() == sizes)
    reopened.close()


def test_summary_counts_and_finish(qtbot, desk) -> None:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    qtbot.keyClick(desk.window.review_page.questions, Qt.Key.Key_Return)
    qtbot.mouseClick(desk.window.review_page.summary_button, Qt.MouseButton.LeftButton)
    summary = desk.window.summary_page
    assert desk.window.reviews_stack.currentWidget() is summary
    total = len(load_review(desk.database, review_id).answers)
    assert f"{total} questions · 1 resolved" in summary.totals.text()
    assert sum(sum(n for _s, n in segs) for _l, segs in summary.verdict_chart.rows) == total
    assert len(summary.section_chart.rows) > 1
    desk.dialogs.script("confirm", True)
    qtbot.mouseClick(summary.finish_button, Qt.MouseButton.LeftButton)
    assert load_review(desk.database, review_id).finished_at is not None
    assert "finished" in summary.totals.text()


def test_new_review_from_a_template(qtbot, desk) -> None:
    desk.dialogs.script("new_review", NewReviewRequest("openai-api", "HIPAA check", "hipaa"))
    with qtbot.waitSignal(desk.controller.starter.ended, timeout=30_000):
        qtbot.keyClick(desk.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert desk.dialogs.errors == []
    assert desk.window.reviews_stack.currentWidget() is desk.window.review_page
    review = desk.controller.review.review
    assert review.title == "HIPAA check" and len(review.answers) == len(
        template_questions(desk.database, "hipaa")
    )


def test_new_review_from_a_dropped_csv(qtbot, desk, tmp_path) -> None:
    questionnaire = tmp_path / "customer.csv"
    questionnaire.write_text(
        "id,question\nQ1,Do you encrypt customer data at rest?\nQ2,Will you sign a BAA?\n",
        encoding="utf-8",
    )
    desk.dialogs.script(
        "new_review", lambda path: NewReviewRequest("openai-api", "Customer", path=path)
    )
    with qtbot.waitSignal(desk.controller.starter.ended, timeout=30_000):
        desk.window.files_dropped.emit([questionnaire])
    assert desk.dialogs.errors == []
    assert [a.qid for a in desk.controller.review.review.answers] == ["Q1", "Q2"]


def test_bad_import_file_shows_an_error_and_changes_nothing(qtbot, desk, tmp_path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this is not a workbook")
    before = review_overview(desk.database)
    desk.dialogs.script("open_file", broken)
    desk.dialogs.script("new_review", lambda path: NewReviewRequest("openai-api", "Bad", path=path))
    with qtbot.waitSignal(desk.controller.starter.ended, timeout=30_000):
        qtbot.keyClick(desk.window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(desk.dialogs.errors) == 1
    title, message = desk.dialogs.errors[0]
    assert title == "Cannot start the review" and "broken.xlsx" in message
    assert "\n" not in message and "Traceback" not in message
    assert review_overview(desk.database) == before
    assert desk.window.reviews_stack.currentWidget() is desk.window.reviews_page


def test_settings_persist(qtbot, data_dir) -> None:
    desk = open_desk(qtbot, data_dir)
    desk.dialogs.script(
        "settings",
        lambda values: {**values, "reviewer.name": "Dana", "reviewer.organisation": "Northwind",
                        "evidence.max_age_days": 90, "signing.identity": "/keys/dana.p12"},
    )  # fmt: skip
    desk.controller.show_settings()
    desk.close()
    reopened = open_desk(qtbot, data_dir)
    seen = {}
    reopened.dialogs.script("settings", lambda values: seen.update(values))
    reopened.controller.show_settings()
    assert seen["reviewer.name"] == "Dana"
    assert seen["reviewer.organisation"] == "Northwind"
    assert seen["evidence.max_age_days"] == 90
    assert seen["signing.identity"] == "/keys/dana.p12"
    reopened.close()


def test_settings_dialog_round_trips_its_fields(qtbot, data_dir) -> None:
    from desktop.settings_dialog import SettingsDialog

    values = {
        "reviewer.name": "Eve",
        "evidence.max_age_days": 30,
        "evidence.prefer_snapshots": True,
    }
    dialog = SettingsDialog(values, data_dir, lambda: None, lambda: None)
    qtbot.addWidget(dialog)
    dialog.fields["reviewer.name"].clear()
    qtbot.keyClicks(dialog.fields["reviewer.name"], "Eve Example")
    result = dialog.values()
    assert result["reviewer.name"] == "Eve Example"
    assert result["evidence.max_age_days"] == 30
    assert result["evidence.prefer_snapshots"] is True


def test_dropping_files_offers_only_questionnaires(qtbot, desk, tmp_path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    notes, sheet = tmp_path / "notes.txt", tmp_path / "customer.xlsx"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(notes))])
    enter = QDragEnterEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    desk.window.dragEnterEvent(enter)
    assert not enter.isAccepted()
    mime.setUrls([QUrl.fromLocalFile(str(notes)), QUrl.fromLocalFile(str(sheet))])
    drop = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(desk.window.files_dropped) as blocker:
        desk.dialogs.script("new_review", None)  # the reviewer cancels the New review form
        desk.window.dropEvent(drop)
    assert blocker.args == [[sheet]]


def test_long_section_paths_are_shortened_for_display() -> None:
    from desktop.widgets.text import short_section, without_common_prefix

    sections = ["Infra > Network", "Infra > Network > Firewalls", "Infra > Servers"]
    assert without_common_prefix(sections) == ["Network", "Network > Firewalls", "Servers"]
    assert without_common_prefix(["Security", "Privacy"]) == ["Security", "Privacy"]
    assert without_common_prefix(["Only > One"]) == ["One"]
    assert short_section("A > B > C > D") == "C > D"


def test_keyboard_shortcuts_are_listed(desk) -> None:
    desk.window.shortcuts_action.trigger()
    title, text = desk.dialogs.infos[-1]
    assert title == "Keyboard shortcuts"
    for expected in (
        "Accept answer: Return",
        "Next unresolved question: F3",
        "New review…: Ctrl+N",
    ):
        assert expected in text


def test_closing_a_window_left_as_it_was_opened_leaves_its_state_file_alone(
    qtbot, data_dir
) -> None:
    for _settle in range(2):  # the first show places the window; the geometry then holds
        desk = open_desk(qtbot, data_dir)
        desk.close()
    state = data_dir / "desktop.ini"
    written = state.read_bytes()
    earlier = state.stat().st_mtime_ns - 10**9
    os.utime(state, ns=(earlier, earlier))
    again = open_desk(qtbot, data_dir)
    again.close()
    assert state.stat().st_mtime_ns == earlier
    assert state.read_bytes() == written

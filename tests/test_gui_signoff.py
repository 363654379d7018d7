"""The sign-off in the desktop app: the finish gate, a finished review read-only with a
banner until reopened with a reason, and write-back through the column picker."""

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from desktop.review.workbook_dialog import NEW_COLUMN, WorkbookDialog
from exports.review_workbook import inspect_workbook
from questionnaires.importers import load_questions
from questionnaires.review_builder import start_review
from questionnaires.reviews import load_review
from questionnaires.workbook_targets import WorkbookChoice, load_choice
from tests.gui_helpers import open_desk
from tests.test_review_workbook import _customer_workbook

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    yield opened
    opened.close()


def _imported_review(database, tmp_path: Path) -> int:
    source = _customer_workbook(tmp_path / "acme.xlsx")
    review_id = None
    for _d, _t, made in start_review(
        database, "openai-api", load_questions(source), title="Acme", source_file=str(source)
    ):
        review_id = made or review_id
    return review_id


def _summary(qtbot, desk, review_id: int):
    desk.controller.show_summary(review_id)
    return desk.window.summary_page


def test_finish_gate_shows_the_counts_and_cancel_changes_nothing(qtbot, desk, tmp_path) -> None:
    review_id = _imported_review(desk.database, tmp_path)
    summary = _summary(qtbot, desk, review_id)
    assert f"(review {review_id})" in summary.title.text()
    desk.dialogs.script("confirm", False)
    qtbot.mouseClick(summary.finish_button, Qt.MouseButton.LeftButton)
    title, message = desk.dialogs.questions[-1]
    assert title == "Finish with open answers?"
    assert "3 of 3 answers not reviewed" in message and "Signed draft" in message
    assert load_review(desk.database, review_id).finished_at is None
    desk.dialogs.script("confirm", True)
    qtbot.mouseClick(summary.finish_button, Qt.MouseButton.LeftButton)
    assert load_review(desk.database, review_id).finished_at is not None
    assert summary.banner.isVisibleTo(summary) and "read-only" in summary.banner.text()
    assert summary.reopen_button.isVisibleTo(summary)
    assert not summary.finish_button.isVisibleTo(summary)


def test_a_finished_review_is_read_only_until_reopened_with_a_reason(qtbot, desk, tmp_path) -> None:
    review_id = _imported_review(desk.database, tmp_path)
    desk.dialogs.script("confirm", True)
    desk.controller.signoff.finish(review_id)
    desk.controller.open_review(review_id)
    page = desk.window.review_page
    assert page.banner_row.isVisibleTo(page) and "read-only" in page.finished_banner.text()
    before = load_review(desk.database, review_id).answers[0]
    qtbot.keyClick(page.questions, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.questions, Qt.Key.Key_Return)
    assert not page.accept_button.isEnabled() and not page.verdict.isEnabled()
    after = load_review(desk.database, review_id).answers[0]
    assert (after.verdict, after.state) == (before.verdict, before.state)
    assert desk.dialogs.errors == []

    desk.dialogs.script("ask_text", None)
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert load_review(desk.database, review_id).finished_at is not None
    desk.dialogs.script("ask_text", "  ")
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.errors[-1][0] == "Cannot reopen the review"
    desk.dialogs.script("ask_text", "Acme sent a corrected questionnaire")
    qtbot.mouseClick(page.reopen_button, Qt.MouseButton.LeftButton)
    assert load_review(desk.database, review_id).finished_at is None
    assert not page.banner_row.isVisibleTo(page) and page.accept_button.isEnabled()
    qtbot.keyClick(page.questions, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert load_review(desk.database, review_id).answers[0].verdict == "no"


def test_column_picker_detects_columns_and_offers_only_the_workbooks_values(
    qtbot, database, tmp_path
) -> None:
    review_id = _imported_review(database, tmp_path)
    info = inspect_workbook(database, review_id)
    dialog = WorkbookDialog(review_id, info, info.suggested)
    qtbot.addWidget(dialog)
    assert f"review {review_id}" in dialog.windowTitle()
    assert dialog.text_column.currentText() == "Vendor Response"
    assert dialog.verdict_column.currentText() == NEW_COLUMN
    assert not dialog.mapping_box.isVisibleTo(dialog)
    dialog.verdict_column.setCurrentIndex(dialog.verdict_column.findData("Vendor Response"))
    dialog.text_column.setCurrentIndex(dialog.text_column.findData("Comments"))
    assert dialog.mapping_box.isVisibleTo(dialog)
    partial = dialog.mapping["partial"]
    offered = [partial.itemText(i) for i in range(partial.count())]
    assert offered == ["(leave blank)", "Yes", "No", "N/A"]
    assert dialog.mapping["yes"].currentText() == "Yes"
    assert partial.currentText() == "(leave blank)"
    dialog.mapping["no"].setCurrentIndex(dialog.mapping["no"].findData("No"))
    assert dialog.choice() == WorkbookChoice(
        "Vendor Response", "Comments", {"yes": "Yes", "partial": "", "no": "No"}
    )


def test_write_back_from_the_summary_is_remembered_per_review(qtbot, desk, tmp_path) -> None:
    review_id = _imported_review(desk.database, tmp_path)
    summary = _summary(qtbot, desk, review_id)
    picked = WorkbookChoice("Vendor Response", "Comments", {"yes": "Yes", "no": "No"})
    out = tmp_path / "acme-reviewed.xlsx"
    desk.dialogs.script("workbook_columns", picked)
    desk.dialogs.script("save_file", out)
    qtbot.mouseClick(summary.workbook_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.errors == []
    assert "3 reviewed answers written to acme-reviewed.xlsx" in desk.dialogs.infos[-1][1]
    sheet = openpyxl.load_workbook(out)["Security"]
    assert all(sheet[f"C{row}"].value in ("Yes", "No", None) for row in (3, 4, 5))
    assert sheet["D3"].value
    assert (
        load_choice(desk.database, review_id)
        == WorkbookChoice(
            "Vendor Response", "Comments", {"yes": "Yes", "partial": "", "no": "No", "unknown": ""}
        )
        or load_choice(desk.database, review_id) == picked
    )
    desk.dialogs.script("workbook_columns", None)
    qtbot.mouseClick(summary.workbook_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.workbook_request[2] == load_choice(desk.database, review_id)


def test_write_back_with_a_mapping_the_list_rejects_shows_an_error(qtbot, desk, tmp_path) -> None:
    review_id = _imported_review(desk.database, tmp_path)
    summary = _summary(qtbot, desk, review_id)
    out = tmp_path / "bad.xlsx"
    desk.dialogs.script(
        "workbook_columns", WorkbookChoice("Vendor Response", None, {"unknown": "N/A"})
    )
    desk.dialogs.script("save_file", out)
    qtbot.mouseClick(summary.workbook_button, Qt.MouseButton.LeftButton)
    assert "unknown cannot be written as N/A" in desk.dialogs.errors[-1][1]
    assert not out.exists()

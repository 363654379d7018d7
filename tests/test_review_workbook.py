"""Reviewed answers back in the customer's own workbook: columns picked or detected, verdicts
mapped onto the workbook's own list validation, everything else left as it was."""

from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from exports.review_workbook import inspect_workbook, write_review_workbook
from models.errors import UserError
from models.storage.tables import Review
from questionnaires.importers import load_questions
from questionnaires.review_builder import start_review
from questionnaires.reviews import accept_answer, edit_answer, load_review
from questionnaires.workbook_targets import WorkbookChoice, load_choice, save_choice

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

QUESTIONS = [
    "Is customer data encrypted at rest?",
    "Do you use customer API data to train your models?",
    "What is your recovery time objective for the service?",
]


def _customer_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Security"
    sheet["A1"] = "Acme vendor questionnaire"
    sheet.merge_cells("A1:D1")
    sheet.append(["ID", "Question", "Vendor Response", "Comments"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for number, question in enumerate(QUESTIONS, start=1):
        sheet.append([f"Q{number}", question, None, None])
    sheet["E3"] = "=LEN(B3)"
    sheet["D5"].fill = PatternFill("solid", fgColor="FFFF00")
    validation = DataValidation(type="list", formula1='"Yes,No,N/A"', allow_blank=True)
    validation.showErrorMessage = True
    sheet.add_data_validation(validation)
    validation.add("C3:C5")
    workbook.save(path)
    return path


@pytest.fixture
def review(database, tmp_path: Path) -> tuple[int, Path]:
    source = _customer_workbook(tmp_path / "acme.xlsx")
    questions = load_questions(source)
    review_id = None
    for _done, _total, new_id in start_review(
        database, "openai-api", questions, title="Acme", source_file=str(source)
    ):
        review_id = new_id or review_id
    answers = load_review(database, review_id).answers
    edit_answer(database, answers[0].id, "dana", verdict="partial", text="Reviewed: AES-256.")
    accept_answer(database, answers[1].id, "dana")
    return review_id, source


def test_columns_and_the_validation_list_are_detected(database, review) -> None:
    review_id, _source = review
    info = inspect_workbook(database, review_id)
    assert info.suggested.verdict_column is None or info.suggested.verdict_column in info.headers
    assert info.suggested.text_column == "Vendor Response"
    assert info.allowed["Vendor Response"] == ["Yes", "No", "N/A"]


def test_reviewed_answers_go_into_the_picked_columns_within_the_list(
    database, review, tmp_path: Path
) -> None:
    review_id, source = review
    out = tmp_path / "acme-answered.xlsx"
    choice = WorkbookChoice("Vendor Response", "Comments", {"partial": "", "unknown": ""})
    result = write_review_workbook(database, review_id, out, choice=choice, actor="dana")
    assert result.answers == 3
    written = openpyxl.load_workbook(out)
    sheet = written["Security"]
    answers = load_review(database, review_id).answers
    allowed = {"Yes", "No", "N/A", None}
    assert sheet["C3"].value is None  # partial has no place in Yes/No/N/A: left blank
    assert sheet["D3"].value == "Reviewed: AES-256."
    assert sheet["C4"].value == {"no": "No", "yes": "Yes"}.get(answers[1].verdict)
    assert sheet["C5"].value != "N/A"  # unknown is never written as N/A
    assert all(sheet[f"C{row}"].value in allowed for row in (3, 4, 5))
    assert sheet["D5"].value == answers[2].text and sheet["D5"].fill.fgColor.rgb.endswith("FFFF00")
    # The customer's own cells, formula, merged range, styles and validation stay as they were.
    assert sheet["A1"].value == "Acme vendor questionnaire"
    assert [str(r) for r in sheet.merged_cells.ranges] == ["A1:D1"]
    assert sheet["E3"].value == "=LEN(B3)"
    assert sheet["A2"].font.bold
    [validation] = sheet.data_validations.dataValidation
    assert str(validation.sqref) == "C3:C5" and validation.formula1 == '"Yes,No,N/A"'
    assert sheet["F2"].value == "DDQ citations"  # citations in a new column after the last used
    original = openpyxl.load_workbook(source)["Security"]
    assert original["C3"].value is None and original["F2"].value is None


def test_mapping_unknown_to_na_or_to_a_value_outside_the_list_is_refused(
    database, review, tmp_path: Path
) -> None:
    review_id, _source = review
    out = tmp_path / "out.xlsx"
    with pytest.raises(UserError, match="unknown cannot be written as N/A"):
        write_review_workbook(
            database, review_id, out, choice=WorkbookChoice("Vendor Response", "Comments",
                                                            {"unknown": "N/A"}),
        )  # fmt: skip
    with pytest.raises(UserError, match="'Partially' for partial is not one of"):
        write_review_workbook(
            database, review_id, out, choice=WorkbookChoice("Vendor Response", "Comments",
                                                            {"partial": "Partially"}),
        )  # fmt: skip
    assert not out.exists()


def test_without_a_choice_new_columns_are_added(database, review, tmp_path: Path) -> None:
    review_id, _source = review
    out = tmp_path / "new-columns.xlsx"
    write_review_workbook(database, review_id, out, choice=WorkbookChoice())
    sheet = openpyxl.load_workbook(out)["Security"]
    assert [sheet.cell(2, column).value for column in (6, 7, 8)] == [
        "DDQ verdict",
        "DDQ answer",
        "DDQ citations",
    ]
    assert sheet["F3"].value == "Partial" and sheet["G3"].value == "Reviewed: AES-256."
    assert sheet["C3"].value is None and sheet["D3"].value is None


def test_csv_keeps_every_row_and_maps_onto_a_yes_no_header(database, tmp_path: Path) -> None:
    source = tmp_path / "acme.csv"
    source.write_text(
        "id,question,Yes/No,Comments,Owner\n"
        + "".join(f"Q{n},{q},,,legal\n" for n, q in enumerate(QUESTIONS, start=1)),
        encoding="utf-8",
    )
    review_id = None
    for _d, _t, new_id in start_review(
        database, "openai-api", load_questions(source), title="csv", source_file=str(source)
    ):
        review_id = new_id or review_id
    info = inspect_workbook(database, review_id)
    assert info.suggested == WorkbookChoice("Yes/No", "Comments")
    assert info.allowed["Yes/No"] == ["Yes", "No"]
    out = tmp_path / "answered.csv"
    write_review_workbook(database, review_id, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,question,Yes/No,Comments,Owner,DDQ citations"
    answers = load_review(database, review_id).answers
    for line, answer in zip(lines[1:], answers, strict=True):
        cells = line.split(",")
        assert cells[2] in ("Yes", "No", "")
        assert cells[2] == {"yes": "Yes", "no": "No"}.get(answer.verdict, "")
        assert cells[4] == "legal"


def test_the_choice_is_remembered_per_review(database, review) -> None:
    review_id, _source = review
    assert load_choice(database, review_id) is None
    choice = WorkbookChoice("Vendor Response", "Comments", {"yes": "Yes"})
    save_choice(database, review_id, choice, "dana")
    assert load_choice(database, review_id) == choice


def test_bad_requests_change_nothing(database, review, tmp_path: Path) -> None:
    review_id, source = review
    with pytest.raises(UserError, match=r"write a \.xlsx"):
        write_review_workbook(database, review_id, tmp_path / "out.csv")
    with pytest.raises(UserError, match="write a copy"):
        write_review_workbook(database, review_id, source)
    with pytest.raises(UserError, match="no column headed 'Nope'"):
        write_review_workbook(
            database, review_id, tmp_path / "o.xlsx", choice=WorkbookChoice("Nope")
        )
    with database.write("t") as unit:
        unit.session.get(Review, review_id).source_file = str(tmp_path / "gone.xlsx")
    with pytest.raises(UserError, match="no longer there"):
        write_review_workbook(database, review_id, tmp_path / "o.xlsx")
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".xlsx") == ["acme.xlsx"]


def test_header_choices_and_default_mapping() -> None:
    from questionnaires.workbook_targets import default_mapping, implied_values

    assert implied_values("Yes / No / N/A") == ["Yes", "No", "N/A"]
    assert implied_values("Client/Vendor") == [] and implied_values("Response") == []
    assert default_mapping(["Y", "N", "N/A", "Partially compliant"]) == {
        "yes": "Y",
        "partial": "Partially compliant",
        "no": "N",
        "unknown": "",
    }

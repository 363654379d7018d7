"""Write-back into the customer's own files keeps everything else as it was."""

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from models.errors import UserError
from questionnaires.autofill import autofill
from questionnaires.importers import load_questions
from questionnaires.writeback import write_answers
from tests.questionnaire_files import QUESTION_FORMULA, customer_workbook

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


def _answered(database, source: Path, out: Path) -> None:
    answers = autofill(database, "openai-api", load_questions(source))
    write_answers(out, "openai-api", answers, source=source)


def test_xlsx_write_back_keeps_the_workbook(database, tmp_path: Path) -> None:
    source = customer_workbook(tmp_path / "in.xlsx")
    out = tmp_path / "answered.xlsx"
    _answered(database, source, out)
    before = openpyxl.load_workbook(source)
    after = openpyxl.load_workbook(out)
    assert after.sheetnames == before.sheetnames == ["Security", "Privacy", "Notes"]
    for name in before.sheetnames:
        old, new = before[name], after[name]
        for row in old.iter_rows():
            for cell in row:
                assert new[cell.coordinate].value == cell.value, cell.coordinate
        assert {str(r) for r in new.merged_cells.ranges} == {
            str(r) for r in old.merged_cells.ranges
        }
        for letter, dimension in old.column_dimensions.items():
            assert new.column_dimensions[letter].width == dimension.width, (name, letter)
    security = after["Security"]
    assert security["B6"].value == QUESTION_FORMULA  # the formula survives as a formula
    assert security["B3"].font.bold and security["B3"].fill.fgColor.rgb == "FFDDEEFF"
    (validation,) = security.data_validations.dataValidation
    assert str(validation.sqref) == "C5:C20" and validation.formula1 == '"Yes,No,N/A"'
    # New columns after the last used one, on the header row, styled like the header.
    assert [security.cell(3, column).value for column in (4, 5, 6)] == [
        "DDQ verdict",
        "DDQ answer",
        "DDQ citations",
    ]
    assert security["D3"].font.bold and security["D3"].fill.fgColor.rgb == "FFDDEEFF"
    assert security["D5"].value == "yes" and "TLS 1.2" in security["E5"].value
    assert security["D6"].value == "yes" and "AES-256" in security["E6"].value
    assert "encryption-at-rest (2024-02-02) https://" in security["F6"].value
    assert security["D9"].value == "unknown"
    assert security["D10"].value == "partial" and "Zero Data Retention" in security["E10"].value
    assert security["D4"].value is None and security["D8"].value is None  # section rows
    privacy = after["Privacy"]
    assert privacy["D1"].value == "DDQ verdict"
    assert privacy["D2"].value == "no" and privacy["C2"].value == "keep me"
    assert privacy["D3"].value == "partial"
    assert after["Notes"]["D1"].value is None


def test_csv_write_back_keeps_rows_and_columns(database, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        "Ref;Question;Owner\nA1;Is customer data encrypted at rest?;Zoë\n;;\n"
        "A2;Do you have a DPO?;Renée\n".encode("cp1252")
    )
    out = tmp_path / "out.csv"
    _answered(database, source, out)
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines(), delimiter=";"))
    assert rows[0] == ["Ref", "Question", "Owner", "DDQ verdict", "DDQ answer", "DDQ citations"]
    assert rows[1][:4] == ["A1", "Is customer data encrypted at rest?", "Zoë", "yes"]
    assert rows[2] == ["", "", ""]
    assert rows[3][:4] == ["A2", "Do you have a DPO?", "Renée", "unknown"]


def test_json_out_is_the_documented_shape(database, tmp_path: Path) -> None:
    source = customer_workbook(tmp_path / "in.xlsx")
    out = tmp_path / "answers.json"
    _answered(database, source, out)
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["vendor"] == "openai-api"
    first = document["answers"][0]
    assert set(first) == {"id", "question", "verdict", "answer", "confidence", "citations", "flags"}
    assert {"claim", "url", "as_of"} <= set(first["citations"][0])


def test_unsupported_output_leaves_nothing(database, tmp_path: Path) -> None:
    source = customer_workbook(tmp_path / "in.xlsx")
    answers = autofill(database, "openai-api", load_questions(source))
    with pytest.raises(UserError, match=r"unsupported output type \.pdf"):
        write_answers(tmp_path / "out.pdf", "openai-api", answers, source=source)
    with pytest.raises(UserError, match="no such folder"):
        write_answers(tmp_path / "nope" / "out.xlsx", "openai-api", answers, source=source)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["data", "in.xlsx"]


def test_other_inputs_get_a_plain_answer_table(database, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,question\nQ1,Do you offer a DPA?\n", encoding="utf-8")
    out = tmp_path / "answers.xlsx"
    _answered(database, source, out)
    sheet = openpyxl.load_workbook(out)["Answers"]
    assert [cell.value for cell in sheet[1]][:4] == ["ID", "Question", "Verdict", "Answer"]
    assert [cell.value for cell in sheet[2]][:3] == ["Q1", "Do you offer a DPA?", "partial"]
    table = tmp_path / "answers.csv"
    write_answers(table, "openai-api", autofill(database, "openai-api", load_questions(source)))
    rows = list(csv.reader(table.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:3] == ["id", "question", "verdict"] and rows[1][2] == "partial"


def test_answers_land_right_of_merged_ranges_and_styled_columns(database, tmp_path: Path) -> None:
    from openpyxl.styles import PatternFill

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Question", "Answer"])
    sheet.append(["Q1", "Do you offer a DPA?", None])
    sheet.merge_cells("B2:E2")  # the question spans four columns
    for column in range(1, 40):  # formatting only, far to the right
        sheet.cell(row=5, column=column).fill = PatternFill("solid", fgColor="FFEEEEEE")
    source = tmp_path / "merged.xlsx"
    workbook.save(source)
    out = tmp_path / "out.xlsx"
    _answered(database, source, out)
    answered = openpyxl.load_workbook(out).active
    assert answered["F1"].value == "DDQ verdict" and answered["F2"].value == "partial"

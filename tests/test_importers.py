"""Importers: CSV (encodings), XLSX (merged cells, sections, formulas, sheets), VSAQ JSON."""

import json
import re
from pathlib import Path

import pytest

from models.errors import UserError
from questionnaires.importers import load_questions
from tests.conftest import DATA_DIR
from tests.questionnaire_files import FORMULA_VALUE, customer_workbook

VSAQ_DIR = DATA_DIR / "vsaq"  # Google's files, unchanged (Apache-2.0, see NOTICE there)


def test_xlsx_reads_every_sheet_with_locations(tmp_path: Path) -> None:
    questions = load_questions(customer_workbook(tmp_path / "in.xlsx"))
    by_id = {question.qid: question for question in questions}
    assert list(by_id) == ["S-1", "S-2", "S-3", "S-4", "P1", "P2"]
    assert by_id["S-2"].text == FORMULA_VALUE  # the formula's value, not "=…"
    assert by_id["S-1"].section == "Encryption"  # from the merged section row
    assert by_id["S-3"].section == "Continuity"
    assert by_id["S-4"].text == "Will you sign a BAA with us?"  # markup stripped
    assert by_id["S-1"].location == {
        "sheet": "Security",
        "row": 5,
        "cell": "B5",
        "column": "B",
        "header_row": 3,
    }
    assert by_id["P2"].location["sheet"] == "Privacy"
    assert by_id["P2"].location["cell"] == "B3"


def test_xlsx_sheet_and_column_can_be_named(tmp_path: Path) -> None:
    path = customer_workbook(tmp_path / "in.xlsx")
    only = load_questions(path, sheet="Privacy")
    assert [question.qid for question in only] == ["P1", "P2"]
    by_header = load_questions(path, sheet="Privacy", column="Question text")
    assert [question.qid for question in by_header] == ["P1", "P2"]
    with pytest.raises(
        UserError, match=r"no sheet named 'Nope' \(sheets: Security, Privacy, Notes\)"
    ):
        load_questions(path, sheet="Nope")
    with pytest.raises(UserError, match="no sheet has a column headed 'Query'"):
        load_questions(path, column="Query")


def test_csv_with_id_and_question_columns(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'id,question\nQ1,"Do you encrypt data at rest?"\n,\nQ2,"Is there a trust portal?"\n',
        encoding="utf-8",
    )
    questions = load_questions(path)
    assert [(q.qid, q.location["row"]) for q in questions] == [("Q1", 2), ("Q2", 4)]


@pytest.mark.parametrize(
    "encoding",
    # issue 11, point 14: UTF-16/32 without a BOM read as UTF-8 full of NULs before
    ["utf-16", "cp1252", "utf-32", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_csv_in_other_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.csv"
    text = (
        "Ref;Question;Owner\n"
        "A1;Do you encrypt our data at rest – and with which cipher?;Zoë Müller\n"
        "A2;Où sont stockées nos données ? (résidence des données, régions);Renée\n"
    )
    path.write_bytes(text.encode(encoding))
    questions = load_questions(path)
    assert [q.qid for q in questions] == ["A1", "A2"]
    assert questions[0].text == "Do you encrypt our data at rest – and with which cipher?"
    assert questions[1].text.startswith("Où sont stockées")


def test_csv_question_column_found_by_its_header(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("Number,Security Question,Answer\n7,Do you offer ZDR?,\n", encoding="utf-8")
    (question,) = load_questions(path)
    assert (question.qid, question.text, question.location["column"]) == (
        "7",
        "Do you offer ZDR?",
        "Security Question",
    )


@pytest.mark.parametrize(
    ("name", "count", "first_id"),
    [
        ("infrastructure.json", 95, "network_config_guidelines"),
        ("physical_and_datacenter.json", 29, "office_facilities_excl"),
        ("security_privacy_programs.json", 45, "secprog"),
        ("webapp.json", 73, "application_name"),
    ],
)
def test_the_real_vsaq_files(name: str, count: int, first_id: str) -> None:
    questions = load_questions(VSAQ_DIR / name)
    assert len(questions) == count
    assert questions[0].qid == first_id
    for question in questions:
        assert not re.search(r"</?(b|br|p|a|i|ul|li)\b", question.text), question.qid
        assert question.location["path"]
    standard = next((q for q in questions if q.qid == "secprog_standard"), None)
    if standard is not None:  # a text joined from "…" + "…" in the original file
        assert "Examples of standards include ISO 27001, PCI DSS, and SSAE 16." in standard.text


def test_plain_json_question_list(tmp_path: Path) -> None:
    path = tmp_path / "q.json"
    path.write_text(json.dumps({"questions": [{"id": "J1", "question": "Do you offer a DPA?"}]}))
    (question,) = load_questions(path)
    assert (question.qid, question.location) == ("J1", {"item_id": "J1", "path": "questions[0]"})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.csv", None, "no such file"),
        ("empty.csv", b"", "the file is empty"),
        ("cols.csv", b"a,b\n1,2\n", "no question column"),
        ("binary.xlsx", bytes(range(256)) * 8, "not an XLSX workbook"),
        ("fake.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50, "cannot read the workbook"),
        ("binary.csv", bytes(range(256)) * 8, "not a text file"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "password-protected"),
        ("broken.json", b'{"questionnaire": [', "not valid JSON"),
        ("other.json", b'{"hello": 1}', "not a questionnaire"),
        ("notes.txt", b"Do you encrypt?", "unsupported file type .txt"),
    ],
)
def test_bad_files_are_one_line_user_errors(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UserError, match=message) as caught:
        load_questions(path)
    assert "\n" not in str(caught.value)


def test_files_over_20_mb_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    with pytest.raises(UserError, match="the limit is 20 MB"):
        load_questions(path)


def test_xlsx_column_letter_and_hidden_sheets(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Plain"
    sheet["C1"] = "Do you offer a DPA?"  # no header row: the question column named by letter
    sheet["C2"] = "Is customer data encrypted at rest?"
    hidden = workbook.create_sheet("Lists")
    hidden["A1"] = "Question"
    hidden["A2"] = "Yes"
    hidden.sheet_state = "hidden"
    path = tmp_path / "letters.xlsx"
    workbook.save(path)
    questions = load_questions(path, column="C")
    assert [(q.text, q.location["cell"]) for q in questions] == [
        ("Do you offer a DPA?", "C1"),
        ("Is customer data encrypted at rest?", "C2"),
    ]


def test_formula_without_a_saved_value_is_refused_not_dropped(tmp_path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Q"
    sheet.append(["ID", "Question"])
    sheet.append(["Q1", "Do you offer a DPA?"])
    sheet.append(["Q2", '="Do you offer"&" ZDR?"'])  # openpyxl saves no computed value
    path = tmp_path / "formula.xlsx"
    workbook.save(path)
    with pytest.raises(UserError, match=r"Q!B3 holds a formula with no saved value"):
        load_questions(path)

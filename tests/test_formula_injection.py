"""Issue 11, point 5: text we write into XLSX or CSV is never a live formula, even behind a
control character; the customer's own CSV cells are written back as they were."""

import csv
import json
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from questionnaires.sheet_cells import csv_cell
from tests.pack_factory import create_review

HIDDEN_FORMULA = '\x01=HYPERLINK("http://evil.example/","Click")'


def _has_live_formula(path: Path) -> bool:
    """True when any worksheet XML of the workbook holds a formula element."""
    with zipfile.ZipFile(path) as archive:
        return any(
            b"<f>" in archive.read(name) or b"<f " in archive.read(name)
            for name in archive.namelist()
            if name.startswith("xl/worksheets/")
        )


def test_a_control_character_does_not_smuggle_a_formula_into_the_answers_xlsx(
    database, tmp_path: Path
) -> None:
    from exports.answers_xlsx import write_answers_xlsx

    review = create_review(
        database,
        [{"qid": "F1", "question": HIDDEN_FORMULA, "text": "\x02=1+1", "verdict": "no"}],
    )
    target = tmp_path / "answers.xlsx"
    write_answers_xlsx(database, review, target)
    assert not _has_live_formula(target)
    sheet = load_workbook(target)["Answers"]
    assert sheet["D2"].data_type == "s" and sheet["D2"].value == HIDDEN_FORMULA[1:]


def test_ddq_answer_out_xlsx_and_csv_never_write_a_formula(ddq, tmp_path: Path) -> None:
    questions = tmp_path / "questions.json"
    questions.write_text(
        json.dumps(
            {"questions": [
                {"id": "Q1", "text": HIDDEN_FORMULA},
                {"id": "Q2", "text": "+cmd|' /C calc'!A0"},
                {"id": "Q3", "text": "@SUM(1+1)*cmd|' /C calc'!A0"},
                {"id": "Q4", "text": "-2+3+cmd|' /C calc'!A0"},
                {"id": "Q5", "text": "\tIs data encrypted at rest?"},
            ]}
        ),
        encoding="utf-8",
    )  # fmt: skip
    xlsx = tmp_path / "out.xlsx"
    result = ddq(
        "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(xlsx)
    )
    assert result.code == 0, result.stderr
    assert not _has_live_formula(xlsx)
    out = tmp_path / "out.csv"
    result = ddq(
        "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(out)
    )
    assert result.code == 0, result.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_csv_write_back_escapes_our_cells_and_keeps_the_customers(ddq, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,question,owner\nQ1,=1+2 is this a formula?,=SUM(A1:A2)\n", encoding="utf-8"
    )
    out = tmp_path / "out.csv"
    result = ddq("answer", "--vendor", "openai-api", "--questions", str(source), "--out", str(out))
    assert result.code == 0, result.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[1][:3] == ["Q1", "=1+2 is this a formula?", "=SUM(A1:A2)"]
    assert all(not cell.startswith("=") for cell in rows[1][3:])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\x01=HYPERLINK()", "'=HYPERLINK()"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Yes: AES-256", "Yes: AES-256"),
        (None, ""),
    ],
)
def test_csv_cells_follow_owasp_csv_injection_advice(value, expected: str) -> None:
    assert csv_cell(value) == expected

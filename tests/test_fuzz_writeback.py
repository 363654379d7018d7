"""Answers written back into XLSX and CSV files: hostile question text from an imported file
stays text — never a formula, never a crash on characters a worksheet cannot hold."""

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from tests.helpers.cli_runner import run_ddq
from tests.helpers.fuzz import field_text, fuzz_settings

FORMULAS = (
    "=1+1",
    '=HYPERLINK("http://evil.example","Click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "@SUM(A1:A2)",
)
question_text = (st.sampled_from(FORMULAS) | field_text).filter(
    lambda text: " ".join(text.split()) and "\x00" not in text
)


def _formula_cells(path: Path) -> list[str]:
    workbook = openpyxl.load_workbook(path)
    found = [
        f"{sheet.title}!{cell.coordinate}"
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    workbook.close()
    return found


@pytest.mark.parametrize("source", ["csv", "xlsx"])
def test_hostile_questions_are_written_back_as_text(
    source: str, database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DDQ_DATA_DIR", str(database.data_dir))
    database.close()

    @fuzz_settings(25)
    @given(questions=st.lists(question_text, min_size=1, max_size=3))
    def run(questions: list[str]) -> None:
        rows = [("id", "question"), *((f"Q{n}", text) for n, text in enumerate(questions))]
        questions_file = tmp_path / f"questions.{source}"
        if source == "csv":
            buffer = io.StringIO()
            csv.writer(buffer).writerows(rows)
            questions_file.write_text(buffer.getvalue(), encoding="utf-8")
        else:
            workbook = openpyxl.Workbook()
            for row in rows:  # the customer's own cells: text, as Excel would hold it
                workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
            for row in workbook.active.iter_rows():
                for cell in row:
                    cell.data_type = "s"
            workbook.save(questions_file)
        out = tmp_path / "answers.xlsx"
        result = run_ddq(
            [
                "answer",
                "--vendor",
                "openai-api",
                "--questions",
                str(questions_file),
                "--out",
                str(out),
            ]
        )
        if result.code == 2:  # e.g. every question blank once cleaned: one line, no file
            assert result.stderr.count("\n") == 1
            return
        assert result.code == 0, result.stderr
        assert _formula_cells(out) == []

    run()

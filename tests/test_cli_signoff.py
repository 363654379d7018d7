"""``ddq review finish|reopen`` and ``ddq export --review ID --workbook OUT``, run as a user
would, in a subprocess: one line on stderr and exit 2 for bad input, nothing half-written."""

from pathlib import Path

import openpyxl
import pytest

from models.bootstrap import open_database
from questionnaires.importers import load_questions
from questionnaires.review_builder import start_review
from questionnaires.reviews import accept_answer, load_review
from tests.test_review_workbook import _customer_workbook

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py),
# from a seeded database (on SQLite a copy of the session's: conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("backend", "seeded")


@pytest.fixture
def review_id(data_dir: Path, tmp_path: Path) -> int:
    """A review imported from a customer workbook with a Yes/No/N/A validation."""
    source = _customer_workbook(tmp_path / "acme.xlsx")
    database = open_database(data_dir)
    try:
        new = None
        for _d, _t, made in start_review(
            database, "openai-api", load_questions(source), title="Acme", source_file=str(source)
        ):
            new = made or new
        accept_answer(database, load_review(database, new).answers[0].id, "dana")
        return new
    finally:
        database.close()


def _one_line(result) -> str:
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_finish_refuses_open_answers_then_records_with_open(ddq, review_id: int) -> None:
    refused = ddq("review", "finish", str(review_id))
    assert "2 of 3 answers not reviewed" in _one_line(refused)
    assert "--with-open" in refused.stderr
    finished = ddq("review", "finish", str(review_id), "--with-open", "--reviewer", "Dana")
    assert finished.code == 0, finished.stderr
    assert "Signed draft: 2 of 3 answers not reviewed" in finished.stdout
    assert "already finished" in _one_line(ddq("review", "finish", str(review_id)))
    assert "needs a reason" in _one_line(ddq("review", "reopen", str(review_id), "--reason", " "))
    reopened = ddq("review", "reopen", str(review_id), "--reason", "new version from Acme")
    assert reopened.code == 0 and "reopened" in reopened.stdout
    assert "no review with id 99" in _one_line(ddq("review", "finish", "99"))


def test_export_workbook_writes_reviewed_answers_in_the_detected_column(
    ddq, review_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "answered.xlsx"
    result = ddq(
        "export", "--review", str(review_id), "--workbook", str(out),
        "--verdict-column", "Vendor Response", "--text-column", "Comments",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert "verdict in Vendor Response, answer in Comments" in result.stdout
    sheet = openpyxl.load_workbook(out)["Security"]
    assert all(sheet[f"C{row}"].value in ("Yes", "No", None) for row in (3, 4, 5))
    assert sheet["D3"].value
    again = tmp_path / "again.xlsx"
    assert ddq("export", "--review", str(review_id), "--workbook", str(again)).code == 0
    assert openpyxl.load_workbook(again)["Security"]["D3"].value == sheet["D3"].value


def test_export_workbook_bad_input_is_one_line_and_writes_nothing(
    ddq, review_id: int, tmp_path: Path
) -> None:
    out = tmp_path / "out.xlsx"
    base = ("export", "--review", str(review_id), "--workbook", str(out))
    assert "unknown cannot be written as N/A" in _one_line(
        ddq(*base, "--verdict-column", "Vendor Response", "--map", "unknown=N/A")
    )
    assert "is not one of the values" in _one_line(
        ddq(*base, "--verdict-column", "Vendor Response", "--map", "partial=Maybe")
    )
    assert "no column headed" in _one_line(ddq(*base, "--text-column", "Nope"))
    assert "VERDICT=VALUE" in _one_line(ddq(*base, "--map", "yes"))
    assert "write a .xlsx" in _one_line(
        ddq("export", "--review", str(review_id), "--workbook", str(tmp_path / "o.csv"))
    )
    assert "--review ID" in _one_line(
        ddq("export", "--vendor", "openai-api", "--template", "soc2", "--workbook", str(out))
    )
    assert not out.exists()

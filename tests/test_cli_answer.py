"""``ddq templates`` and ``ddq answer`` as a user runs them, in real subprocesses."""

import json
from pathlib import Path

import openpyxl
import pytest

from tests.questionnaire_files import customer_workbook

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("seeded")


def test_templates_lists_the_three_templates(ddq) -> None:
    result = ddq("templates")
    assert result.code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "QUESTIONS", "TITLE"]
    assert [line.split()[0] for line in lines[1:4]] == ["gdpr", "hipaa", "soc2"]
    listed = json.loads(ddq("templates", "--json").stdout)
    counts = {template["id"]: template["questions"] for template in listed}
    assert counts["soc2"] >= 40 and counts["hipaa"] >= 30 and counts["gdpr"] >= 30


def test_answer_template_json_is_the_documented_shape(ddq) -> None:
    result = ddq("answer", "--vendor", "openai-api", "--template", "hipaa", "--json")
    assert result.code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["vendor"] == "openai-api"
    baa = next(answer for answer in document["answers"] if answer["id"] == "HIPAA-164.314-a1")
    assert baa["verdict"] == "partial"
    assert "BAA covers only Zero Data Retention endpoints" in " ".join(baa["flags"])
    assert baa["citations"][0] == {
        **baa["citations"][0],
        "claim": "hipaa-baa",
        "as_of": "2026-07-05",
    }
    assert baa["citations"][0]["url"].startswith("https://")
    verdicts = {answer["verdict"] for answer in document["answers"]}
    assert verdicts <= {"yes", "partial", "no", "unknown"}


def test_answer_writes_back_into_the_workbook(ddq, tmp_path: Path) -> None:
    source = customer_workbook(tmp_path / "in.xlsx")
    out = tmp_path / "answered.xlsx"
    result = ddq("answer", "--questions", str(source), "--out", str(out))
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(f"wrote 6 answers (yes 2, partial 2, no 1, unknown 1) to {out}")
    sheet = openpyxl.load_workbook(out)["Security"]
    assert sheet["D5"].value == "yes"


def test_answer_prints_a_table_for_people(ddq, tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,question\nQ1,Do you offer ZDR?\n", encoding="utf-8")
    result = ddq("answer", "--questions", str(source))
    assert result.code == 0, result.stderr
    assert result.stdout.splitlines()[1].split()[:3] == ["Q1", "partial", "0.65"]


def _bad_inputs(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    columns = tmp_path / "columns.csv"
    columns.write_text("a,b\n1,2\n", encoding="utf-8")
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(bytes(range(256)) * 16)
    binary_csv = tmp_path / "binary.csv"
    binary_csv.write_bytes(bytes(range(256)) * 16)
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    good = tmp_path / "good.csv"
    good.write_text("id,question\nQ1,Do you offer ZDR?\n", encoding="utf-8")
    return {
        "missing": (["--questions", str(tmp_path / "missing.xlsx")], "no such file"),
        "empty": (["--questions", str(empty)], "the file is empty"),
        "no question column": (["--questions", str(columns)], "no question column"),
        "binary renamed .xlsx": (["--questions", str(renamed)], "not an XLSX workbook"),
        "non-UTF-8 binary CSV": (["--questions", str(binary_csv)], "not a text file"),
        "over 20 MB": (["--questions", str(huge)], "the limit is 20 MB"),
        "unknown vendor": (["--questions", str(good), "--vendor", "acme"], "unknown vendor 'acme'"),
        "unknown template": (["--template", "iso"], "unknown template 'iso' (known: gdpr"),
        "output type": (["--questions", str(good), "--out"], "unsupported output type .txt"),
    }


@pytest.mark.parametrize(
    "case",
    [
        "missing",
        "empty",
        "no question column",
        "binary renamed .xlsx",
        "non-UTF-8 binary CSV",
        "over 20 MB",
        "unknown vendor",
        "unknown template",
        "output type",
    ],
)
def test_bad_input_exits_2_with_one_line_and_no_output(ddq, tmp_path: Path, case: str) -> None:
    arguments, message = _bad_inputs(tmp_path)[case]
    out = tmp_path / ("out.txt" if case == "output type" else "out.xlsx")
    result = ddq("answer", *arguments, *([] if case == "output type" else ["--out"]), str(out))
    assert result.code == 2
    assert result.stderr.startswith("ddq: error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not out.exists()
    assert not [path for path in tmp_path.iterdir() if path.name.endswith(".partial")]

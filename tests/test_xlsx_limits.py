"""Issue 11, point 10: workbooks whose stated size is absurd are read by what they hold.

A 5 KB workbook with one cell at XFD1048576 made openpyxl create 17 billion cells; a sheet
5,000 columns wide took minutes; merged ranges were checked once per row. Each hostile
workbook here is built small with openpyxl; memory is measured in a child process under an
address-space limit, so a regression fails quickly instead of filling the machine.
"""

import io
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from models.errors import UserError
from questionnaires.importers import sheet_limits
from questionnaires.importers.xlsx_file import load_xlsx
from tests.conftest import PROJECT_ROOT

SHEET_XML = "xl/worksheets/sheet1.xml"
QUESTIONS = [("Q1", "Is data encrypted at rest?"), ("Q2", "Do you support SSO?")]


def _workbook(path: Path, build) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Question"])
    for row in QUESTIONS:
        sheet.append(row)
    build(sheet)
    workbook.save(path)
    return path


def _styled_far_cell(sheet) -> None:
    sheet["XFD1048576"].font = Font(bold=True)


def _value_far_cell(sheet) -> None:
    sheet["XFD1048576"] = "stray"


def _wide_styled(sheet) -> None:
    for column in range(1, 5001):
        sheet.cell(row=1, column=column).font = Font(italic=True)


def _wide_values(sheet) -> None:
    for column in range(3, 5001):
        sheet.cell(row=1, column=column, value=f"c{column}")


def _many_merged(sheet) -> None:
    for row in range(4, 2004):
        sheet.cell(row=row, column=1, value=f"Section {row}")
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
        sheet.cell(row=row, column=4, value="note")


def _replace_sheet(path: Path, xml: bytes) -> None:
    """Write ``xml`` as the workbook's first sheet, keeping every other part."""
    original = path.read_bytes()
    with (
        zipfile.ZipFile(io.BytesIO(original)) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = xml if item.filename == SHEET_XML else source.read(item)
            target.writestr(item, data)


def _merge_in_xml(path: Path, refs: list[str]) -> Path:
    """Add merged ranges to the first sheet's XML (openpyxl itself would create every cell)."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET_XML)
    merged = "".join(f'<mergeCell ref="{ref}"/>' for ref in refs)
    tag = f'</sheetData><mergeCells count="{len(refs)}">{merged}</mergeCells>'
    _replace_sheet(path, xml.replace(b"</sheetData>", tag.encode()))
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-xlsx")
    for name, build in {
        "styled-far-cell": _styled_far_cell,
        "value-far-cell": _value_far_cell,
        "wide-styled": _wide_styled,
        "wide-values": _wide_values,
        "many-merged": _many_merged,
    }.items():
        _workbook(folder / f"{name}.xlsx", build)
    for name, refs in {
        "merged-everything": ["D5:XFD1048576"],
        "merged-column": ["C1:C1048576"],
        "merged-full-rows": [f"D{row}:XFD{row}" for row in range(10, 1010)],
    }.items():
        _merge_in_xml(_workbook(folder / f"{name}.xlsx", lambda sheet: None), refs)
    return folder


def test_hostile_workbooks_are_small_files(hostile: Path) -> None:
    assert max(path.stat().st_size for path in hostile.iterdir()) < 200_000


@pytest.mark.parametrize("name", ["styled-far-cell", "wide-styled", "many-merged"])
def test_formatting_far_away_costs_nothing(hostile: Path, name: str) -> None:
    started = time.monotonic()
    questions = load_xlsx(hostile / f"{name}.xlsx")
    assert time.monotonic() - started < 5
    assert [(q.qid, q.text) for q in questions][:2] == QUESTIONS


@pytest.mark.parametrize(
    ("name", "says"), [("value-far-cell", "XFD1048576"), ("wide-values", "beyond column ALL")]
)
def test_values_beyond_column_1000_are_refused_in_one_line(
    hostile: Path, name: str, says: str
) -> None:
    started = time.monotonic()
    with pytest.raises(UserError) as refused:
        load_xlsx(hostile / f"{name}.xlsx")
    assert time.monotonic() - started < 5
    assert says in str(refused.value) and "\n" not in str(refused.value)


def test_too_many_cells_or_merged_ranges_are_refused_before_parsing(
    hostile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_limits, "MAX_CELLS", 1000)
    with pytest.raises(UserError, match="more than 1,000 cells"):
        load_xlsx(hostile / "many-merged.xlsx")
    monkeypatch.setattr(sheet_limits, "MAX_CELLS", 300_000)
    monkeypatch.setattr(sheet_limits, "MAX_MERGED_RANGES", 100)
    with pytest.raises(UserError, match="2,000 merged ranges"):
        load_xlsx(hostile / "many-merged.xlsx")


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("merged-everything", "17,176,657,932"),
        ("merged-column", "1,048,576"),
        ("merged-full-rows", "16,381,000"),
    ],
)
def test_merged_ranges_covering_too_many_cells_are_refused_before_parsing(
    hostile: Path, name: str, cells: str
) -> None:
    """openpyxl creates a cell for every cell a merged range covers: one range to XFD1048576
    in a 5 KB file was a MemoryError after 30 s, a merged column 420 MB."""
    started = time.monotonic()
    with pytest.raises(UserError) as refused:
        load_xlsx(hostile / f"{name}.xlsx")
    assert time.monotonic() - started < 5
    message = str(refused.value)
    assert f"merged ranges covering {cells} cells" in message and "\n" not in message


def test_a_merged_range_whose_reference_cannot_be_read_is_refused(tmp_path: Path) -> None:
    path = _merge_in_xml(_workbook(tmp_path / "q.xlsx", lambda sheet: None), ["A1:B2"])
    with zipfile.ZipFile(path) as archive:
        xml = archive.read(SHEET_XML)
    _replace_sheet(
        path, xml.replace(b'<mergeCell ref="', b'<mergeCell x="' + b" " * 300 + b'" ref="')
    )
    with pytest.raises(UserError, match="cannot be read"):
        load_xlsx(path)


def test_the_cell_count_sees_tags_split_between_chunks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_limits, "_CHUNK", 100)
    path = _workbook(tmp_path / "q.xlsx", lambda sheet: None)
    with zipfile.ZipFile(path) as archive:
        assert sheet_limits._count(archive, "xl/worksheets/sheet1.xml") == (6, 0, 0)
    merged = _merge_in_xml(path, ["A10:B11", "C1:C1048576"])
    with zipfile.ZipFile(merged) as archive:
        assert sheet_limits._count(archive, "xl/worksheets/sheet1.xml") == (6, 2, 4 + 1_048_576)


MEASURE = """
import resource, sys
from questionnaires.importers.xlsx_file import load_xlsx
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
for path in sys.argv[1:]:
    try:
        load_xlsx(__import__("pathlib").Path(path))
    except Exception as error:
        if type(error).__name__ != "UserError":
            raise
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking (large) test process.
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_memory_stays_under_300_mb_for_every_hostile_workbook(hostile: Path) -> None:
    paths = sorted(str(path) for path in hostile.iterdir())
    run = subprocess.run(
        [sys.executable, "-c", MEASURE, *paths],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.strip()) < 300, run.stdout
    assert resource.RLIMIT_AS  # the child ran under a 2 GB address-space limit


WRITE_BESIDE = """
import resource, sys
from pathlib import Path
from questionnaires.proposed import ProposedAnswer
from questionnaires.importers.xlsx_file import load_xlsx
from questionnaires.writeback import write_answers
resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))
source, out = Path(sys.argv[1]), Path(sys.argv[2])
questions = load_xlsx(source)
answers = [
    ProposedAnswer(
        question.qid, question.text, "unknown", "Not stated.", 0.0, [], [], {},
        location=question.location,
    )
    for question in questions
]
write_answers(out, "openai-api", answers, source)
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_answers_written_beside_a_far_formatted_cell_stay_small(
    hostile: Path, tmp_path: Path
) -> None:
    out = tmp_path / "answered.xlsx"
    run = subprocess.run(
        [sys.executable, "-c", WRITE_BESIDE, str(hostile / "styled-far-cell.xlsx"), str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.strip()) < 300, run.stdout
    sheet = openpyxl.load_workbook(out).active
    assert sheet.cell(row=1, column=3).value  # the answer columns follow the questions

"""Writing answers out: into the customer's own workbook or CSV beside each question, or as the
DESIGN.md JSON.

XLSX write-back opens the customer's workbook (formulas kept as formulas), adds three columns —
verdict, answer, citations — after the last used column of each sheet that holds questions,
and saves it under the new name. New columns go after the last used one rather than being
inserted next to the question, so no existing cell, formula, merged range, data validation or
column width moves. (openpyxl does not keep charts or images; a workbook with them loses them.)
CSV write-back keeps every original row and column and appends the same three columns; the
output is UTF-8 with the input's delimiter. Every cell we write to CSV that a spreadsheet would
evaluate (``=``, ``+``, ``-``, ``@``, tab, CR first) is prefixed with ``'``; the customer's own
cells are written back as they were read. Every file is written to a temporary file and
renamed, so a failure leaves no output behind.
"""

import csv
import io
import json
from copy import copy
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.storage.files import atomic_output, atomic_write_text
from questionnaires.importers.csv_file import read_csv_rows
from questionnaires.proposed import ProposedAnswer
from questionnaires.sheet_cells import csv_cell, put_cell

OUTPUT_SUFFIXES = (".json", ".csv", ".xlsx")
NEW_HEADERS = ("DDQ verdict", "DDQ answer", "DDQ citations")
WIDTHS = (12, 80, 48)


def check_output_path(out: Path) -> None:
    """Raise UserError unless ``out`` has a supported suffix and its folder exists."""
    suffix = out.suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise UserError(
            f"{out.name}: unsupported output type {suffix or '(none)'}; use .xlsx, .csv or .json"
        )
    if not out.parent.exists():
        raise UserError(f"{out.parent}: no such folder")
    if out.exists() and out.is_dir():
        raise UserError(f"{out}: is a folder, not a file")


def citations_text(answer: ProposedAnswer) -> str:
    """Return the citations as one line: ``claim (as of) URL; …``."""
    parts = []
    for cited in answer.citations:
        url = f" {cited['url']}" if cited.get("url") else ""
        parts.append(f"{cited['claim']} ({cited.get('as_of') or 'undated'}){url}")
    return "; ".join(parts)


def answers_json(vendor_slug: str, answers: list[ProposedAnswer]) -> dict[str, Any]:
    """Return ``{"vendor", "answers"}`` as ``ddq answer --json`` prints it."""
    return {"vendor": vendor_slug, "answers": [answer.to_json() for answer in answers]}


def write_answers(
    out: Path, vendor_slug: str, answers: list[ProposedAnswer], source: Path | None = None
) -> None:
    """Write ``answers`` to ``out`` (.json, .csv or .xlsx), beside the questions of ``source``
    when it is a file of the same kind.

    Raises:
        UserError: Unsupported output type, missing folder, or an unreadable source.
    """
    out = Path(out)
    check_output_path(out)
    suffix = out.suffix.lower()
    same_kind = source is not None and Path(source).suffix.lower() == suffix
    if suffix == ".json":
        text = json.dumps(answers_json(vendor_slug, answers), indent=2, ensure_ascii=False)
        atomic_write_text(out, text + "\n")
    elif suffix == ".csv":
        text = _csv_beside(Path(source), answers) if source and same_kind else _csv_table(answers)
        atomic_write_text(out, text)
    elif source and same_kind:
        _xlsx_beside(Path(source), answers, out)
    else:
        _xlsx_table(answers, out)


def _row_values(answer: ProposedAnswer) -> tuple[str, str, str]:
    return answer.verdict, answer.text, citations_text(answer)


def _csv_values(answer: ProposedAnswer) -> list[str]:
    return [csv_cell(value) for value in _row_values(answer)]


def _csv_table(answers: list[ProposedAnswer]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(("id", "question", "verdict", "answer", "confidence", "citations", "flags"))
    for answer in answers:
        values = (
            answer.qid,
            answer.question,
            answer.verdict,
            answer.text,
            f"{answer.confidence:.2f}",
            citations_text(answer),
            " | ".join(answer.flags),
        )
        writer.writerow([csv_cell(value) for value in values])
    return buffer.getvalue()


def _csv_beside(source: Path, answers: list[ProposedAnswer]) -> str:

    rows, _encoding, delimiter = read_csv_rows(source)
    by_row = {answer.location.get("row"): answer for answer in answers}
    header_number = next(
        (index + 1 for index, row in enumerate(rows) if any(cell.strip() for cell in row)), 1
    )
    width = max((len(row) for row in rows), default=0)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for index, row in enumerate(rows):
        number = index + 1
        padded = [*row, *([""] * (width - len(row)))]
        if number == header_number:
            writer.writerow([*padded, *NEW_HEADERS])
        elif number in by_row:
            writer.writerow([*padded, *_csv_values(by_row[number])])
        else:
            writer.writerow(row)
    return buffer.getvalue()


def _xlsx_table(answers: list[ProposedAnswer], out: Path) -> None:
    # deferred: start-up time (openpyxl, only for workbooks)
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Answers"
    headers = ("ID", "Question", "Verdict", "Answer", "Confidence", "Citations", "Flags")
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, answer in enumerate(answers, start=2):
        values = (
            answer.qid,
            answer.question,
            answer.verdict,
            answer.text,
            round(answer.confidence, 2),
            citations_text(answer),
            " | ".join(answer.flags),
        )
        for column, value in enumerate(values, start=1):
            put_cell(sheet, number, column, value)
    for letter, width in zip("ABCDEFG", (14, 60, 10, 80, 11, 48, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    with atomic_output(out) as temporary:
        workbook.save(temporary)


def _first_free_column(sheet: Any) -> int:
    """Return the first column right of every value and every merged range of the sheet.

    Cells that only carry formatting do not count (a sheet styled to column XFD would push the
    answers out of sight); merged ranges do, so no answer lands inside one.
    """
    # openpyxl keeps the cells a sheet really holds in ``_cells``; ``iter_rows`` would create
    # every cell of the stated rectangle (one formatted cell at XFD1048576 is 17 billion).
    held = getattr(sheet, "_cells", None)
    if isinstance(held, dict):
        last = max(
            (column for (_row, column), cell in held.items() if cell.value is not None), default=0
        )
    else:
        last = 0
        for row in sheet.iter_rows():
            for cell in reversed(row):
                if cell.value is not None:
                    last = max(last, cell.column)
                    break
    for merged in sheet.merged_cells.ranges:
        last = max(last, merged.max_col)
    return last + 1


def _xlsx_beside(source: Path, answers: list[ProposedAnswer], out: Path) -> None:

    # deferred: start-up time (openpyxl, only for workbooks)
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    # deferred: start-up time (openpyxl, only for workbooks)
    from questionnaires.importers.xlsx_file import open_workbook

    workbook = open_workbook(source, data_only=False)
    by_sheet: dict[str, list[ProposedAnswer]] = {}
    for answer in answers:
        name = answer.location.get("sheet")
        if name is not None:
            by_sheet.setdefault(name, []).append(answer)
    for name, sheet_answers in by_sheet.items():
        if name not in workbook.sheetnames:
            raise UserError(f"{source.name}: sheet {name!r} is no longer in the workbook")
        sheet = workbook[name]
        first_new = _first_free_column(sheet)
        header_row = int(sheet_answers[0].location.get("header_row") or 1)
        question_letter = sheet_answers[0].location.get("column", "A")
        header_style = sheet[f"{question_letter}{header_row}"]
        for offset, (title, width) in enumerate(zip(NEW_HEADERS, WIDTHS, strict=True)):
            column = first_new + offset
            cell = sheet.cell(row=header_row, column=column, value=title)
            if header_style.has_style:
                cell.font = copy(header_style.font)
                cell.fill = copy(header_style.fill)
                cell.border = copy(header_style.border)
                cell.alignment = copy(header_style.alignment)
            sheet.column_dimensions[get_column_letter(column)].width = width
        wrap = Alignment(wrap_text=True, vertical="top")
        for answer in sheet_answers:
            row = int(answer.location["row"])
            for offset, value in enumerate(_row_values(answer)):
                cell = put_cell(sheet, row, first_new + offset, value)
                cell.alignment = wrap
    with atomic_output(out) as temporary:
        workbook.save(temporary)
    workbook.close()

"""XLSX questionnaires via openpyxl: every sheet, the question column found from its header.

Formulas are read as their saved values (``data_only=True``). Merged cells are read through
their top-left cell; a row whose only text is a merged range (or a cell left of the question
column) is a section heading, not a question. Blank rows are skipped.

Sheets are read by the cells they really hold, never by their stated dimensions: openpyxl's
``iter_rows`` creates every cell of the rectangle up to ``max_row`` × ``max_column``, so one
styled cell at XFD1048576 in a 5 KB file asked for 17 billion cells. Before openpyxl parses
anything, :func:`~questionnaires.importers.sheet_limits.check_sheet_sizes` counts the cells and
merged ranges (memory stays well under 300 MB for any workbook accepted), and a sheet whose
values reach beyond column 1,000 is refused in one line.
"""

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from models.errors import UserError
from questionnaires.importers.headers import (
    ID_HEADERS,
    SECTION_HEADERS,
    find_column,
    find_question_column,
)
from questionnaires.importers.sheet_limits import (
    check_sheet_sizes,
    check_value_extent,
    filled_cells,
)
from questionnaires.importers.zip_guard import check_xlsx_container
from questionnaires.questions import Question
from questionnaires.text import plain_text

HEADER_SCAN_ROWS = 30
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted OOXML and legacy .xls


def open_workbook(path: Path, *, data_only: bool) -> Any:
    """Open an XLSX workbook with openpyxl, turning every failure into a UserError."""
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(OLE_MAGIC):
        raise UserError(
            f"{path.name}: a password-protected or old-format (.xls) workbook; "
            f"save it as .xlsx without a password"
        )
    if not magic.startswith(ZIP_MAGIC):
        raise UserError(f"{path.name}: not an XLSX workbook (not a zip container)")
    check_xlsx_container(path)
    check_sheet_sizes(path)
    # deferred: start-up time (openpyxl, only for workbooks)
    import openpyxl

    try:
        # Our own handle: openpyxl leaves its file open when a part fails to parse.
        with path.open("rb") as workbook_file:
            return openpyxl.load_workbook(workbook_file, data_only=data_only, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as error:
        raise UserError(f"{path.name}: cannot read the workbook ({type(error).__name__})") from None
    except Exception as error:  # openpyxl raises many kinds for broken parts
        raise UserError(f"{path.name}: cannot read the workbook ({type(error).__name__})") from None


def _column_index(column: str) -> int | None:
    # deferred: start-up time (openpyxl, only for workbooks)
    from openpyxl.utils import column_index_from_string

    if column.isalpha() and len(column) <= 3:
        try:
            return column_index_from_string(column.upper()) - 1
        except ValueError:
            return None
    return None


def _as_list(values: dict[int, Any]) -> list[Any]:
    return [values.get(index) for index in range(max(values, default=-1) + 1)]


def _header_row(
    rows: dict[int, dict[int, Any]], column: str | None
) -> tuple[int, int, list[Any]] | None:
    """Return (row number, question column index, header values) of a sheet, or None."""
    for number in sorted(rows):
        if number > HEADER_SCAN_ROWS:
            break
        values = _as_list(rows[number])
        found = find_question_column(values, column)
        if found is not None:
            return number, found, values
    return None


def _merged_spans(sheet: Any) -> dict[int, list[tuple[int, int]]]:
    """Map each row where merged ranges start to their (first col, last col), 1-based.

    Looked up once per row, so a sheet with many merged ranges costs rows + ranges, not
    rows × ranges.
    """
    spans: dict[int, list[tuple[int, int]]] = {}
    for merged in sheet.merged_cells.ranges:
        spans.setdefault(merged.min_row, []).append((merged.min_col, merged.max_col))
    return spans


def _rows_from(rows: dict[int, dict[int, Any]], first: int) -> Iterator[tuple[int, dict]]:
    for number in sorted(rows):
        if number >= first:
            yield number, rows[number]


def _sheet_questions(
    sheet: Any, column: str | None, letter_index: int | None, blanks: list[str]
) -> list[Question]:
    """Return a sheet's questions; add to ``blanks`` the question cells left empty in rows
    that hold something else (a formula without a saved value reads as empty)."""
    # deferred: start-up time (openpyxl, only for workbooks)
    from openpyxl.utils import get_column_letter

    rows = filled_cells(sheet)
    if letter_index is not None:
        header_row, question_index, headers = 1, letter_index, []
        headers = _as_list(rows.get(1, {}))
        data_start = (
            2
            if headers
            and headers[letter_index : letter_index + 1]
            and not str(headers[letter_index] or "").rstrip().endswith("?")
            else 1
        )
    else:
        found = _header_row(rows, column)
        if found is None:
            return []
        header_row, question_index, headers = found
        data_start = header_row + 1
    id_index = find_column(headers, ID_HEADERS)
    section_index = find_column(headers, SECTION_HEADERS)
    merged = _merged_spans(sheet)
    question_col = question_index + 1
    questions = []
    section = ""
    for number, values in _rows_from(rows, data_start):
        text = plain_text(values.get(question_index))
        filled = sorted(index for index, value in values.items() if plain_text(value))
        if not filled:
            continue
        span = next(
            (
                (col, end_col)
                for col, end_col in merged.get(number, ())
                if col <= question_col and end_col > col
            ),
            None,
        )
        # A lone cell left of the questions is a section heading, unless it is a bare id
        # ("Q2") whose question cell is empty.
        only_left = (
            len(filled) == 1
            and filled[0] < question_index
            and (filled[0] != id_index or len(plain_text(values[filled[0]]).split()) > 1)
        )
        if (span is not None and len(filled) == 1) or only_left:
            section = plain_text(values[filled[0]])
            continue
        if not text:
            blanks.append(f"{get_column_letter(question_col)}{number}")
            continue
        qid = plain_text(values.get(id_index)) if id_index is not None else ""
        row_section = plain_text(values.get(section_index)) if section_index is not None else ""
        letter = get_column_letter(question_col)
        questions.append(
            Question(
                qid=qid or f"{sheet.title}!{letter}{number}",
                text=text,
                section=row_section or section,
                location={
                    "sheet": sheet.title,
                    "row": number,
                    "cell": f"{letter}{number}",
                    "column": letter,
                    "header_row": header_row,
                },
            )
        )
    return questions


def _refuse_unsaved_formulas(path: Path, blanks: dict[str, list[str]]) -> None:
    """Raise UserError when an empty-looking question cell holds a formula with no saved value.

    Workbooks written by some tools carry formulas without their computed values; reading
    them as empty would silently drop questions.
    """
    # deferred: start-up time (openpyxl, only for workbooks)
    import openpyxl
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    workbook = openpyxl.load_workbook(path, data_only=False, read_only=True)
    try:
        for title, cells in blanks.items():
            wanted = set(cells)
            places = [coordinate_from_string(cell) for cell in cells]
            rows = [row for _letter, row in places]
            last_column = max(column_index_from_string(letter) for letter, _row in places)
            # One pass over the rows that matter (reading cell by cell in read-only mode
            # parses the sheet again for every cell).
            for row in workbook[title].iter_rows(
                min_row=min(rows), max_row=max(rows), max_col=last_column
            ):
                for cell in row:
                    value = getattr(cell, "value", None)
                    if not (isinstance(value, str) and value.startswith("=")):
                        continue
                    if cell.coordinate in wanted:
                        raise UserError(
                            f"{path.name}: {title}!{cell.coordinate} holds a formula with no "
                            "saved value; open the workbook in Excel or LibreOffice, save it, "
                            "and import it again"
                        )
    finally:
        workbook.close()


def load_xlsx(path: Path, sheet: str | None = None, column: str | None = None) -> list[Question]:
    """Read the questions of every sheet (or the named one) of an XLSX workbook.

    Raises:
        UserError: Unreadable workbook, unknown sheet, or no question column anywhere.
    """
    workbook = open_workbook(path, data_only=True)
    try:
        if sheet is not None:
            if sheet not in workbook.sheetnames:
                names = ", ".join(workbook.sheetnames)
                raise UserError(f"{path.name}: no sheet named {sheet!r} (sheets: {names})")
            sheets = [workbook[sheet]]
        else:
            sheets = [workbook[name] for name in workbook.sheetnames]
        letter_index = _column_index(column) if column else None
        questions: list[Question] = []
        blanks: dict[str, list[str]] = {}
        for worksheet in sheets:
            if getattr(worksheet, "sheet_state", "visible") != "visible" and sheet is None:
                continue
            if not hasattr(worksheet, "merged_cells"):
                continue  # a chart sheet
            check_value_extent(path, worksheet)
            empty: list[str] = []
            questions.extend(_sheet_questions(worksheet, column, letter_index, empty))
            if empty:
                blanks[worksheet.title] = empty
    finally:
        workbook.close()
    if blanks:
        _refuse_unsaved_formulas(path, blanks)
    if not questions:
        what = f"a column headed {column!r}" if column else "a question column"
        raise UserError(f"{path.name}: no sheet has {what} (name it with --column or --sheet)")
    return questions

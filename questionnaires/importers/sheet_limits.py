"""How much of a workbook's sheets is read, and refusing what no questionnaire needs.

openpyxl holds about 0.4 KB per cell once a workbook is loaded, whatever the XML costs on disk,
so the cells and merged ranges are counted in the worksheet XML before openpyxl parses it: a
workbook within :data:`MAX_CELLS` stays far under 300 MB. openpyxl also creates a cell for every
cell a merged range covers (``D5:XFD1048576`` in a 5 KB file is 17 billion), so what merged
ranges cover counts towards :data:`MAX_CELLS` too. After loading, sheets are read by the
cells they hold (:func:`filled_cells`), never by the rectangle their dimensions claim.
"""

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from models.errors import UserError

MAX_CELLS = 300_000  # every sheet together: 10,000 questions × 30 columns
MAX_MERGED_RANGES = 20_000
MAX_COLUMNS = 1_000  # values further right than this are not a questionnaire
_CHUNK = 1024 * 1024
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_MERGED = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell[\s/>]")
# A merged range's reference (``ref="A1:B2"``), read within the first 200 bytes of its tag.
_MERGED_REF = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]{0,200}?\bref\s*=\s*[\"']"
    rb"\$?([A-Za-z]{1,3})\$?(\d{1,7})(?::\$?([A-Za-z]{1,3})\$?(\d{1,7}))?[\"']"
)
_OVERLAP = 512  # longer than any tag prefix or merged reference, so each is seen once, whole


def _column_number(letters: bytes) -> int:
    """Return the 1-based number of a column's letters (``b"A"`` → 1, ``b"XFD"`` → 16,384)."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


def _merged_area(match: re.Match[bytes]) -> int:
    """Return how many cells the merged range of a ``_MERGED_REF`` match covers."""
    first_column, first_row, last_column, last_row = match.groups()
    if last_column is None or last_row is None:
        return 1
    columns = abs(_column_number(last_column) - _column_number(first_column)) + 1
    return columns * (abs(int(last_row) - int(first_row)) + 1)


def _count(archive: zipfile.ZipFile, name: str) -> tuple[int, int, int | None]:
    """Count one part's ``<c>`` and ``<mergeCell>`` elements, reading it in chunks.

    Returns:
        ``(cells, merged ranges, cells the merged ranges cover)``; the last is None when a
        merged range's reference cannot be read.
    """
    cells = merged = readable = area = 0
    tail = b""
    with archive.open(name) as part:
        while True:
            chunk = part.read(_CHUNK)
            block = tail + chunk
            # Count only matches that start before the overlap kept for the next block (all
            # of them once the part has ended).
            limit = max(len(block) - _OVERLAP, 0) if chunk else len(block)
            cells += sum(1 for match in _CELL.finditer(block) if match.start() < limit)
            merged += sum(1 for match in _MERGED.finditer(block) if match.start() < limit)
            for match in _MERGED_REF.finditer(block):
                if match.start() < limit:
                    readable += 1
                    area += _merged_area(match)
            tail = block[limit:]
            if not chunk:
                break
    return cells, merged, area if readable == merged else None


def check_sheet_sizes(path: Path) -> None:
    """Raise UserError when the workbook's sheets hold more cells or merged ranges than allowed.

    Call after :func:`~questionnaires.importers.zip_guard.check_xlsx_container`.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = [
                name
                for name in archive.namelist()
                if name.startswith("xl/worksheets/") and name.endswith(".xml")
            ]
            total_cells = 0
            for name in sheets:
                cells, merged, covered = _count(archive, name)
                if merged > MAX_MERGED_RANGES:
                    raise UserError(
                        f"{path.name}: {name} has {merged:,} merged ranges "
                        f"(limit {MAX_MERGED_RANGES:,}); refused"
                    )
                total_cells += cells
                if total_cells > MAX_CELLS:
                    raise UserError(
                        f"{path.name}: the workbook holds more than {MAX_CELLS:,} cells; "
                        "a questionnaire needs far fewer (save only the question sheets)"
                    )
                if covered is None:
                    raise UserError(
                        f"{path.name}: {name} has a merged range whose reference cannot be "
                        "read; refused"
                    )
                total_cells += covered
                if total_cells > MAX_CELLS:
                    raise UserError(
                        f"{path.name}: {name} has merged ranges covering {covered:,} cells "
                        f"(with the other cells, more than {MAX_CELLS:,}); unmerge them and "
                        "import it again"
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError) as error:
        raise UserError(f"{path.name}: cannot read the workbook ({type(error).__name__})") from None


def filled_cells(sheet: Any) -> dict[int, dict[int, Any]]:
    """Return the sheet's cells that hold a value: row number → {0-based column: value}.

    openpyxl keeps a loaded sheet's cells in a sparse dictionary; ``iter_rows`` would instead
    create every cell of the stated rectangle.
    """
    rows: dict[int, dict[int, Any]] = {}
    for (row, column), cell in sheet._cells.items():
        if cell.value is not None:
            rows.setdefault(row, {})[column - 1] = cell.value
    return rows


def check_value_extent(path: Path, sheet: Any) -> None:
    """Raise UserError when a sheet's values reach beyond column :data:`MAX_COLUMNS`."""
    # deferred: start-up time (openpyxl, only for workbooks)
    from openpyxl.utils import get_column_letter

    far = max(
        (
            (column, row)
            for (row, column), cell in sheet._cells.items()
            if column > MAX_COLUMNS and cell.value is not None
        ),
        default=None,
    )
    if far is not None:
        column, row = far
        raise UserError(
            f"{path.name}: sheet {sheet.title!r} has a value in {get_column_letter(column)}{row}, "
            f"beyond column {get_column_letter(MAX_COLUMNS)} ({MAX_COLUMNS:,}); a questionnaire "
            "sheet is narrower — delete the stray cells and import it again"
        )

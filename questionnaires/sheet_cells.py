"""Putting text into a worksheet or CSV cell as data: never a formula, never an invalid character.

openpyxl turns any string that begins with ``=`` into a formula, so a question such as
``=HYPERLINK("http://…","Click")`` in an imported file would become a live link in the
workbook we write. Control characters XML cannot hold make openpyxl raise instead of writing,
so they are removed first and the guard looks at what is left (``"\x01=HYPERLINK(…)"`` would
otherwise slip past it and become a formula once the control character is gone).

CSV has no cell types: a spreadsheet opening it evaluates any cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return. Following OWASP's CSV-injection advice, such a
cell we write is prefixed with a single quote, which spreadsheets show as text.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# Full-width forms are folded to the ASCII ones by some spreadsheet applications.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell_text(value: Any) -> Any:
    """Return ``value`` with the characters a worksheet cannot hold removed (strings only)."""
    if isinstance(value, str):
        # deferred: start-up time (openpyxl costs 0.2 s; `ddq answer --out x.json` needs none)
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def put_cell(sheet: "Worksheet", row: int, column: int, value: Any) -> Any:
    """Write ``value`` to the cell at ``row``/``column`` as data and return the cell."""
    clean = cell_text(value)
    cell = sheet.cell(row=row, column=column, value=clean)
    if isinstance(clean, str) and clean.startswith("="):
        cell.data_type = "s"  # text, never a formula
    return cell


def csv_cell(value: Any) -> str:
    """Return ``value`` as CSV cell text a spreadsheet will not evaluate."""
    text = cell_text("" if value is None else str(value))
    if text.startswith(CSV_FORMULA_STARTS):
        return "'" + text
    return text

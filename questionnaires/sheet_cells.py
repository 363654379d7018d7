"""Putting text into a worksheet cell as data: never a formula, never an invalid character.

openpyxl turns any string that begins with ``=`` into a formula, so a question such as
``=HYPERLINK("http://…","Click")`` in an imported file would become a live link in the
workbook we write. Control characters XML cannot hold make openpyxl raise instead of writing.
"""

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet


def cell_text(value: Any) -> Any:
    """Return ``value`` with the characters a worksheet cannot hold removed (strings only)."""
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def put_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Any:
    """Write ``value`` to the cell at ``row``/``column`` as data and return the cell."""
    cell = sheet.cell(row=row, column=column, value=cell_text(value))
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell

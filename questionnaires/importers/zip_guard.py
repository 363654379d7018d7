"""Refusing an XLSX whose zip container would unpack to far more than any questionnaire needs.

An XLSX is a zip archive; a few hundred kilobytes can declare gigabytes of XML (a "zip bomb")
that openpyxl would try to parse into cells. Python's zipfile never returns more than an
entry's declared size, so checking the declared sizes before opening is a sound guard.
Billion-laughs XML inside the container is refused by openpyxl itself: it parses worksheets
with defusedxml (a project dependency) and other parts with entity resolution off.
"""

import zipfile
from pathlib import Path

from models.errors import UserError

MAX_UNCOMPRESSED_BYTES = 250 * 1024 * 1024
MAX_ENTRIES = 10_000
MAX_RATIO = 200  # legitimate XLSX XML compresses ~5-30x; a bomb, thousands of times


def check_xlsx_container(path: Path) -> None:
    """Raise UserError when the workbook at ``path`` would unpack to too much data.

    Raises:
        UserError: Not a zip, too many entries, too large unpacked, or implausibly compressed.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UserError(f"{path.name}: cannot read the workbook ({type(error).__name__})") from None
    if len(entries) > MAX_ENTRIES:
        raise UserError(f"{path.name}: the workbook holds {len(entries):,} parts; refused")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNCOMPRESSED_BYTES:
        raise UserError(
            f"{path.name}: the workbook would unpack to {unpacked / 1048576:,.0f} MB "
            f"(limit {MAX_UNCOMPRESSED_BYTES // 1048576} MB); refused as a possible zip bomb"
        )
    for entry in entries:
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_RATIO * max(
            entry.compress_size, 1
        ):
            raise UserError(
                f"{path.name}: part {entry.filename} is compressed "
                f"{entry.file_size // max(entry.compress_size, 1):,} to 1; "
                "refused as a possible zip bomb"
            )

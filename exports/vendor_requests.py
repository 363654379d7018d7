"""The request sheet sent to a vendor: what is missing from a review, as XLSX, CSV or an e-mail.

XLSX and CSV have one row per question, grouped by what to request, with the question id and
three columns for the vendor to fill in: their answer (Yes / No / Partial), their explanation
and the name of the document they send with it. ``ddq review responses`` reads the same sheet
back (``questionnaires/vendor_responses.py``). The ``.txt`` form is a plain e-mail body.
Every cell is written as data (no formula), and the file appears only once complete.
"""

import csv
import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from models.errors import UserError
from models.storage.database import Database
from models.storage.files import atomic_output, atomic_write_text
from questionnaires.reviews import ReviewRecord, load_review
from questionnaires.sheet_cells import csv_cell, put_cell
from questionnaires.vendor_requests import VendorRequest, vendor_requests

HEADERS = (
    "Request",
    "Question ID",
    "Question",
    "What we need",
    "Your answer (Yes/No/Partial)",
    "Your explanation",
    "Document reference",
)
WIDTHS = (40, 12, 60, 40, 16, 60, 28)
ANSWER_CHOICES = ("Yes", "No", "Partial")
REQUEST_SUFFIXES = (".xlsx", ".csv", ".txt")


def _rows(groups: list[VendorRequest]) -> list[list[str]]:
    return [
        [group.request, item.qid, item.question, item.detail, "", "", ""]
        for group in groups
        for item in group.questions
    ]


def _write_xlsx(path: Path, review: ReviewRecord, groups: list[VendorRequest]) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Requests"
    fill = PatternFill("solid", fgColor="DDE6F0")
    for column, header in enumerate(HEADERS, start=1):
        cell = put_cell(sheet, 1, column, header)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[cell.column_letter].width = WIDTHS[column - 1]
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = _rows(groups)
    for row_number, values in enumerate(rows, start=2):
        for column, value in enumerate(values, start=1):
            put_cell(sheet, row_number, column, value).alignment = wrap
    if rows:
        choices = DataValidation(
            type="list", formula1='"' + ",".join(ANSWER_CHOICES) + '"', allow_blank=True
        )
        choices.add(f"E2:E{len(rows) + 1}")
        sheet.add_data_validation(choices)
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:G{len(rows) + 1}"
    about = workbook.create_sheet("About")
    lines = [
        ("Vendor", f"{review.vendor_name} ({review.vendor})"),
        ("Review", f"{review.id}: {review.title}"),
        ("How to answer", "Fill in the last three columns of the Requests sheet; leave the rest."),
    ]
    for row_number, (name, value) in enumerate(lines, start=1):
        put_cell(about, row_number, 1, name).font = Font(bold=True)
        put_cell(about, row_number, 2, value)
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 90
    with atomic_output(path) as temporary:
        workbook.save(temporary)


def _csv_text(groups: list[VendorRequest]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for row in _rows(groups):
        writer.writerow([csv_cell(value) for value in row])
    return buffer.getvalue()


def email_text(review: ReviewRecord, groups: list[VendorRequest], sender: str = "") -> str:
    """Return a plain e-mail body asking the vendor for what the review is missing."""
    count = sum(len(group.questions) for group in groups)
    lines = [
        f"Subject: {review.title}: {count} questions for {review.vendor_name}",
        "",
        f"Dear {review.vendor_name} team,",
        "",
        f"We are reviewing {review.vendor_name} and could not answer the questions below from "
        "your public documentation. For each one, please reply Yes, No or Partial with a short "
        "explanation, and name the document that supports it (attach it to your reply).",
        "",
    ]
    for number, group in enumerate(groups, start=1):
        lines.append(f"{number}. {group.request}")
        for item in group.questions:
            lines.append(f"   [{item.qid}] {item.question}")
            if item.detail:
                lines.append(f"       What we need: {item.detail}")
        lines.append("")
    lines.extend(["Thank you,", sender or "The review team", ""])
    return "\n".join(" ".join(line.split("\r")) for line in lines)


def write_request_sheet(
    database: Database, review_id: int, path: Path, sender: str = ""
) -> tuple[int, int]:
    """Write what to request for a review to ``path`` (.xlsx, .csv or .txt).

    Returns:
        The number of requests and of questions written.

    Raises:
        UserError: Unknown review, an unsupported extension, or nothing to request.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REQUEST_SUFFIXES:
        raise UserError(f"{path.name}: write the requests to a .xlsx, .csv or .txt file")
    review = load_review(database, review_id)
    groups = vendor_requests(review)
    if not groups:
        raise UserError(f"review {review_id} has no unknown or flagged answers: nothing to request")
    if suffix == ".xlsx":
        _write_xlsx(path, review, groups)
    elif suffix == ".csv":
        atomic_write_text(path, _csv_text(groups))
    else:
        atomic_write_text(path, email_text(review, groups, sender))
    return len(groups), sum(len(group.questions) for group in groups)

"""The reviewed answers written back into a copy of the customer's own workbook or CSV.

:func:`inspect_workbook` tells the GUI and the CLI what the questionnaire offers: its
headers, the suggested verdict and text columns, and the values a verdict column's list
validation (or its "Yes/No" header) allows. :func:`write_review_workbook` then writes each
reviewed answer beside its question: the verdict (mapped onto the allowed values, never one
the validation would reject, never N/A for an unknown), the answer text, and the citations
in a new column. A column the reviewer did not pick becomes a new column after the last used
one, as ``ddq answer --out`` does, so no existing cell, style, formula, merged range or
validation moves; a target cell holding a formula is left alone and counted. The file is
written whole to a temporary file and renamed.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.storage.database import Database
from models.storage.files import atomic_output, atomic_write_text
from questionnaires.review_builder import review_answers
from questionnaires.signoff import review_counts
from questionnaires.workbook_targets import (
    WorkbookChoice,
    check_mapping,
    implied_values,
    suggest_columns,
)
from questionnaires.writeback import NEW_HEADERS, WIDTHS, _first_free_column, citations_text

KINDS = ("verdict", "text", "citations")
VERDICT_WORDS = {"yes": "Yes", "partial": "Partial", "no": "No", "unknown": ""}


@dataclass(frozen=True)
class WorkbookInfo:
    """What a questionnaire file offers for write-back.

    Attributes:
        source: The customer's file.
        headers: Header texts of the sheets that hold questions, in column order, once each.
        suggested: The columns suggested from the header names.
        allowed: Per header, the values its list validation or its name allows (only
            headers that have such a list).
    """

    source: Path
    headers: list[str]
    suggested: WorkbookChoice
    allowed: dict[str, list[str]]


@dataclass(frozen=True)
class WorkbookResult:
    """What a write-back did.

    Attributes:
        path: The file written.
        answers: Answers written.
        skipped_formulas: Target cells left alone because they hold a formula.
        blank_verdicts: Verdict cells left blank (unknown, or no allowed value fits).
        not_reviewed: Answers in the file that no reviewer accepted or edited.
    """

    path: Path
    answers: int
    skipped_formulas: int
    blank_verdicts: int
    not_reviewed: int


class MissingSourceError(UserError):
    """The review's questionnaire file is no longer where it was imported from."""


def review_source(database: Database, review_id: int, original: Path | None = None) -> Path:
    """Return the customer's questionnaire file of a review (``original`` if given).

    Raises:
        UserError: The review came from a template, or the file is no longer there.
    """
    # deferred: start-up time (loaded only when this export runs)
    from models.storage.tables import Review

    with database.session() as session:
        review = session.get(Review, review_id)
        if review is None:
            raise UserError(f"no review with id {review_id}")
        stored = review.source_file
    if original is not None:
        path = Path(original)
    elif not stored:
        raise UserError(
            f"review {review_id} was made from a template, not a customer's file: there is no "
            "workbook to write into (export it with --out FILE.xlsx instead)"
        )
    else:
        path = Path(stored)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise UserError(f"{path.name}: answers go back into .xlsx or .csv questionnaires only")
    if not path.is_file():
        raise MissingSourceError(
            f"{path}: the questionnaire is no longer there; name it with --original"
        )
    return path


def _xlsx_headers(workbook: Any, answers: list[Any]) -> dict[str, dict[str, int]]:
    """Per sheet holding questions: header text → column number."""
    result: dict[str, dict[str, int]] = {}
    for answer in answers:
        name, header_row = answer.location.get("sheet"), answer.location.get("header_row")
        if name is None or name in result or name not in workbook.sheetnames:
            continue
        sheet = workbook[name]
        row = int(header_row or 1)
        result[name] = {
            str(cell.value).strip(): cell.column
            for cell in sheet[row]
            if cell.value is not None and str(cell.value).strip()
        }
    return result


def list_values(workbook: Any, sheet: Any, coordinate: str) -> list[str] | None:
    """Return the values a list validation on ``coordinate`` allows; None when it has none.

    A list that cannot be read (a defined name or range elsewhere that does not resolve)
    returns an empty list, which lets nothing be written.
    """
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list" or coordinate not in validation.sqref:
            continue
        formula = str(validation.formula1 or "").strip()
        if formula.startswith('"') and formula.endswith('"'):
            return [part.strip() for part in formula[1:-1].split(",") if part.strip()]
        return _range_values(workbook, sheet, formula.lstrip("="))
    return None


def _range_values(workbook: Any, sheet: Any, reference: str) -> list[str]:
    target, cells = sheet, reference
    if "!" in reference:
        name, cells = reference.rsplit("!", 1)
        name = name.strip("'")
        if name not in workbook.sheetnames:
            return []
        target = workbook[name]
    elif reference in workbook.defined_names:
        destinations = list(workbook.defined_names[reference].destinations)
        if len(destinations) != 1 or destinations[0][0] not in workbook.sheetnames:
            return []
        target, cells = workbook[destinations[0][0]], destinations[0][1]
    try:
        found = target[cells.replace("$", "")]
    except (ValueError, KeyError, IndexError):
        return []
    rows = found if isinstance(found, tuple) else ((found,),)
    values = []
    for row in rows:
        for cell in row if isinstance(row, tuple) else (row,):
            if cell.value is not None and not str(cell.value).startswith("="):
                values.append(str(cell.value).strip())
    return [value for value in values if value]


def inspect_workbook(
    database: Database, review_id: int, original: Path | None = None
) -> WorkbookInfo:
    """Return the :class:`WorkbookInfo` of a review's questionnaire file.

    Raises:
        UserError: No such review, no customer file, or the file cannot be read.
    """
    source = review_source(database, review_id, original)
    answers = review_answers(database, review_id)
    allowed: dict[str, list[str]] = {}
    if source.suffix.lower() == ".csv":
        # deferred: start-up time (loaded only when this export runs)
        from questionnaires.importers.csv_file import read_csv_rows

        rows, _encoding, _delimiter = read_csv_rows(source)
        header_row = next((row for row in rows if any(cell.strip() for cell in row)), [])
        headers = [cell.strip() for cell in header_row if cell.strip()]
    else:
        # deferred: start-up time (loaded only when this export runs)
        from questionnaires.importers.xlsx_file import open_workbook

        workbook = open_workbook(source, data_only=False)
        try:
            headers = []
            by_sheet = _xlsx_headers(workbook, answers)
            for name, columns in by_sheet.items():
                sheet = workbook[name]
                rows = [a.location["row"] for a in answers if a.location.get("sheet") == name]
                for header, column in columns.items():
                    if header not in headers:
                        headers.append(header)
                    values = list_values(workbook, sheet, sheet.cell(rows[0], column).coordinate)
                    if values is not None and header not in allowed:
                        allowed[header] = values
        finally:
            workbook.close()
    for header in headers:
        if header not in allowed and implied_values(header):
            allowed[header] = implied_values(header)
    return WorkbookInfo(source, headers, suggest_columns(headers), allowed)


def _check_choice(info: WorkbookInfo, choice: WorkbookChoice) -> dict[str, str]:
    for column in (choice.verdict_column, choice.text_column):
        if column is not None and column not in info.headers:
            raise UserError(f"{info.source.name}: no column headed {column!r}")
    if choice.verdict_column and choice.verdict_column == choice.text_column:
        raise UserError("the verdict and the answer text need two different columns")
    allowed = info.allowed.get(choice.verdict_column or "")
    return check_mapping(choice.mapping, allowed)


def write_review_workbook(
    database: Database,
    review_id: int,
    out: Path,
    *,
    choice: WorkbookChoice | None = None,
    original: Path | None = None,
    actor: str = "ddq",
) -> WorkbookResult:
    """Write the reviewed answers into a copy of the review's questionnaire at ``out``.

    Args:
        database: The open database.
        review_id: The review.
        out: The copy to write (same type as the questionnaire: .xlsx or .csv).
        choice: The columns and verdict mapping (default: the suggested columns).
        original: The questionnaire file, when it is no longer where it was imported from.
        actor: Who wrote it (audited).

    Raises:
        UserError: Bad review, file, columns or mapping; nothing is written then.
    """
    out = Path(out)
    info = inspect_workbook(database, review_id, original)
    if out.suffix.lower() != info.source.suffix.lower():
        raise UserError(
            f"{out.name}: write a {info.source.suffix.lower()} like the questionnaire "
            f"{info.source.name}"
        )
    if not out.parent.is_dir():
        raise UserError(f"{out.parent}: no such folder")
    if out.resolve() == info.source.resolve():
        raise UserError(f"{out.name}: write a copy; the customer's original stays as it was")
    choice = choice or info.suggested
    mapping = _check_choice(info, choice)
    answers = review_answers(database, review_id)
    allowed = info.allowed.get(choice.verdict_column or "")
    if info.source.suffix.lower() == ".csv":
        counts = _write_csv(info.source, out, answers, choice, mapping, allowed)
    else:
        counts = _write_xlsx(info.source, out, answers, choice, mapping)
    with database.write(actor) as unit:
        unit.record(
            "review.workbook",
            "review",
            str(review_id),
            {"file": out.name, "answers": len(answers), **choice.to_json()},
            review_id,
        )
    return WorkbookResult(
        out, len(answers), counts[0], counts[1], review_counts(database, review_id).not_reviewed
    )


def _verdict_value(verdict: str, mapping: dict[str, str], allowed: list[str] | None) -> str:
    if allowed is not None:
        return mapping.get(verdict, "")
    return VERDICT_WORDS.get(verdict, "")


def _write_xlsx(
    source: Path, out: Path, answers: list[Any], choice: WorkbookChoice, mapping: dict[str, str]
) -> tuple[int, int]:
    # deferred: start-up time (loaded only when this export runs)
    from copy import copy

    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    from questionnaires.importers.xlsx_file import open_workbook
    from questionnaires.sheet_cells import put_cell

    workbook = open_workbook(source, data_only=False)
    skipped = blank = 0
    try:
        headers = _xlsx_headers(workbook, answers)
        for name, columns in headers.items():
            sheet = workbook[name]
            mine = [a for a in answers if a.location.get("sheet") == name]
            header_row = int(mine[0].location.get("header_row") or 1)
            style = sheet[f"{mine[0].location.get('column', 'A')}{header_row}"]
            targets: dict[str, int | None] = {
                "verdict": columns.get(choice.verdict_column or ""),
                "text": columns.get(choice.text_column or ""),
            }
            free = _first_free_column(sheet)
            for kind, title, width in zip(KINDS, NEW_HEADERS, WIDTHS, strict=True):
                if targets.get(kind) is not None:
                    continue
                targets[kind] = free
                cell = sheet.cell(row=header_row, column=free, value=title)
                if style.has_style:
                    cell.font, cell.fill = copy(style.font), copy(style.fill)
                    cell.border, cell.alignment = copy(style.border), copy(style.alignment)
                sheet.column_dimensions[get_column_letter(free)].width = width
                free += 1
            wrap = Alignment(wrap_text=True, vertical="top")
            for answer in mine:
                row = int(answer.location["row"])
                verdict_cell = sheet.cell(row=row, column=targets["verdict"])
                allowed = list_values(workbook, sheet, verdict_cell.coordinate)
                implied = implied_values(choice.verdict_column or "")
                value = _verdict_value(
                    answer.verdict, mapping, allowed if allowed is not None else implied or None
                )
                if allowed is not None and value not in allowed:
                    value = ""  # this cell's own list rejects it: leave the cell as it was
                values = {
                    "verdict": value,
                    "text": answer.text,
                    "citations": citations_text(answer),
                }
                for kind, text in values.items():
                    cell = sheet.cell(row=row, column=targets[kind])
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        skipped += 1
                        continue
                    if kind == "verdict" and not text:
                        blank += 1
                        continue
                    column = targets[kind]
                    assert column is not None  # every kind got a column above
                    written = put_cell(sheet, row, column, text)
                    if kind != "verdict" and not written.has_style:
                        written.alignment = wrap
        with atomic_output(out) as temporary:
            workbook.save(temporary)
    finally:
        workbook.close()
    return skipped, blank


def _write_csv(
    source: Path,
    out: Path,
    answers: list[Any],
    choice: WorkbookChoice,
    mapping: dict[str, str],
    allowed: list[str] | None,
) -> tuple[int, int]:
    # deferred: start-up time (loaded only when this export runs)
    import csv
    import io

    from questionnaires.importers.csv_file import read_csv_rows

    rows, _encoding, delimiter = read_csv_rows(source)
    header_index = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), 0)
    header = [cell.strip() for cell in rows[header_index]]
    width = max((len(row) for row in rows), default=0)
    targets: dict[str, int] = {}
    added: list[str] = []
    for kind, column, title in zip(
        KINDS, (choice.verdict_column, choice.text_column, None), NEW_HEADERS, strict=True
    ):
        if column is not None and column in header:
            targets[kind] = header.index(column)
        else:
            targets[kind] = width + len(added)
            added.append(title)
    by_row = {int(answer.location.get("row", 0)): answer for answer in answers}
    blank = 0
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    for index, row in enumerate(rows):
        number = index + 1
        if index == header_index:
            writer.writerow([*row, *([""] * (width - len(row))), *added])
            continue
        answer = by_row.get(number)
        if answer is None:
            writer.writerow(row)
            continue
        cells = [*row, *([""] * (width + len(added) - len(row)))]
        value = _verdict_value(answer.verdict, mapping, allowed)
        if value:
            cells[targets["verdict"]] = value
        else:
            blank += 1
        cells[targets["text"]] = answer.text
        cells[targets["citations"]] = citations_text(answer)
        writer.writerow(cells)
    atomic_write_text(out, buffer.getvalue())
    return 0, blank

"""Reading the answers a vendor typed into the customer's own questionnaire.

The questionnaire importers (``questionnaires.importers``) find the question rows and their
ids exactly as they did when the review was created, so a row's question id is the one the
review holds. Beside the question, the vendor's answer columns are found by header: the
column the reviewer picked for the review's write-back (``review.<id>.workbook``) if there is
one, else a Yes/No column ("Yes/No", "Compliance", "Status", "Answer"…) and a text column
("Response", "Comments", "Explanation"…), and a document column ("Document reference",
"Evidence"…). A questionnaire with only a text column is read when each answer starts with
Yes, No or Partial ("Yes. We encrypt…"); a row that does not is listed, never guessed.
The words the questionnaire's own list allows ("Compliant", "Partially compliant") are read
through the same synonyms the write-back uses, and through the reviewer's mapping.
"""

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.storage.database import Database
from questionnaires.importers import load_questions
from questionnaires.importers.headers import find_column, header_key
from questionnaires.questions import Question
from questionnaires.text import plain_text
from questionnaires.workbook_targets import (
    SYNONYMS,
    TEXT_HEADERS,
    VERDICT_HEADERS,
    WorkbookChoice,
    load_choice,
    suggest_columns,
)

ANSWER_HEADERS = (
    *VERDICT_HEADERS,
    "your answer (yes/no/partial)",
    "your answer",
    "vendor answer",
    "answer",
    "yes/no/partial",
)
DOCUMENT_HEADERS = (
    "document reference",
    "document",
    "documents",
    "evidence",
    "supporting document",
    "supporting evidence",
    "attachment",
)
WORDS = {"yes": "Yes", "no": "No", "partial": "Partial"}
LEADING_WORD = re.compile(r"^(yes|no|partial|partially)\b[\s.,;:!–—-]*(.*)$", re.IGNORECASE | re.S)


@dataclass(frozen=True)
class AnsweredRow:
    """One row the vendor filled in, as read (checked later against the review).

    Attributes:
        row: The row number in its sheet (1-based).
        where: How the row is named in a problem line ("row 5", "Security row 5").
        qid: The question id.
        answer: The vendor's word, as written, or Yes / No / Partial once read.
        explanation: Their text.
        document: The document they named.
        question: The question as the row asks it (the questionnaire path only): a row whose
            text is not the review's question of that id is listed, not matched.
    """

    row: int
    where: str
    qid: str
    answer: str
    explanation: str
    document: str
    question: str = ""


@dataclass(frozen=True)
class _Columns:
    answer: int | None
    explanation: int | None
    document: int | None
    words: dict[str, str]  # the questionnaire's own value (folded) → Yes / No / Partial


def answer_word(value: str, words: dict[str, str] | None = None) -> str | None:
    """Return Yes, No or Partial for a vendor's answer cell ("Compliant" → Yes), or None."""
    key = header_key(value)
    if words and key in words:
        return words[key]
    for verdict, synonyms in SYNONYMS.items():
        if key in synonyms:
            return WORDS[verdict]
    return None


def _columns(headers: list[Any], choice: WorkbookChoice | None, name: str) -> _Columns:
    suggested = suggest_columns([str(header) for header in headers if header is not None])
    picked = choice or WorkbookChoice()

    def index(header: str | None) -> int | None:
        return find_column(headers, (header_key(header),)) if header else None

    answer = index(picked.verdict_column)
    if answer is None:
        answer = find_column(headers, ANSWER_HEADERS)
    explanation = index(picked.text_column)
    if explanation is None or explanation == answer:
        explanation = index(suggested.text_column)
    if explanation is None or explanation == answer:
        explanation = next(
            (
                column
                for column, header in enumerate(headers)
                if header_key(header) in TEXT_HEADERS and column != answer
            ),
            None,
        )
    if answer is None and explanation is None:
        shown = ", ".join(str(h) for h in headers if plain_text(h))[:200] or "none"
        raise UserError(
            f"{name}: no answer column beside the questions (headers: {shown}); the vendor's "
            "answers go in a column headed Answer, Yes/No, Response or Comments"
        )
    words = {
        header_key(value): WORDS[verdict]
        for verdict, value in picked.mapping.items()
        if value and verdict in WORDS
    }
    return _Columns(answer, explanation, find_column(headers, DOCUMENT_HEADERS), words)


def _read(values: dict[int, Any], columns: _Columns) -> tuple[str, str, str]:
    def cell(column: int | None) -> str:
        return plain_text(values.get(column)) if column is not None else ""

    answer, explanation = cell(columns.answer), cell(columns.explanation)
    document = cell(columns.document)
    if columns.answer is not None:
        word = answer_word(answer, columns.words) if answer else None
        if word is not None or explanation:
            return word or answer, explanation, document
    # Only text ("Yes, with AES-256"): the answer is its first word; a row without one is
    # listed as a problem by the caller.
    text = explanation or answer
    match = LEADING_WORD.match(text)
    if match is None:
        return answer if columns.answer is not None else "", explanation, document
    first = match.group(1).lower()
    word = WORDS["partial" if first.startswith("partial") else first]
    return word, match.group(2).strip() or text, document


def _xlsx_rows(
    path: Path, questions: list[Question], choice: WorkbookChoice | None
) -> list[AnsweredRow]:
    # deferred: start-up time (openpyxl, only for .xlsx responses)
    from questionnaires.importers.sheet_limits import filled_cells
    from questionnaires.importers.xlsx_file import open_workbook

    workbook = open_workbook(path, data_only=True)
    rows: list[AnsweredRow] = []
    try:
        cells: dict[str, tuple[dict[int, dict[int, Any]], _Columns]] = {}
        for question in questions:
            title = str(question.location.get("sheet") or "")
            if title not in cells:
                sheet_cells = filled_cells(workbook[title])
                header_row = int(question.location.get("header_row") or 1)
                header = sheet_cells.get(header_row, {})
                headers = [header.get(i) for i in range(max(header, default=-1) + 1)]
                cells[title] = sheet_cells, _columns(headers, choice, f"{path.name} {title}")
            sheet_cells, columns = cells[title]
            number = int(question.location.get("row") or 0)
            answer, explanation, document = _read(sheet_cells.get(number, {}), columns)
            rows.append(
                AnsweredRow(
                    number, f"{title} row {number}", question.qid, answer, explanation, document,
                    question.text,
                )
            )  # fmt: skip
    finally:
        workbook.close()
    return rows


def _csv_rows(
    path: Path, questions: list[Question], choice: WorkbookChoice | None
) -> list[AnsweredRow]:
    # deferred: start-up time (each format's reader loads only for that format)
    from questionnaires.importers.csv_file import read_csv_rows

    table, _encoding, _delimiter = read_csv_rows(path)
    header = next((row for row in table if any(cell.strip() for cell in row)), [])
    columns = _columns(list(header), choice, path.name)
    rows = []
    for question in questions:
        number = int(question.location.get("row") or 0)
        values = dict(enumerate(table[number - 1])) if 0 < number <= len(table) else {}
        answer, explanation, document = _read(values, columns)
        rows.append(
            AnsweredRow(
                number, f"row {number}", question.qid, answer, explanation, document,
                question.text,
            )
        )  # fmt: skip
    return rows


def read_filled_questionnaire(database: Database, review_id: int, path: Path) -> list[AnsweredRow]:
    """Read every question row of a questionnaire the vendor filled in, with their answers.

    Rows they left blank come back with empty fields (the caller skips them).

    Raises:
        UserError: The file is not a questionnaire the importers can read, or it has no
            answer column beside its questions.
    """
    path = Path(path)
    questions = load_questions(path)
    choice = load_choice(database, review_id)
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path, questions, choice)
    if path.suffix.lower() == ".csv":
        return _csv_rows(path, questions, choice)
    raise UserError(f"{path.name}: read a vendor response from an .xlsx or .csv questionnaire")

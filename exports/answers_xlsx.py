"""Answers as a formatted XLSX workbook (openpyxl).

``write_answers_xlsx(database, review_id, path)`` writes, atomically, a workbook with:

- sheet "Answers": one row per question (ID, section, reference, question, verdict, answer,
  confidence, review state, reviewer, watch-outs, citations, newest as-of date, what auto-fill
  proposed when the reviewer changed it); the verdict cell is filled in the verdict's colour
  (the same as the PDF pack's badges), the header row is frozen and has filters;
- sheet "Review": the vendor, questionnaire, reviewer, organisation, dates and verdict counts.

Cell text is data (:func:`questionnaires.sheet_cells.put_cell`): characters XLSX cannot hold
(control characters) are dropped first, then a value beginning with ``=`` is stored as text,
never as a formula.
"""

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from exports.pack_data import AnswerRecord, ReviewContent, load_review_content
from exports.pack_styles import STATE_LABELS, VERDICT_COLOURS, VERDICT_LABELS
from models.storage.database import Database
from models.storage.files import atomic_output
from questionnaires.sheet_cells import put_cell

HEADER_FILL = "1B4F72"
COLUMNS: tuple[tuple[str, int], ...] = (
    ("ID", 16),
    ("Section", 22),
    ("Reference", 14),
    ("Question", 50),
    ("Verdict", 11),
    ("Answer", 60),
    ("Confidence", 11),
    ("Review state", 16),
    ("Reviewer", 18),
    ("Watch-outs", 40),
    ("Citations", 50),
    ("As of", 12),
    ("Auto-fill proposed", 40),
)


def _answer_row(answer: AnswerRecord) -> list[Any]:
    citations = "\n".join(
        " — ".join(
            str(part)
            for part in (citation.get("claim"), citation.get("url"), citation.get("as_of"))
            if part
        )
        for citation in answer.citations
    )
    dates = [str(c.get("as_of")) for c in answer.citations if c.get("as_of")]
    proposed = ""
    if answer.edited and answer.proposed_text:
        label = VERDICT_LABELS.get(answer.proposed_verdict, answer.proposed_verdict)
        proposed = f"{label}: {answer.proposed_text}"
    state = STATE_LABELS.get(answer.state, answer.state)
    if answer.state == "flagged" and answer.flag_reason:
        state = f"{state}: {answer.flag_reason}"
    return [
        answer.qid,
        answer.section,
        answer.reference,
        answer.question,
        VERDICT_LABELS.get(answer.verdict, answer.verdict.upper()),
        answer.text,
        round(answer.confidence, 2),
        state,
        answer.reviewer,
        "\n".join(answer.flags),
        citations,
        max(dates) if dates else "",
        proposed,
    ]


def _answers_sheet(sheet: Worksheet, content: ReviewContent) -> None:
    sheet.title = "Answers"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=HEADER_FILL)
    for index, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    verdict_column = 5
    wrap = Alignment(wrap_text=True, vertical="top")
    fills = {v: PatternFill("solid", fgColor=c.lstrip("#")) for v, c in VERDICT_COLOURS.items()}
    white_bold = Font(bold=True, color="FFFFFF")
    for row, answer in enumerate(content.answers, start=2):
        for column, value in enumerate(_answer_row(answer), start=1):
            cell = put_cell(sheet, row, column, value)
            cell.alignment = wrap
        verdict_cell = sheet.cell(row=row, column=verdict_column)
        verdict_cell.fill = fills.get(answer.verdict, fills["unknown"])
        verdict_cell.font = white_bold
        verdict_cell.alignment = Alignment(horizontal="center", vertical="top")
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(COLUMNS))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(content.answers)) + 1}"


def _review_sheet(sheet: Worksheet, content: ReviewContent) -> None:
    facts: list[tuple[str, object]] = [
        ("Vendor", f"{content.vendor_name} ({content.vendor_slug})"),
        ("Questionnaire", content.template_title or content.source_file or content.title),
        ("Title", content.title),
        ("Reviewer", content.reviewer),
        ("Organisation", content.organisation),
        ("Review started", content.created_at.strftime("%Y-%m-%d %H:%M UTC")),
        (
            "Review finished",
            content.finished_at.strftime("%Y-%m-%d %H:%M UTC") if content.finished_at else "",
        ),
        (
            "Knowledge base as of",
            content.knowledge_base_as_of.isoformat() if content.knowledge_base_as_of else "",
        ),
    ]
    facts += [(f"Verdict {VERDICT_LABELS[v]}", n) for v, n in content.verdict_counts().items()]
    for row, (name, value) in enumerate(facts, start=1):
        sheet.cell(row=row, column=1, value=name).font = Font(bold=True)
        put_cell(sheet, row, 2, value)
    sheet.column_dimensions["A"].width = 24
    sheet.column_dimensions["B"].width = 60


def write_answers_xlsx(database: Database, review_id: int, path: Path) -> int:
    """Write the review's answers as a formatted workbook; return the answer count.

    Raises:
        UserError: Unknown review, or the output folder does not exist.
    """
    content = load_review_content(database, review_id)
    workbook = Workbook()
    _answers_sheet(workbook.active, content)
    _review_sheet(workbook.create_sheet("Review"), content)
    with atomic_output(Path(path)) as temporary:
        workbook.save(temporary)
    return len(content.answers)

"""A customer's own questionnaire (an XLSX with its header on row 3) and the copy the vendor
sends back with its answer columns filled in, for the tests of responses in from it."""

from pathlib import Path

import openpyxl

QUESTIONS = [
    ("SEC-1", "Do you perform background checks on employees with access to customer data?"),
    ("SEC-2", "Do you have a documented incident response plan that is tested annually?"),
    ("SEC-3", "Do you hold cyber liability insurance?"),
    ("SEC-4", "Do you allow customers to audit your facilities on site?"),
    ("SEC-5", "Do you run a bug bounty programme?"),
]
HEADERS = ["ID", "Question", "Yes/No", "Comments", "Evidence"]


def write_questionnaire(path: Path) -> Path:
    """The customer's workbook: a title, a blank row, then the header on row 3."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Security"
    sheet["A1"] = "Acme Bank vendor security questionnaire 2026"
    sheet.append([])
    sheet.append(HEADERS)
    for qid, question in QUESTIONS:
        sheet.append([qid, question])
    workbook.save(path)
    return path


def fill_questionnaire(
    original: Path, out: Path, answers: dict[str, tuple], extra: list | None = None
) -> Path:
    """Fill the answer columns as the vendor would, and move the first question to the end
    (rows are matched by id, not by place)."""
    workbook = openpyxl.load_workbook(original)
    sheet = workbook["Security"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    sheet.delete_rows(4, len(rows))
    for values in [*rows[1:], rows[0]]:
        qid = values[0]
        word, comment, document = (*answers.get(qid, ()), None, None, None)[:3]
        sheet.append([qid, values[1], word, comment, document])
    if extra:
        sheet.append(extra)
    workbook.save(out)
    return out

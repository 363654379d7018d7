"""Reading customer questionnaires: CSV, XLSX and VSAQ-style JSON, into :class:`Question` s.

Every importer keeps where each question came from (``location``) so answers can be written
back beside it. Bad files end in one :class:`models.errors.UserError` line: missing, empty,
over 20 MB, unreadable, or without a question column.
"""

from pathlib import Path

from models.errors import UserError
from models.storage.files import check_input_file
from questionnaires.questions import Question

SUFFIXES = (".csv", ".xlsx", ".json")


def load_questions(
    path: Path, sheet: str | None = None, column: str | None = None
) -> list[Question]:
    """Read the questions of a questionnaire file.

    Args:
        path: A ``.csv``, ``.xlsx`` or VSAQ-style ``.json`` file.
        sheet: XLSX only: read this sheet (default: every sheet with a question column).
        column: The question column's header (CSV, XLSX) or letter (XLSX), if not detected.

    Returns:
        The questions in file order.

    Raises:
        UserError: The file cannot be read as a questionnaire.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(
            f"{path.name}: unsupported file type {suffix or '(none)'}; use .csv, .xlsx or .json"
        )
    check_input_file(path)
    if suffix == ".csv":
        # deferred: start-up time (each format's reader and its library load only for that format)
        from questionnaires.importers.csv_file import load_csv

        questions = load_csv(path, column=column)
    elif suffix == ".xlsx":
        # deferred: start-up time (each format's reader and its library load only for that format)
        from questionnaires.importers.xlsx_file import load_xlsx

        questions = load_xlsx(path, sheet=sheet, column=column)
    else:
        # deferred: start-up time (each format's reader and its library load only for that format)
        from questionnaires.importers.json_file import load_json

        questions = load_json(path)
    if not questions:
        raise UserError(f"{path.name}: no questions found")
    return questions

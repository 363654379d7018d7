"""Recognising the columns of a questionnaire by their headers."""

import re
from collections.abc import Sequence

QUESTION_HEADERS = (
    "question",
    "questions",
    "question text",
    "requirement",
    "control question",
    "query",
    "security question",
)
ID_HEADERS = (
    "id",
    "qid",
    "question id",
    "question no",
    "question number",
    "ref",
    "reference",
    "ref no",
    "#",
    "no",
    "nr",
    "number",
    "item",
    "control id",
)
SECTION_HEADERS = ("section", "category", "domain", "area", "topic", "group", "heading")


def header_key(value: object) -> str:
    """Return a header folded for comparison ("Question ID:" → "question id")."""
    text = re.sub(r"[\s_]+", " ", str(value or "")).strip().lower()
    return text.rstrip(":.").strip() if text not in ("#", "no.") else text.rstrip(".")


def is_question_header(value: object) -> bool:
    """True when a header names the question column."""
    key = header_key(value)
    if not key:
        return False
    if key in QUESTION_HEADERS:
        return True
    if re.search(r"\bquestions?\b", key) is None or len(key.split()) > 5:
        return False  # a sentence mentioning questions is an instruction, not a header
    return not re.search(r"\b(id|no|nr|number|ref|reference)\b|#", key)


def find_column(headers: Sequence[object], wanted: tuple[str, ...]) -> int | None:
    """Return the index of the first header in ``wanted``, or None."""
    for index, value in enumerate(headers):
        if header_key(value) in wanted:
            return index
    return None


def find_question_column(headers: Sequence[object], column: str | None = None) -> int | None:
    """Return the index of the question column, by the header the user named or by its name."""
    if column is not None:
        key = header_key(column)
        for index, value in enumerate(headers):
            if header_key(value) == key:
                return index
        return None
    exact = find_column(headers, QUESTION_HEADERS)
    if exact is not None:
        return exact
    for index, value in enumerate(headers):
        if is_question_header(value):
            return index
    return None

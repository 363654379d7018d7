"""CSV questionnaires in any encoding that can be detected (UTF-8/16, cp1252…)."""

import csv
import io
from pathlib import Path

from models.errors import UserError
from questionnaires.importers.headers import (
    ID_HEADERS,
    SECTION_HEADERS,
    find_column,
    find_question_column,
)
from questionnaires.questions import Question
from questionnaires.text import plain_text

BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16's, which it starts with
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Where the zero bytes of mostly-ASCII text fall, by position modulo 4, in each wide encoding.
WIDE_ENCODINGS = (
    ("utf-32-le", (1, 2, 3)),
    ("utf-32-be", (0, 1, 2)),
    ("utf-16-le", (1, 3)),
    ("utf-16-be", (0, 2)),
)


def _wide_encoding(data: bytes) -> str | None:
    """Name the UTF-16/UTF-32 byte order of text saved without a BOM, or None.

    Such files decode as UTF-8 full of NUL characters (NUL is valid UTF-8), which then
    reads as one odd header; the zero bytes' places give the encoding away.
    """
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 4]
    if not sample:
        return None
    share = [sample[offset::4].count(0) / (len(sample) / 4) for offset in range(4)]
    for encoding, zero_places in WIDE_ENCODINGS:
        others = [share[place] for place in range(4) if place not in zero_places]
        if all(share[place] > 0.9 for place in zero_places) and all(s < 0.5 for s in others):
            return encoding
    return None


def decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file, detecting the encoding.

    Raises:
        UserError: The bytes are not text in any encoding that can be detected.
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        wide = _wide_encoding(data)
        if wide is not None:
            try:
                text = data.decode(wide)
            except UnicodeDecodeError:
                text = ""
            if text and "\x00" not in text:
                return text, wide
        raise UserError(
            f"{name}: not a text file in any encoding that can be detected (it holds NUL "
            "bytes; save it as CSV UTF-8 and import it again)"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # deferred: start-up time (charset detection only for files that are not UTF-8)
    from charset_normalizer import from_bytes

    results = from_bytes(data)
    best = results.best()
    if best is None or "\x00" in str(best):
        raise UserError(f"{name}: not a text file in any encoding that can be detected")
    # Several single-byte code pages often fit equally well; Windows-1252 is by far the most
    # likely for a questionnaire saved from Excel, so it wins a tie.
    for candidate in results:
        same_fit = (candidate.chaos, candidate.coherence) == (best.chaos, best.coherence)
        if same_fit and candidate.encoding == "cp1252":
            return str(candidate), candidate.encoding
    return str(best), best.encoding


def read_csv_rows(path: Path) -> tuple[list[list[str]], str, str]:
    """Return (rows, encoding, delimiter) of a CSV file."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    text, encoding = decode_text(data, path.name)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UserError(f"{path.name}: not a readable CSV file ({error})") from None
    return rows, encoding, delimiter


def load_csv(path: Path, column: str | None = None) -> list[Question]:
    """Read a CSV questionnaire: a header row with a question column (``question`` or named).

    Location: ``{"row": n}`` (1-based, the header is row 1) and the column's header.
    """
    rows, _encoding, _delimiter = read_csv_rows(path)
    header_index = next(
        (index for index, row in enumerate(rows) if any(c.strip() for c in row)), None
    )
    if header_index is None:
        raise UserError(f"{path.name}: the file has no rows")
    headers = rows[header_index]
    question_column = find_question_column(headers, column)
    if question_column is None:
        named = f"no column named {column!r}" if column else "no question column"
        shown = ", ".join(h for h in headers if h)[:200] or "none"
        raise UserError(f"{path.name}: {named} (headers: {shown}); name it with --column")
    id_column = find_column(headers, ID_HEADERS)
    section_column = find_column(headers, SECTION_HEADERS)
    questions = []
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        cell = row[question_column] if question_column < len(row) else ""
        text = plain_text(cell)
        if not text:
            continue
        number = index + 1
        qid = row[id_column].strip() if id_column is not None and id_column < len(row) else ""
        section = (
            row[section_column].strip()
            if section_column is not None and section_column < len(row)
            else ""
        )
        questions.append(
            Question(
                qid=qid or f"R{number}",
                text=text,
                section=section,
                location={"row": number, "column": headers[question_column]},
            )
        )
    return questions

"""VSAQ-style JSON questionnaires (``{"questionnaire": [{"type": "block", "items": …}]}``).

The original VSAQ files are JavaScript-flavoured: they start with ``//`` licence comment
lines, join long texts with ``"…" + "…"``, and carry HTML in their texts; all are handled.
Blocks nest; their texts form each question's section path. Items of type ``info`` and
``tip`` are guidance, not questions. A plain ``{"questions": [{"id",
"question"}]}`` list (or a bare list of such objects) is read as well.
"""

import json
import re
from pathlib import Path
from typing import Any

from models.errors import UserError
from models.storage.files import first_lone_surrogate
from questionnaires.importers.csv_file import decode_text
from questionnaires.questions import Question
from questionnaires.text import plain_text

QUESTION_TYPES = {"radiogroup", "checkgroup", "line", "box", "yesno", "question"}
MAX_DEPTH = 50


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|\+|[^"+]+|"')


def _javascript_to_json(text: str) -> str:
    """Drop ``//`` comment lines and join ``"a" + "b"`` string concatenations (VSAQ files)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("//")]
    tokens = [match.group(0) for match in _TOKENS.finditer("\n".join(lines))]
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token == "+" and out:
            # Find the previous and next non-blank tokens: both must be strings to join.
            back = len(out) - 1
            while back >= 0 and not out[back].strip():
                back -= 1
            ahead = index + 1
            while ahead < len(tokens) and not tokens[ahead].strip():
                ahead += 1
            if (
                back >= 0
                and ahead < len(tokens)
                and out[back].startswith('"')
                and tokens[ahead].startswith('"')
                and len(tokens[ahead]) > 1
            ):
                out[back] = out[back][:-1] + tokens[ahead][1:]
                del out[back + 1 :]
                index = ahead + 1
                continue
        out.append(token)
        index += 1
    return "".join(out)


def _walk(items: Any, path: list[str], found: list[Question], depth: int, name: str) -> None:
    if depth > MAX_DEPTH:
        raise UserError(f"{name}: blocks nested too deeply")
    if not isinstance(items, list):
        return
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type", "")).lower()
        text = plain_text(item.get("text"))
        if kind == "block":
            _walk(item.get("items"), [*path, text] if text else path, found, depth + 1, name)
            continue
        if kind not in QUESTION_TYPES or not text:
            continue
        item_id = str(item.get("id") or "")
        where = " > ".join(path)
        found.append(
            Question(
                qid=item_id or f"item-{len(found) + 1}",
                text=text,
                section=where,
                location={"item_id": item_id, "path": where},
                answer_type="text" if kind in ("line", "box") else "yes-no",
            )
        )


def _simple(entries: list[Any], name: str) -> list[Question]:
    questions = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise UserError(f"{name}: questions[{index}] is not an object")
        text = plain_text(entry.get("question") or entry.get("text"))
        if not text:
            continue
        item_id = str(entry.get("id") or f"Q{index + 1}")
        questions.append(
            Question(
                qid=item_id,
                text=text,
                section=plain_text(entry.get("section")),
                location={"item_id": item_id, "path": f"questions[{index}]"},
            )
        )
    return questions


def load_json(path: Path) -> list[Question]:
    """Read a VSAQ-style questionnaire (or a plain list of id/question objects)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UserError(f"{path}: cannot read ({error.strerror})") from None
    text, _encoding = decode_text(data, path.name)
    try:
        document = json.loads(_javascript_to_json(text))
    except json.JSONDecodeError as error:
        raise UserError(
            f"{path.name}: not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise UserError(f"{path.name}: JSON nested too deeply") from None
    where = first_lone_surrogate(document)
    if where is not None:  # "\ud800" would poison every later print, export and query
        raise UserError(f"{path.name}: {where}: text holds a lone surrogate (invalid Unicode)")
    if isinstance(document, dict) and "questionnaire" in document:
        found: list[Question] = []
        _walk(document["questionnaire"], [], found, 0, path.name)
        return found
    if isinstance(document, dict) and isinstance(document.get("questions"), list):
        return _simple(document["questions"], path.name)
    if isinstance(document, list):
        return _simple(document, path.name)
    raise UserError(
        f"{path.name}: not a questionnaire (expected a VSAQ 'questionnaire' list or 'questions')"
    )

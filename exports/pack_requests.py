""" "What to request from the vendor", grouped so each request appears once with its questions.

Unknown answers end with what to request ("Request the SOC 2 Type II report through the trust
portal and read the CC1.1 controls…"). The document asked for is the part before the first
"and read", ";" or sentence end; what each question needs from it is the rest. Answers whose
text names no request are listed under their own text.
"""

import re
from dataclasses import dataclass, field

from exports.pack_data import AnswerRecord

_REQUEST = re.compile(r"\b(?:Request|Ask (?:the vendor )?for)\b[^.]*(?:\.(?!\s|$)[^.]*)*")
_SPLIT = re.compile(r"\s+and read\s+|\s*;\s*|\s+and ask\s+", re.I)


@dataclass
class RequestGroup:
    """One request and the questions it serves.

    Attributes:
        request: What to ask the vendor for, once.
        questions: ``(qid, what this question needs from it)`` pairs, in questionnaire order.
    """

    request: str
    questions: list[tuple[str, str]] = field(default_factory=list)


def split_request(text: str) -> tuple[str, str]:
    """Return (the request, the question's own detail) found in an unknown answer's text."""
    match = _REQUEST.search(text or "")
    if match is None:
        return (" ".join((text or "").split()) or "Ask the vendor", "")
    sentence = match.group().strip().rstrip(".")
    parts = _SPLIT.split(sentence, maxsplit=1)
    head = parts[0].strip()
    detail = parts[1].strip() if len(parts) > 1 else ""
    return head, detail


def group_requests(answers: list[AnswerRecord]) -> list[RequestGroup]:
    """Group the unknown answers by what to request, first-asked first."""
    groups: dict[str, RequestGroup] = {}
    for answer in answers:
        if answer.verdict != "unknown":
            continue
        request, detail = split_request(answer.text)
        key = " ".join(request.lower().split())
        groups.setdefault(key, RequestGroup(request)).questions.append((answer.qid, detail))
    return list(groups.values())

""" "What to request from the vendor", grouped so each request appears once with its questions.

Unknown answers end with what to request ("Request the SOC 2 Type II report through the trust
portal and read the CC1.1 controls…"). The document asked for is the part before the first
"and read", ";" or sentence end; what each question needs from it is the rest. Answers whose
text names no request are listed under their own text.
"""

from dataclasses import dataclass, field

from exports.pack_data import AnswerRecord
from questionnaires.vendor_requests import split_request


@dataclass
class RequestGroup:
    """One request and the questions it serves.

    Attributes:
        request: What to ask the vendor for, once.
        questions: ``(qid, what this question needs from it)`` pairs, in questionnaire order.
    """

    request: str
    questions: list[tuple[str, str]] = field(default_factory=list)


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

"""What to request from the vendor: every unknown or flagged question of a review, once,
grouped by the document or answer to ask for.

An unknown answer ends with what to request ("Request the SOC 2 Type II report through the
trust portal and read the CC1.1 controls…"): the request is the part before the first
"and read", ";" or sentence end, the rest is what this question needs from it. A flagged
answer asks the vendor to confirm it, with the reviewer's reason. The pack's "what to request"
page and the request sheet (``exports/vendor_requests.py``) read the same groups.
"""

import re
from dataclasses import dataclass, field

from questionnaires.reviews import ReviewRecord

_REQUEST = re.compile(r"\b(?:Request|Ask (?:the vendor )?for)\b[^.]*(?:\.(?!\s|$)[^.]*)*")
_SPLIT = re.compile(r"\s+and read\s+|\s*;\s*|\s+and ask\s+", re.I)


def split_request(text: str) -> tuple[str, str]:
    """Return (the request, the question's own detail) found in an unknown answer's text.

    The detail is what follows the request ("… and read the CC1.1 controls"); when the request
    says nothing more, it is the answer's reason, what the knowledge base lacks ("the knowledge
    base says nothing about: certified libraries")."""
    match = _REQUEST.search(text or "")
    if match is None:
        return (" ".join((text or "").split()) or "Ask the vendor", "")
    sentence = match.group().strip().rstrip(".")
    parts = _SPLIT.split(sentence, maxsplit=1)
    head = parts[0].strip()
    detail = parts[1].strip() if len(parts) > 1 else ""
    return head, detail or _missing((text or "")[: match.start()])


_UNKNOWN_LEAD = re.compile(r"^\s*Unknown:\s*", re.I)
_NEAREST = re.compile(r"\s*\(its nearest claim[^)]*\)")


def _missing(reason: str) -> str:
    """Return what an unknown answer's reason says is missing, without its lead-in."""
    reason = _NEAREST.sub("", _UNKNOWN_LEAD.sub("", " ".join(reason.split())))
    return reason.strip().rstrip(".")


@dataclass(frozen=True)
class RequestedQuestion:
    """One question the vendor is asked to answer."""

    qid: str
    question: str
    detail: str


@dataclass
class VendorRequest:
    """One thing to ask the vendor for and the questions it serves, in questionnaire order."""

    request: str
    questions: list[RequestedQuestion] = field(default_factory=list)


def vendor_requests(review: ReviewRecord) -> list[VendorRequest]:
    """Return the review's requests: each unknown or flagged question once, first-asked first.

    A flagged answer that is not unknown is put to the vendor to confirm, with the reason.
    """
    groups: dict[str, VendorRequest] = {}
    confirm = f"Confirm these answers with {review.vendor_name}"
    for answer in review.answers:
        if answer.verdict == "unknown":
            request, detail = split_request(answer.text)
        elif answer.state == "flagged":
            request, detail = confirm, answer.flag_reason or ""
        else:
            continue
        key = " ".join(request.lower().split())
        group = groups.setdefault(key, VendorRequest(request))
        group.questions.append(RequestedQuestion(answer.qid, answer.question, detail))
    return list(groups.values())

"""How ``ddq review list`` and ``ddq review show`` print reviews: JSON and plain text.

Answers keep the DESIGN.md answer shape (``id``, ``question``, ``verdict``, ``answer``,
``confidence``, ``citations``, ``flags``), plus the review's fields and the ``match`` object
auto-fill or the reviewer's citing stored with the answer, passed through as it is.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from questionnaires.review_overview import ReviewOverview
    from questionnaires.reviews import AnswerRecord, ReviewRecord

_WRAP = textwrap.TextWrapper(width=96, initial_indent="    ", subsequent_indent="    ")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def overview_json(item: ReviewOverview) -> dict[str, Any]:
    """Return one line of the list of reviews as plain JSON types."""
    return {
        "id": item.id,
        "title": item.title,
        "vendor": item.vendor,
        "vendor_name": item.vendor_name,
        "source": item.source or None,
        "state": "finished" if item.finished else "open",
        "questions": item.total,
        "resolved": item.resolved,
        "flagged": item.flagged,
        "verdicts": dict(item.verdicts),
        "updated_at": item.updated_at,
    }


def answer_json(answer: AnswerRecord) -> dict[str, Any]:
    """Return one answer: the DESIGN.md fields, the review's fields and ``match``."""
    data: dict[str, Any] = {
        "id": answer.qid,
        "question": answer.question,
        "verdict": answer.verdict,
        "answer": answer.text,
        "confidence": round(answer.confidence, 3),
        "citations": [dict(citation) for citation in answer.citations],
        "flags": list(answer.flags),
        "state": answer.state,
        "section": answer.section,
        "reference": answer.reference,
        "reviewer": answer.reviewer,
        "flag_reason": answer.flag_reason,
        "match": dict(answer.match),
        "updated_at": _iso(answer.updated_at),
        "version": answer.version,
    }
    if answer.edited_by_reviewer:
        data["proposed"] = {"verdict": answer.proposed_verdict, "answer": answer.proposed_text}
    return data


def review_json(review: ReviewRecord) -> dict[str, Any]:
    """Return a review with every answer."""
    return {
        "id": review.id,
        "title": review.title,
        "vendor": review.vendor,
        "template": review.template_id,
        "source_file": review.source_file,
        "state": "finished" if review.finished_at else "open",
        "reviewer": review.reviewer,
        "organisation": review.organisation,
        "created_at": _iso(review.created_at),
        "updated_at": _iso(review.updated_at),
        "finished_at": _iso(review.finished_at),
        "version": review.version,
        "answers": [answer_json(answer) for answer in review.answers],
    }


def answer_lines(answer: AnswerRecord) -> list[str]:
    """Return one answer as indented lines for people."""
    method = answer.match.get("method")
    lines = [
        "",
        f"{answer.qid}  {answer.verdict}  {answer.state}  confidence {answer.confidence:.2f}"
        + (f"  ({method})" if method else ""),
        *_WRAP.wrap("Q: " + " ".join(answer.question.split())),
        *_WRAP.wrap("A: " + " ".join(answer.text.split())),
    ]
    for citation in answer.citations:
        where = citation.get("url") or ""
        lines.append(f"    cites {citation.get('claim')}" + (f"  {where}" if where else ""))
    lines.extend(f"    ⚠ {flag}" for flag in answer.flags)
    if answer.flag_reason:
        lines.append(f"    flagged: {answer.flag_reason}")
    return lines

"""The answer auto-fill proposes for one question, and the ``unknown`` answer that says what
the knowledge base does not decide and what to request.
"""

import re
from dataclasses import dataclass, field
from typing import Any

from models.kb.claims import ClaimRecord
from models.kb.lexicon import lexicon
from models.verdicts import Verdict
from questionnaires.claim_facts import citation
from questionnaires.knowledge import KnowledgeBase
from questionnaires.questions import Question
from questionnaires.text import normalise

TEMPLATE_CONFIDENCE = 0.95
UNKNOWN_CONFIDENCE = 0.0


@dataclass
class ProposedAnswer:
    """What auto-fill proposes for one question.

    Attributes:
        qid: The question's id.
        question: The question text.
        verdict: ``yes``, ``partial``, ``no`` or ``unknown``.
        text: The answer in words, with facts, conditions and the as-of date.
        confidence: 0..1; unknown answers carry a low one.
        citations: ``{"claim", "url", "as_of", "title", "evidence"}`` per cited claim.
        flags: Watch-outs that apply.
        match: Why this answer: rule or template mapping, matched terms, score.
        section: The question's section.
        reference: The criterion it tests.
        location: Where the question came from (for write-back).
    """

    qid: str
    question: str
    verdict: Verdict
    text: str
    confidence: float
    citations: list[dict[str, Any]]
    flags: list[str]
    match: dict[str, Any]
    section: str = ""
    reference: str = ""
    location: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the answer in the shape ``ddq answer --json`` prints (DESIGN.md)."""
        return {
            "id": self.qid,
            "question": self.question,
            "verdict": self.verdict,
            "answer": self.text,
            "confidence": self.confidence,
            "citations": self.citations,
            "flags": self.flags,
        }


def _request(question: Question, text: str, kb: KnowledgeBase) -> str:
    if question.request:
        return question.request
    for pattern, what in lexicon()["requests"]:
        if re.search(pattern, text):
            return f"Request from {kb.vendor.name}: {what}."
    portal = kb.vendor.trust_portal_url
    where = f" through the trust portal ({portal})" if portal else ""
    if any(
        _SOC2_TITLE.search(claim.title) and claim.superseded_by is None
        for claim in kb.claims.values()
    ):
        return (
            f"Request the SOC 2 Type II report{where} and a written answer to this question "
            f"from {kb.vendor.name}."
        )
    # A vendor whose knowledge base records no SOC 2 report is not sent looking for one.
    return (
        f"Request a written answer to this question from {kb.vendor.name}, with the document "
        f"that supports it{where}."
    )


_SOC2_TITLE = re.compile(r"\bsoc ?2\b", re.IGNORECASE)


def unknown_answer(
    question: Question,
    kb: KnowledgeBase,
    why: str,
    match: dict[str, Any],
    cited: list[ClaimRecord] | None = None,
    flags: list[str] | None = None,
) -> ProposedAnswer:
    request = _request(question, normalise(question.text), kb)
    return ProposedAnswer(
        qid=question.qid,
        question=question.text,
        verdict="unknown",
        text=f"Unknown: {why} {request}",
        confidence=UNKNOWN_CONFIDENCE,
        citations=[citation(claim) for claim in cited or []],
        flags=flags or [],
        match=match,
        section=question.section,
        reference=question.reference,
        location=dict(question.location),
    )


def not_a_question(question: Question, kb: KnowledgeBase, match: dict[str, Any]) -> ProposedAnswer:
    return unknown_answer(
        question,
        kb,
        "the text is not phrased as a question or request, so it is not answered from the "
        "knowledge base.",
        {**match, "not_a_question": True},
    )

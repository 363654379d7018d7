"""Questions on whether something happens without the customer's say.

"Can your support staff view our data without our explicit permission?" is answered by a
claim sentence that makes the practice wait on a grant ("… cannot see a customer's tenant
data unless a customer administrator grants support access"): ``no``, it does not happen
without one; "Confirm that support staff cannot view our data without our permission" is
``yes``; "Can support staff view our data?" is ``partial`` (only once the customer grants
it); "Can support staff view our data once we grant access?" is ``yes``. The grant must
be the customer's: "only after manager approval" is the vendor's own control and gates
nothing the customer gives. Coverage reads the question's phrase and the claim's gate as one idea
(:data:`questionnaires.coverage.GATE_WORD`), so the other words of the question must stand in
that same sentence; a claim that states no gate leaves the question ``unknown``.
"""

import re
from datetime import date
from typing import Any

from models.kb.claims import ClaimRecord
from models.verdicts import Aspect
from questionnaires import vocabulary
from questionnaires.answer_from import answer_from_claims
from questionnaires.coverage import GATE_IDEA, Coverage, claim_terms, sentences
from questionnaires.grants import gates_on_customer
from questionnaires.knowledge import KnowledgeBase
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.terms import spoken_ideas, stem
from questionnaires.text import normalise

_WITHOUT_GRANT = re.compile(vocabulary.WITHOUT_GRANT)
_GRANT_GIVEN = re.compile(vocabulary.GRANT_GIVEN)


def gate_sentence(claim: ClaimRecord, ideas: set[str]) -> str | None:
    """Return the sentence of ``claim`` that makes what is asked wait on a grant: the one
    gating sentence that speaks of most of the question's ``ideas``, or None."""
    best: tuple[int, str] | None = None
    for sentence in sentences(claim.statement):
        folded = normalise(sentence)
        if not gates_on_customer(folded, claim.vendor):
            continue
        shared = len(ideas & spoken_ideas(folded))
        if best is None or shared > best[0]:
            best = (shared, sentence)
    return best[1] if best else None


def _speaks_most_of(claim: ClaimRecord, sentence: str, ideas: set[str]) -> bool:
    """True when the gating sentence speaks of every idea asked beyond the claim's title and
    keywords, and of as many as any other sentence of the claim does."""
    spoken = spoken_ideas(normalise(sentence))
    if not ideas - claim_terms(claim).anchor <= spoken:
        return False
    most = max(len(ideas & spoken_ideas(normalise(part))) for part in sentences(claim.statement))
    return len(ideas & spoken) >= max(most, 1)


def answer_if_gated(
    question: Question,
    kb: KnowledgeBase,
    folded: str,
    found: Coverage,
    match: dict[str, Any],
    *,
    negated: bool,
    products: list[str],
    today: date,
) -> ProposedAnswer | None:
    """Answer a question asking whether something happens without a grant, from the claim
    sentence that gates it; None when the question asks no such thing or no claim gates it.

    Args:
        question: The question.
        kb: The vendor's knowledge base.
        folded: The question, folded with the vendor's aliases.
        found: What coverage found (its claims cover every word of the question).
        match: The match details so far.
        negated: Whether the question asks that it does *not* happen ("cannot … without").
        products: The products the question names.
        today: The date answers are composed on.
    """
    without = _WITHOUT_GRANT.search(folded) is not None
    given = _GRANT_GIVEN.search(folded) is not None
    if len(found.claims) != 1:
        return None
    claim = found.claims[0]
    if not any(passage >= GATE_IDEA for passage in claim_terms(claim).passages):
        return None  # coverage found no gate in any passage (cached per claim version)
    ideas = {stem(word) for word in found.terms}
    sentence = gate_sentence(claim, ideas)
    if sentence is None or claim.status not in ("yes", "yes-gated"):
        return None
    aspect: Aspect
    attributes: tuple[str, ...]
    if not (without or given):
        if not _speaks_most_of(claim, sentence, ideas):
            return None  # the gate is about something else the claim states
        # "Can support engineers view our projects?": only once the customer grants it.
        aspect, attributes = "stated", ("partial", "only once the customer grants it")
    elif without:
        aspect, attributes = "denied", ("not without the customer's grant",)
    else:
        # "Can support view our files once we grant access?": the grant is what it waits on.
        aspect, attributes = "stated", ("yes", "once the customer grants it")
    return answer_from_claims(
        question,
        kb,
        [claim.key],
        {**match, "aspect": aspect, "detail": attributes[-1], "gated": True},
        aspect=aspect,
        polarity="inverse" if negated else "direct",
        how="worst",
        attributes=attributes,
        confidence=round(min(0.9, 0.6 + 0.3 * found.score), 2),
        products=products,
        today=today,
        numbers=False,
    )

"""Questions a reviewer answered by citing claims: their wording is stored as a phrasing of
those claims, and later questions of the same meaning are answered from them.
"""

from datetime import date

from rapidfuzz import fuzz, process

from questionnaires.answer_from import answer_from_claims
from questionnaires.by_coverage import claims_reading
from questionnaires.claim_facts import current_claim
from questionnaires.knowledge import KnowledgeBase
from questionnaires.matching import (
    MIN_SCORE,
    products_named,
)
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.shape import (
    read_shape,
)
from questionnaires.terms import content_terms


def answer_with_claims(
    question: Question,
    kb: KnowledgeBase,
    claim_keys: list[str],
    today: date | None = None,
    score: float = 0.9,
) -> ProposedAnswer:
    """Answer ``question`` from the claims a reviewer cited for it (the learning action).

    The verdict is still computed from the claims' current status and conditions, read in
    the question's shape (default, gated access, negation…); the answer's ``match`` says it
    was ``learned``.
    """
    keys = list(dict.fromkeys(claim_keys))
    folded = kb.language.fold(question.text)
    shape = read_shape(folded)
    claims = [claim for key in keys if (claim := current_claim(kb.claims, key)) is not None]
    terms = [term.word for term in content_terms(shape.topic_text, kb.language.ignored)]
    aspect, attributes, inverse, _negated, _denies = claims_reading(
        shape, folded, claims, terms, exclusions=False
    )
    return answer_from_claims(
        question,
        kb,
        keys,
        {
            "method": "learned",
            "rule": "learned",
            "claims": keys,
            "terms": terms,
            "score": round(score, 3),
            "threshold": MIN_SCORE,
        },
        aspect=aspect,
        polarity="inverse" if inverse else "direct",
        how="worst",
        attributes=attributes,
        confidence=round(min(0.9, score), 2),
        products=products_named(folded, kb.language),
        today=today or date.today(),
    )


# Two wordings mean the same when their folded texts agree this closely (rapidfuzz).
LEARNED_SIMILARITY = 92.0


def learned_claims(question: Question, kb: KnowledgeBase) -> tuple[list[str], float] | None:
    """Return the claims a reviewer cited for a question of the same meaning, if any, with
    the similarity (0..1): the stored phrasing closest to this question's folded text."""
    if not kb.phrasings:
        return None
    folded = kb.language.fold(question.text)
    best = process.extractOne(
        folded,
        {index: text for index, (text, _keys) in enumerate(kb.phrasings)},
        scorer=fuzz.token_sort_ratio,
        score_cutoff=LEARNED_SIMILARITY,
    )
    if best is None:
        return None
    _text, similarity, index = best
    return list(kb.phrasings[index][1]), similarity / 100

"""Questions about what the claims leave out.

"Will you notify us of security incidents that do not involve personal data?" asks about the
incidents a claim on personal-data breaches says nothing of: a claim that speaks of personal
data answers the rest, not this. The question is ``unknown`` unless the claim says it holds
whether or not ("… all security incidents, whether or not personal data is involved").
"""

import re
from collections.abc import Iterable

from models.kb.claims import ClaimRecord
from questionnaires.matching import uncovered_topics
from questionnaires.terms import stem, words
from questionnaires.text import normalise

_LEFT_OUT = re.compile(
    r"\b(?:that|which|who) (?:do|does|did) not (?:involve|include|affect|concern|contain|"
    r"relate to)\s+(?P<phrase>[^?.;,]+)"
    r"|\b(?:not involving|not including|excluding)\s+(?P<other>[^?.;,]+)"
)
_EITHER_WAY = re.compile(
    r"\b(?:whether or not|regardless of whether|including those (?:that |which )?"
    r"(?:do not|don't)|with or without)\b"
)


_DETERMINERS = frozenset("a an the any our your their its of or and".split())


def _stems(folded: str) -> set[str]:
    return {stem(word) for word in words(folded) if word not in _DETERMINERS}


def left_out(folded: str, claims: Iterable[ClaimRecord]) -> list[str]:
    """Return what the question leaves out ("not involving personal data") when a claim
    that would answer it speaks only of that; an empty list otherwise.

    Args:
        folded: The question, normalised.
        claims: The claims coverage chose.
    """
    found = _LEFT_OUT.search(folded)
    if found is None:
        return []
    phrase = (found.group("phrase") or found.group("other") or "").strip()
    # Every word counts: "personal data" is what is left out, though coverage weighs neither.
    ideas = _stems(phrase)
    if not ideas:
        return []
    for claim in claims:
        statement = normalise(claim.statement)
        if ideas <= _stems(statement) and _EITHER_WAY.search(statement) is None:
            return [f"anything not involving {phrase}"]
    return []


def unstated_topics(folded: str, claims: list[ClaimRecord]) -> list[str]:
    """Return what the question asks that the chosen claims do not state: a phrase of the
    lexicon none of them speaks of, else what the question leaves out of them."""
    return uncovered_topics(folded, claims, phrases_only=True) or left_out(folded, claims)

"""A name that a superseded claim listed and the claim standing now no longer lists.

"Is Scanwell OCR currently one of your sub-processors?" against a list of April 2026 that
replaced Scanwell OCR with Papyra OCR: the name is in the superseded claim's list and not in
the list of the claim that superseded it, so the answer is ``no`` from the current claim,
naming what it lists now. A question about the past ("in 2025", "previously") is left to
the other readings, and so is one whose other words the current claim does not all speak
of, with one of its title or keywords among them ("Is Parley Chat in the SOC 2 scope?" is
not asked of the BAA's list of covered products).
"""

import re
from datetime import date

from models.kb.claims import ClaimRecord
from questionnaires.answer_from import denied_by_claim
from questionnaires.claim_facts import current_claim
from questionnaires.coverage import claim_terms
from questionnaires.knowledge import KnowledgeBase
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.terms import content_terms
from questionnaires.text import compact, is_asking, normalise

_ASKS_PAST = re.compile(
    r"\b(?:previously|formerly|former|used to|in the past|before|earlier|history|historic\w*|"
    r"ever|was|were|had|(?:19|20)\d\d)\b"
)


def dropped_member(folded: str, claims: dict[str, ClaimRecord]) -> tuple[ClaimRecord, str] | None:
    """Return the current claim and why the name the question asks about is no longer in its
    list ("Scanwell OCR is no longer among the subprocessors: …"), or None.

    Args:
        folded: The normalised question.
        claims: Every claim of the vendor by key, superseded ones included.
    """
    if _ASKS_PAST.search(folded):
        return None
    for old in claims.values():
        if not old.superseded_by:
            continue
        current = current_claim(claims, old.key)
        if current is None or current.key == old.key or current.superseded_by:
            continue
        for name, value, now, pattern in _dropped_values(old, current):
            found = pattern.search(folded)
            if found and _asks_of(current, folded[: found.start()] + folded[found.end() :]):
                listed = ", ".join(map(str, now))
                what = name.replace("_", " ")
                return current, f"{value} is no longer among the {what} ({listed})"
    return None


_DROPPED: dict[tuple, list[tuple[str, object, list, re.Pattern[str]]]] = {}


def _dropped_values(
    old: ClaimRecord, current: ClaimRecord
) -> list[tuple[str, object, list, re.Pattern[str]]]:
    """Return ``(attribute, value, current list, pattern)`` for each list value of ``old``
    that ``current`` no longer lists, read once per pair of claim versions (not per question)."""
    key = (old.id, old.updated_at, current.id, current.updated_at)
    cached = _DROPPED.get(key)
    if cached is not None:
        return cached
    found = []
    now_attributes = current.conditions.get("attributes") or {}
    for name, values in (old.conditions.get("attributes") or {}).items():
        now = now_attributes.get(name)
        if not isinstance(values, list) or not isinstance(now, list):
            continue
        kept = {compact(str(value)) for value in now}
        for value in values:
            text = normalise(str(value))
            if len(compact(text)) < 4 or compact(text) in kept:
                continue
            found.append((name, value, now, re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])")))
    _DROPPED[key] = found
    return found


def _asks_of(claim: ClaimRecord, rest: str) -> bool:
    """True when the question, without the name, speaks only of what ``claim`` speaks of,
    its title or keywords included."""
    ideas = {term.stem for term in content_terms(rest)}
    terms = claim_terms(claim)
    return bool(ideas & terms.anchor) and ideas <= terms.all


def answer_if_dropped(
    question: Question, kb: KnowledgeBase, folded: str, products: list[str], today: date
) -> ProposedAnswer | None:
    """Return ``no`` from the standing claim when the question asks whether a name its list
    no longer holds is a member now, or None."""
    dropped = dropped_member(folded, kb.claims) if is_asking(question.text) else None
    if dropped is None:
        return None
    claim, detail = dropped
    return denied_by_claim(
        question, kb, claim.key, detail, products=products, today=today, confidence=0.8
    )

"""What a question asks to be in a claim's scope ("Is the mobile app within the scope of your
SOC 2 report?") that the claim's scope list does not name."""

import re

from models.kb.claims import ClaimRecord
from questionnaires import vocabulary
from questionnaires.details import UNITS
from questionnaires.plans import PLAN_WORDS
from questionnaires.terms import stem
from questionnaires.text import normalise as fold

# The question asks what a report, audit or certificate covers.
_ASKS_SCOPE = re.compile(
    r"\b(in|within|inside|into|part of|outside|out of) (the |its |their )?scope\b|\bscope of\b|"
    r"\bscoped\b|\bcertified scope\b|\bboundary\b"
)


def outside_scope_list(folded: str, claims: list[ClaimRecord], ideas: set[str]) -> list[str]:
    """Return the question's words for what it asks to be in scope when the one claim that
    answers lists its scope and names none of them there (nor excludes them)."""
    if len(claims) != 1 or not _ASKS_SCOPE.search(folded):
        return []
    claim = claims[0]
    scope = [str(item) for item in claim.conditions.get("scope") or []]
    if not scope:
        return []
    known = {stem(word) for word in re.findall(r"[a-z0-9][a-z0-9'-]*", fold(claim.title))} | {
        stem(word) for keyword in claim.keywords for word in re.findall(r"[a-z0-9]+", fold(keyword))
    }
    listed = {
        stem(word) for item in scope for word in re.findall(r"[a-z0-9][a-z0-9'-]*", fold(item))
    }
    criteria = {stem(word) for name in vocabulary.CRITERIA for word in name.split()}
    detail = ideas - known - criteria - PLAN_WORDS - UNITS - {stem("scope")}
    if not detail or detail & listed:
        return []
    return sorted(detail)

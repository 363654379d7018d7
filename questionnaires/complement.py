"""What a question asks beyond what the chosen claims state, or what they withhold.

- **Left out.** "Will you notify us of security incidents that do not involve personal data?"
  asks about the incidents a claim on personal-data breaches says nothing of: ``unknown``,
  unless the claim says it holds whether or not.
- **Places.** "In which countries are your sub-processors located?" needs a claim that names a
  place; to coverage, "hosting" already speaks of where.
- **A percentage of something.** "What service-credit percentage is paid?" needs a clause
  stating a percentage of credits; "99.9% availability …, with service credits" states none.
- **Denied outright or withheld.** "have no standing access" answers a question on standing
  access ``no`` when standing is beyond what the claim is about; "Full … reports are not
  shared" answers "Will you provide the full report?" ``no``, but not "are the results shared?".
"""

import re
from collections.abc import Iterable

from models.kb.claims import ClaimRecord
from questionnaires.coverage import claim_terms, sentences
from questionnaires.matching import uncovered_topics
from questionnaires.regions import places_with_cities
from questionnaires.terms import FUNCTION_WORDS, stem, words
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


# "In which countries are your sub-processors located?", "Where is our data hosted?": the
# question asks for places, which a claim that names none (hosting is "where" to coverage)
# cannot give.
_ASKS_WHERE = re.compile(
    r"\b(?:which|what) (?:countries|country|locations?|regions?|jurisdictions?|places?)\b"
    r"|\bwhere\b[^?]{0,60}\b(?:located|hosted|based|stored|held|kept|processed)\b"
)


def place_unstated(folded: str, claims: Iterable[ClaimRecord]) -> list[str]:
    """Return what is missing when the question asks for places and no chosen claim names one."""
    if _ASKS_WHERE.search(folded) is None:
        return []
    for claim in claims:
        attributes = claim.conditions.get("attributes") or {}
        texts = [claim.statement, *map(str, claim.conditions.get("scope") or [])]
        texts += [str(value) for value in attributes.values()]
        if any(places_with_cities(normalise(text)) for text in texts):
            return []
    return ["the places asked for (no claim names one)"]


# "What service credit percentage is paid…?", "what percentage of fees is credited": the
# question asks for a percentage of one thing, which a clause stating a percentage of it gives.
_PERCENT_OF = re.compile(
    r"\b(?:what|which|how much)\b(?P<before>(?: [\w-]+){0,4}?) (?:percentage|percent|%)"
    r"(?: (?:rate|level|amount))?(?: of (?P<after>(?:the |a |an |our |your )?[\w-]+(?: [\w-]+)?))?"
)
_PERCENT = re.compile(r"\d(?:[\d.,]*\d)?\s*(?:%|percent\b)")
_PART = re.compile(r";|,|\bwith\b|\band\b|\.\s")


_ASKING_WORDS = frozenset(stem(word) for word in "what which how much is are".split())
_AVAILABILITY = frozenset(
    stem(word) for word in "uptime availability available sla service level guaranteed".split()
)


def percentage_unstated(folded: str, claims: Iterable[ClaimRecord]) -> list[str]:
    """Return ["a percentage of …"] when the question asks a percentage of something no
    clause of the claims states a percentage of ("99.9% availability …, with service credits"
    states none of the credits), or an empty list."""
    found = _PERCENT_OF.search(folded)
    if found is None:
        return []
    whose = f"{found.group('before') or ''} {found.group('after') or ''}"
    # "What uptime percentage…": the availability figure itself, which any stated one gives.
    ideas = _stems(whose) - _ASKING_WORDS - _AVAILABILITY
    if not ideas:
        return []
    for claim in claims:
        for part in _PART.split(normalise(claim.statement)):
            if _PERCENT.search(part) and ideas <= _stems(part):
                return []
    return [f"a percentage of {whose.strip()}"]


def unstated_topics(folded: str, claims: list[ClaimRecord]) -> list[str]:
    """Return what the question asks that the chosen claims do not state: a phrase of the
    lexicon none of them speaks of, what the question leaves out of them, or the places it
    asks for."""
    return (
        uncovered_topics(folded, claims, phrases_only=True)
        or left_out(folded, claims)
        or place_unstated(folded, claims)
        or percentage_unstated(folded, claims)
    )


_NO_SUCH = re.compile(r"\bno ((?:[a-z-]+ ){0,2}[a-z-]+)")


def denied_outright(claim: ClaimRecord, ideas: set[str], denies: bool = True) -> str | None:
    """Return the first sentence of ``claim`` when it says there is "no" such thing as the
    question asks beyond what the claim is about ("have no standing access" against "Do
    support engineers have standing access?", the claim being on support access), or None.

    What the claim is about (its title and keywords) stays with its conditions: "Can support
    access our account?" against the same claim is answered from the grant it waits on.
    """
    statement = sentences(claim.statement)
    first = normalise(statement[0]) if statement else ""
    anchor = claim_terms(claim).anchor
    for found in _NO_SUCH.finditer(first if denies else ""):
        named = {stem(word) for word in words(found.group(1))}
        if named & ideas - anchor:
            return statement[0].rstrip(". ")
    return _withheld(statement, ideas - anchor, anchor, claim_terms(claim).all)


# "Full penetration test reports are not shared with customers": what is withheld.
_WITHHELD = re.compile(
    r"\b(?:not|never|no longer)\s+(?:be\s+)?(?:shared|available|provided|offered|disclosed|"
    r"released|given|published|made available|distributed|sent)\b"
)
_CLAUSE = re.compile(r";|,\s+(?:but|while|whereas)\s|\.\s")


def _withheld(
    statement: list[str], asked: set[str], anchor: frozenset[str], spoken: frozenset[str]
) -> str | None:
    """Return the clause of a claim that withholds what the question asks beyond the claim's
    subject ("Will you provide the full report?" against "Full … reports are not shared; a
    summary letter is available"), or None. Two such ideas at least are in the clause, the
    claim speaks of the rest, and the clause withholds nothing narrower than what is asked
    ("the full report is not shared" does not answer "are the results shared?")."""
    if len(asked) < 2 or not asked <= spoken:
        return None
    for sentence in statement:
        for clause in _CLAUSE.split(sentence):
            folded = normalise(clause)
            if _WITHHELD.search(folded) is None:
                continue
            ideas = {stem(word) for word in words(folded) if word not in FUNCTION_WORDS}
            if len(asked & ideas) >= 2 and not ideas - asked - anchor - _WITHHOLDING:
                return clause.strip().rstrip(". ")
    return None


_WITHHOLDING = frozenset(
    stem(word)
    for word in """shared available provided offered disclosed released given published made
    distributed sent customers clients customer client""".split()
)

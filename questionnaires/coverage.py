"""General matching: any claim, as a reviewer writes it, answers the questions it covers.

A question is reduced to its content terms: words folded by the lexicon's synonyms, stemmed
(Snowball), without function words and the lexicon's soft words ("ensure", "measures",
"data"…), without the vendor's own name. A claim's terms come from its title, keywords,
statement, scope, criteria and attribute names. The claim (or pair of claims) that covers the
most of the question's weight is a candidate only when one of its title or keyword terms is
among them; it answers only when, together, the cited claims cover **every** content term.
Whatever is left over is named in the ``unknown`` answer ("The knowledge base says nothing
about: staff laptops").

Words of places are left to the place check of :func:`questionnaires.autofill.unsupported_details`
(a claim listing regions decides membership itself); numbers to its number check.
"""

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from models.kb.claims import ClaimRecord
from models.kb.lexicon import lexicon
from questionnaires import vocabulary
from questionnaires.grants import gates_on_customer
from questionnaires.referents import joined_with_referents
from questionnaires.regions import places_with_cities
from questionnaires.terms import (
    CITY_WORDS,
    FUNCTION_WORDS,
    Term,
    content_terms,
    ignored_ideas,
    related_function_words,
    stem,
    words,
)
from questionnaires.text import fold_abbreviations, normalise

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")


def sentences(text: str) -> list[str]:
    """Return the sentences of a claim's statement, stripped, without empty ones."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


_CLAUSE_END = re.compile(
    r"(?<=[.;!?])\s+|,\s+(?=(?:and |but |while |whereas )?(?:[\w-]+ ){1,3}(?:is|are|was|were|can|"
    r"cannot|may|must|has|have|stays?|remains?|requires?|needs?)\b)",
    re.IGNORECASE,
)


def clauses(text: str) -> list[str]:
    """Return the clauses of a claim's statement: its sentences, and the parts of a sentence
    that a comma joins when each has its own verb ("…Business plans only, Team accounts are
    always hosted in the US")."""
    return [part.strip() for part in _CLAUSE_END.split(text) if part and part.strip()]


def title_ideas(claim: ClaimRecord, fold: Callable[[str], str]) -> set[str]:
    """Return the content ideas of a claim's title, read with the vendor's fold."""
    return {term.stem for term in content_terms(fold(claim.title))}


@dataclass(frozen=True)
class ClaimTerms:
    """The ideas one claim speaks of: ``anchor`` from its title and keywords, ``all`` from
    everything it records, and ``passages``: each sentence of the statement, each scope or
    criteria item and each attribute on its own. A question is covered when the ideas its
    anchors do not take are all found in **one** passage: a qualifier the claim states
    about something else, three sentences away, does not cover it."""

    claim: ClaimRecord
    anchor: frozenset[str]
    all: frozenset[str]
    passages: tuple[frozenset[str], ...] = ()

    def covers(self, wanted: set[str]) -> bool:
        """True when every idea of ``wanted`` is an anchor or stands in one passage."""
        rest = wanted - self.anchor
        return not rest or any(rest <= passage for passage in self.passages)

    def covers_parts(self, parts: list[set[str]]) -> bool:
        """True when each part of a question of joined parts ("… installed on-premises or
        within our own cloud account?") stands, beyond the anchors, in one passage."""
        return all(
            not (part - self.anchor)
            or any(part - self.anchor <= passage for passage in self.passages)
            for part in parts
        )

    def best_left(self, wanted: set[str]) -> set[str]:
        """Return the ideas of ``wanted`` left over by the best single passage."""
        rest = wanted - self.anchor
        if not rest:
            return set()
        return min((rest - passage for passage in self.passages), key=len, default=rest)


@lru_cache(maxsize=16384)
def sentence_ideas(text: str) -> frozenset[str]:
    """Return the ideas one sentence of a claim speaks of (as coverage reads passages)."""
    return frozenset(_ideas(text))


def _ideas(text: str) -> set[str]:
    # A function word that stands for an idea of the related groups ("another" is "second")
    # still says it in a claim's sentence; a question's content terms drop it.
    ideas = set()
    for word in words(normalise(text)):
        for part in {word, *word.split("-")}:
            if part and (part not in FUNCTION_WORDS or part in related_function_words()):
                ideas.add(stem(part))
    return ideas


def claim_terms(claim: ClaimRecord) -> ClaimTerms:
    """Return the ideas a claim speaks of (cached per claim version)."""
    key = (claim.id, claim.updated_at.isoformat())
    cached = _CLAIM_TERMS.get(key)
    if cached is not None:
        return cached
    conditions = claim.conditions
    attributes = conditions.get("attributes") or {}
    anchor = _ideas(claim.title) | _ideas(" ".join(claim.keywords))
    # "SOC 2" is an audit and its report: a claim naming it speaks of both.
    anchor |= _implied(anchor)
    values = [value for value in attributes.values() if isinstance(value, str | list)]
    body = " . ".join(
        [
            claim.statement,
            " ".join(map(str, conditions.get("scope") or [])),
            " ".join(map(str, conditions.get("criteria") or [])),
            " ".join(name.replace("_", " ") for name in attributes),
            " ".join(str(value) for value in values if not str(value).startswith("http")),
        ]
    )
    passages = [
        *re.split(r"(?<=[.;!?])\s+", claim.statement),
        *map(str, conditions.get("scope") or []),
        *map(str, conditions.get("criteria") or []),
        *(
            f"{name.replace('_', ' ')} {_flat(value)}"
            for name, value in attributes.items()
            if not str(value).startswith("http")
        ),
    ]
    ideas = [
        frozenset(
            _ideas(passage)
            | (_FREQUENCY_IDEA if _STATES_FREQUENCY.search(passage) else set())
            # A passage naming a place speaks of where ("located", "location").
            | (_PLACE_IDEA if places_with_cities(normalise(passage)) else set())
            # A passage stating a duration speaks of it in every unit ("retained for 12
            # months?" against "kept for 90 days": the number rules compare the figures).
            | (_DURATION_IDEAS if _UNIT_OF_FIGURE.search(passage) else set())
            # "mandatory for all owner and administrator accounts" speaks of privileged ones.
            | (
                _PRIVILEGED_IDEA
                if _ADMIN_ACCOUNTS.search(passage) or _EVERY_ACCOUNT_MADE_TO.search(passage)
                else set()
            )
            # "… unless a customer administrator grants access": it waits on the customer.
            | (GATE_IDEA if gates_on_customer(passage, claim.vendor) else set())
        )
        for passage in passages
        if passage.strip()
    ]
    statement = sentences(claim.statement)  # the first passages, in order
    # Later sentences that speak of an earlier one's subject are read with it.
    ideas += joined_with_referents(statement, ideas, claim.vendor)
    if claim.status == "no":
        # "Not FedRAMP authorised" answers "FedRAMP Moderate ATO?": what the vendor does not
        # hold, it holds at no grade.
        ideas = [passage | _GRADE_IDEAS for passage in ideas]
    if conditions.get("criteria"):
        # A claim listing the criteria it covers decides every criterion's membership ("Does
        # the report cover Privacy?" is ``no`` when Privacy is not listed): see compose.
        ideas.append(_CRITERIA_IDEAS)
    result = ClaimTerms(
        claim,
        frozenset(anchor),
        frozenset(
            anchor
            | _ideas(body)
            | (_CRITERIA_IDEAS if conditions.get("criteria") else set())
            | (_GRADE_IDEAS if claim.status == "no" else set())
        ),
        tuple(ideas),
    )
    if len(_CLAIM_TERMS) > 4096:
        _CLAIM_TERMS.clear()
    _CLAIM_TERMS[key] = result
    return result


_CLAIM_TERMS: dict[tuple[int, str], ClaimTerms] = {}
# A passage stating how often ("daily", "every 12 months") speaks of a frequency.
_STATES_FREQUENCY = re.compile(vocabulary.STATED_FREQUENCY, re.IGNORECASE)
_FREQUENCY_IDEA = frozenset({stem("frequency")})
_HOW_OFTEN = frozenset({"daily", "hourly", "weekly", "nightly"})
_PLACE_IDEA = frozenset({stem("located")})
# A passage on administrator accounts speaks of the privileged accounts a question asks of
# (the lexicon's coverage phrase reads "for all administrative accounts" as privileged ones).
_PRIVILEGED_IDEA = frozenset({stem("privileged")})
_ADMIN_ACCOUNTS = re.compile(
    r"\b(?:administrators?|admins?|administrative|owners?)(?: and (?:[a-z-]+ ){0,2}?[a-z-]+)? "
    r"(?:accounts?|users?|logins?|roles?)\b",
    re.IGNORECASE,
)
# A passage that makes every account do something ("enforced for every user account",
# "all users must") speaks of the privileged ones too; one that lets an administrator require
# it ("can require MFA for every user") does not: whose accounts the question means is open.
_EVERY_ACCOUNT_MADE_TO = re.compile(
    r"\b(?:enforced|required|mandatory)\b[^.;]*?\b(?:for|on|of) (?:every|all|each) "
    r"(?:user )?(?:accounts?|users?|logins?)\b"
    r"|\b(?:every|all|each) (?:user )?(?:accounts?|users?) (?:must|(?:is|are) required to)\b",
    re.IGNORECASE,
)
# "Without our permission" in a question, and a sentence gating the practice on a grant, are
# read as one word, which names it when nothing covers it: see questionnaires.gates.
GATE_WORD = "unpermitted"
GATE_IDEA = frozenset({stem(GATE_WORD)})
_WITHOUT_GRANT = re.compile(vocabulary.WITHOUT_GRANT)
_DURATION_UNITS = r"hours?|days?|weeks?|months?|years?|minutes?"
_UNIT_OF_FIGURE = re.compile(rf"\d(?:[\d.,]*\d)?[\s-]*({_DURATION_UNITS})\b")
_DURATION_IDEAS = frozenset(
    stem(unit) for unit in ("minutes", "hours", "days", "weeks", "months", "years")
)
_GRADE_IDEAS = frozenset(stem(word) for word in lexicon().get("grade_words", []))


@lru_cache(maxsize=1)
def _coverage_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The lexicon's ``coverage_phrases``: what a phrase asks of a claim's words ("key
    length" is asked of the algorithm a claim names), read by coverage only."""
    return tuple((re.compile(pattern), idea) for pattern, idea in lexicon()["coverage_phrases"])


@lru_cache(maxsize=1)
def _implications() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The lexicon's ``implies``: the ideas of a term, and the ideas a claim naming it speaks of."""
    return tuple(
        (frozenset(_ideas(term)), frozenset(stem(word) for word in implied))
        for term, implied in lexicon()["implies"]
    )


def _implied(anchor: set[str]) -> set[str]:
    return {idea for term, implied in _implications() if term <= anchor for idea in implied}


_CRITERIA_IDEAS = frozenset(
    stem(word)
    for name in (*vocabulary.CRITERIA, "trust services criteria criterion categories")
    for word in name.split()
    if word not in FUNCTION_WORDS
)
# Parts joined as equals: only then may two claims answer one question together. A comma joins
# parts only in a list that ends with "and" or "or" ("For EU-hosted organisations, are…" does not).
_COORDINATED = re.compile(r"\band\b|&|/|,(?=[^,?]*\b(and|or)\b)")
# Parts one claim may answer sentence by sentence: alternatives ("or") too.
_JOINED = re.compile(r"\band\b|\bor\b|&|/|,(?=[^,?]*\b(and|or)\b)")


def _parts_of(folded: str, terms: list[Term], wanted: set[str]) -> list[set[str]]:
    """Return the ideas of each part of a question its coordinations join, in order."""
    cuts = [found.start() for found in _JOINED.finditer(folded)]
    parts: list[set[str]] = [set() for _cut in range(len(cuts) + 1)]
    for term in terms:
        if term.stem in wanted:
            parts[sum(cut < term.position for cut in cuts)].add(term.stem)
    return [part for part in parts if part]


def _flat(value: object) -> str:
    if isinstance(value, list):
        return " ".join(map(str, value))
    return str(value) if isinstance(value, str) else ""


@dataclass
class Coverage:
    """What general matching found for one question.

    Attributes:
        claims: The claims that together cover the question (empty when none does).
        terms: The question's content words they cover.
        uncovered: The question's content words no chosen claim covers.
        score: The share of the question's weight covered, 0..1.
        nearest: The best candidate claim even when it does not cover everything.
        weights: How rare each of the question's ideas is among the vendor's claims (an idea
            few claims speak of weighs more).
    """

    claims: list[ClaimRecord] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    uncovered: list[str] = field(default_factory=list)
    score: float = 0.0
    nearest: ClaimRecord | None = None
    weights: dict[str, float] = field(default_factory=dict)


def _weights(candidates: list[ClaimTerms], terms: list[Term]) -> dict[str, float]:
    total = len(candidates) or 1
    return {
        term.stem: math.log(1 + total / (1 + sum(term.stem in item.all for item in candidates)))
        for term in terms
    }


_FIGURE_UNIT = re.compile(
    rf"\d(?:[\d.,]*\d)?\s*(%|percent|{_DURATION_UNITS}|seconds?)(?![a-z])", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def _figure_units(text: str) -> frozenset[str]:
    """Return the units of the figures a text states ("99.95%", "14 days"): %, hour, day…."""
    return frozenset(
        "%" if unit.lower() in {"%", "percent"} else unit.lower().rstrip("s")
        for unit in _FIGURE_UNIT.findall(text)
    )


# Qualifiers of a practice as a whole, not things of their own: how often it runs and who
# runs it. "reader firmware" names another thing; "annual penetration test" the test itself.
_SUBJECT_QUALIFIERS = frozenset(
    stem(word)
    for word in ("annual", "quarterly", "monthly", "weekly", "daily", "independent", "external")
)


def _modifiers(folded: str, terms: list[Term]) -> set[tuple[str, str]]:
    """Return ``(word, head)`` for each content term written straight before the next one
    ("annual penetration", "third-party penetration"): the first qualifies the second."""
    pairs = set()
    for word, head in pairwise(terms):
        between = folded[word.position + len(word.word) : head.position]
        if word.position < head.position and not between.strip(" -"):
            pairs.add((word.stem, head.stem))
    return pairs


def cover(
    folded: str,
    claims: Iterable[ClaimRecord],
    ignore: frozenset[str] = frozenset(),
    loose: frozenset[str] = frozenset(),
) -> Coverage:
    """Find the claims (one, or two together) that cover every content term of a question.

    Args:
        folded: The normalised question.
        claims: The vendor's current claims.
        ignore: Words to leave out (the vendor's own name).
        loose: Words that rank claims but need not stand in a claim's passage: the vendor's
            plans the question names, which the plan rules decide after coverage (a claim
            that speaks of other plans only leaves the question ``unknown`` there).
    """
    folded = fold_abbreviations(folded)
    for pattern, idea in _coverage_phrases():
        folded = pattern.sub(idea, folded)
    folded = _WITHOUT_GRANT.sub(GATE_WORD, folded)
    terms = content_terms(folded, ignore)
    if not terms:
        return Coverage()
    candidates = [claim_terms(claim) for claim in claims]
    # A city some claim names is asked as itself too: that claim answers where.
    terms += [
        Term(stem(term.word), term.word, term.position)
        for term in terms
        if term.word in CITY_WORDS and any(stem(term.word) in item.all for item in candidates)
    ]
    weight = _weights(candidates, terms)
    total = sum(weight.values())

    def gain(item: ClaimTerms, wanted: set[str]) -> float:
        # Summed in a fixed order and rounded: a set's order (hash-seeded) must not break
        # ties between claims that cover as much.
        return round(
            sum(
                weight[idea] * (1.5 if idea in item.anchor else 1.0)
                for idea in sorted(wanted)
                if idea in item.all
            ),
            9,
        )

    wanted = {term.stem for term in terms}
    strict = wanted - ignored_ideas(loose) or wanted
    anchored = [item for item in candidates if item.anchor & strict]
    if not anchored:
        return Coverage(uncovered=[term.word for term in terms])
    units = _figure_units(folded)
    # Between claims that cover as much, the one stating figures of the units asked ("99.99%
    # availability") answers: an uptime SLA, not the backups' "availability zone".
    gains = {id(item): gain(item, wanted) for item in anchored}
    # "Backed up daily?": "daily" and "day" share a stem, so a claim saying how often ranks
    # before one stating a period in days ("a 35-day retention").
    often = {term.word for term in terms if term.word in _HOW_OFTEN}
    ranked = sorted(
        anchored,
        key=lambda item: (
            -gains[id(item)],
            -sum(word in item.claim.statement.lower() for word in often),
            -len(units & _figure_units(item.claim.statement)),
        ),
    )
    tied = [item for item in ranked if gains[id(item)] == gains[id(ranked[0])]]
    modifiers = _modifiers(folded, terms)

    def left_of(item: ClaimTerms) -> set[str]:
        # "your annual penetration test", "a third-party penetration test": a word that
        # qualifies the claim's own subject is covered wherever the claim states it.
        own = {
            word
            for word, head in modifiers
            if word in _SUBJECT_QUALIFIERS and head in item.anchor and word in item.all
        }
        return item.best_left(strict - own)

    # Between claims that score the same, one that covers every term answers.
    covering = next((item for item in tied if not left_of(item)), ranked[0])
    ranked.remove(covering)
    ranked.insert(0, covering)
    best = ranked[0]
    chosen = [best]
    left = left_of(best)
    if left and _JOINED.search(folded) and best.covers_parts(_parts_of(folded, terms, strict)):
        # "Can it be installed on-premises or in our own cloud account?": one claim, a
        # sentence for each part.
        left = set()
    if left and _COORDINATED.search(folded):
        # "Is data encrypted at rest and in transit?": two claims, one for each part.
        for second in ranked[1:]:
            if (
                second.anchor & left
                and second.covers(left | (second.anchor & strict))
                and (second.claim.status != "no" or (second.anchor & strict) - left)
            ):
                # A claim saying the vendor does not do something joins only when the
                # question speaks of it: "Training AI models on … candidate data" does not
                # answer the "candidate data" of a question on the DPA's transfer clauses.
                chosen.append(second)
                left = set()
                break
    covered = [term.word for term in terms if term.stem not in left]
    uncovered = [term.word for term in terms if term.stem in left]
    score = sum(weight[idea] for idea in wanted - left) / total if total else 0.0
    if uncovered:
        return Coverage(terms=covered, uncovered=uncovered, score=score, nearest=best.claim)
    return Coverage(
        claims=[item.claim for item in chosen],
        terms=covered,
        score=score,
        nearest=best.claim,
        weights=weight,
    )

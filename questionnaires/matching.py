"""Deterministic, explainable matching of free-text questions to knowledge-base claims.

A question is folded to one spelling per idea (:func:`questionnaires.text.normalise`), then
every rule of :mod:`questionnaires.vocabulary` is tried. A rule matches when all its patterns
are found and none of its exclusions is; the most specific matching rule (most patterns) wins,
ties going to the earlier rule. The result records the rule, the matched terms and a score, so
a reviewer can see why an answer was given. A matching rule whose question also names a topic
the knowledge base holds nothing on (``BLOCKERS``) gives no answer.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from questionnaires import vocabulary
from questionnaires.text import normalise
from questionnaires.vocabulary import Rule

MIN_SCORE = 0.6


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    all: tuple[re.Pattern[str], ...]
    none: tuple[re.Pattern[str], ...]


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


_RULES = tuple(
    _CompiledRule(rule, _compile(rule.all), _compile(rule.none)) for rule in vocabulary.RULES
)
_BLOCKERS = _compile(vocabulary.BLOCKERS)
_CERTIFICATIONS = tuple((key, re.compile(pattern)) for key, pattern in vocabulary.CERTIFICATIONS)
_PRODUCTS = tuple((name, re.compile(pattern)) for name, pattern in vocabulary.PRODUCTS)


@dataclass
class Match:
    """What the matcher found for one question.

    Attributes:
        rule: The rule that matched, or None.
        claims: Claim keys the rule names (before following superseded claims).
        terms: The words in the question that matched the rule's patterns.
        score: 0..1; below ``MIN_SCORE`` nothing is answered.
        blocked_by: The words naming a topic the knowledge base does not hold, if any.
        products: Products the question names (for the scope check).
        normalised: The folded question text.
        negated: A negation stands just before a matched term ("models are not shared with
            other customers"): the question asserts the opposite of the practice it names.
        touched: Claim keys of the other rules the question also matches (a question that
            touches a claim the knowledge base marks unclear is not answered).
    """

    rule: Rule | None
    claims: tuple[str, ...] = ()
    terms: list[str] = field(default_factory=list)
    score: float = 0.0
    blocked_by: str | None = None
    products: list[str] = field(default_factory=list)
    normalised: str = ""
    negated: bool = False
    touched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the explanation stored with the answer."""
        return {
            "method": "vocabulary",
            "rule": self.rule.name if self.rule else None,
            "claims": list(self.claims),
            "terms": self.terms,
            "score": round(self.score, 3),
            "threshold": MIN_SCORE,
            "blocked_by": self.blocked_by,
            "products": self.products,
            **({"negated": True} if self.negated else {}),
        }


def _try(compiled: _CompiledRule, text: str) -> list[str] | None:
    terms = []
    for pattern in compiled.all:
        found = pattern.search(text)
        if found is None:
            return None
        terms.append(found.group(0).strip())
    for pattern in compiled.none:
        if pattern.search(text):
            return None
    return terms


# A negation within the few words before a matched term, in the same clause.
_NEGATION = re.compile(r"\b(not|never|no|cannot)\b|n't\b")
_CLAUSE_END = re.compile(r"[.?!;:()]|\bbut\b")
# "Is it not true that…" asks whether what follows holds: its "not" negates nothing.
_RHETORICAL = re.compile(r"\bnot (true|the case|correct|so) that\b|n't it (true|the case) that\b")


def _negated(compiled: _CompiledRule, text: str) -> bool:
    """True when a negation governs one of the rule's matched terms: it stands in the same
    clause, at most four words before the term ("are not served to other customers")."""
    for pattern in compiled.all:
        found = pattern.search(text)
        if found is None:
            continue
        before = text[: found.start()]
        ends = list(_CLAUSE_END.finditer(before))
        if ends:
            before = before[ends[-1].end() :]
        before = _RHETORICAL.sub(" ", before)
        if _NEGATION.search(" ".join(before.split()[-4:])):
            return True
    return False


def _certifications(text: str) -> tuple[str, ...]:
    return tuple(key for key, pattern in _CERTIFICATIONS if pattern.search(text))


def products_named(text: str) -> list[str]:
    """Return the products a (normalised) question names, most specific first."""
    return [name for name, pattern in _PRODUCTS if pattern.search(text)]


def match_question(question: str) -> Match:
    """Match one free-text question to the rule that decides it, if any."""
    text = normalise(question)
    best: tuple[int, _CompiledRule, list[str], tuple[str, ...]] | None = None
    touched: list[str] = []
    for compiled in _RULES:
        terms = _try(compiled, text)
        if terms is None:
            continue
        claims = compiled.rule.claims
        specificity = len(compiled.all)
        if compiled.rule.name.startswith("certifications"):
            claims = _certifications(text)
            if not claims:
                continue
            terms = [
                *(
                    pattern.search(text).group(0)
                    for key, pattern in _CERTIFICATIONS
                    if key in claims
                ),
                *terms,
            ]
            specificity += 1
        touched += [key for key in claims if key not in touched]
        if best is None or specificity > best[0]:
            best = (specificity, compiled, terms, claims)
    products = products_named(text)
    if best is None:
        return Match(rule=None, products=products, normalised=text)
    specificity, compiled, terms, claims = best
    rule = compiled.rule
    score = min(0.95, 0.55 + 0.1 * specificity)
    blocked_by = None
    if rule.blockers:
        for pattern in _BLOCKERS:
            found = pattern.search(text)
            if found:
                blocked_by = found.group(0)
                break
    return Match(
        rule=rule,
        claims=claims,
        terms=terms,
        score=score,
        blocked_by=blocked_by,
        products=products,
        normalised=text,
        negated=rule.aspect == "attribute" and _negated(compiled, text),
        touched=tuple(key for key in touched if key not in claims),
    )

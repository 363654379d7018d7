"""Deterministic, explainable matching of free-text questions to the knowledge base's own
question data.

Every claim may carry ``answers`` (``ddq-kb/2``): the kinds of question it decides, each with
patterns over :func:`questionnaires.text.normalise` text that must all be found, patterns that
rule it out, and the aspect the question asks about. A rule matches when all its patterns are
found and none of its exclusions is; the most specific matching rule (most patterns) wins, ties
going to the earlier rule. Rules of one ``group`` (certifications) that match together cite all
their claims. Nothing here names a vendor, a product or a claim key: the rules, the products a
vendor's questions may name and its feature names are that vendor's data.

A matching rule whose question also names a topic of the lexicon (backups, incidents,
passwords…) that none of the claims it cites mentions gives no answer: the claims do not cover
what is asked.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from models.kb.claims import ClaimRecord
from models.kb.lexicon import expand_pattern, lexicon
from models.verdicts import Polarity, RuleAspect
from questionnaires.screen import LazyPattern, needed_literals
from questionnaires.text import normalise
from questionnaires.vendor_names import (
    category_abbreviations,
    category_service,
    mobile_app,
    name_aliases,
    short_names,
)

MIN_SCORE = 0.6


@dataclass(frozen=True)
class Rule:
    """One kind of question a set of claims decides (read from a claim's ``answers``).

    Attributes:
        name: Stable name, recorded in the answer's ``match``.
        claims: Claim keys that answer it: the claim carrying it first, then ``also``.
        all: Patterns that must all be found.
        none: Patterns that rule this reading out.
        aspect: What the question asks about the claims (``models.kb.file_format.ASPECTS``).
        polarity: ``inverse`` when the question asks about the opposite of the claim.
        combine: ``worst`` (every condition counts) or ``best`` (any claim meeting it will do).
        attributes: For ``attribute``: the claim attributes whose truth answers the question
            ("yes" when any is true; a leading ``!`` reads the attribute negated).
        topics: False to skip the lexicon's topic check (a rule that reads its own topic).
        document: The claims describe a published document (a DPA).
        numbers: False when the rule decides whatever period the question names.
        group: Rules of one group matching together cite every claim they name.
    """

    name: str
    claims: tuple[str, ...]
    all: tuple[str, ...]
    none: tuple[str, ...] = ()
    aspect: RuleAspect = "status"
    polarity: Polarity = "direct"
    combine: str = "worst"
    attributes: tuple[str, ...] = ()
    topics: bool = True
    document: bool = False
    numbers: bool = True
    group: str | None = None


@dataclass(frozen=True)
class _CompiledRule:
    rule: Rule
    all: tuple["LazyPattern", ...]
    none: tuple["LazyPattern", ...]
    # Strings one of which a question must contain for the first pattern to match (None:
    # always tried). A substring test is far cheaper than the search it saves.
    screen: tuple[str, ...] | None = None


_LAZY: dict[str, LazyPattern] = {}


def _compile(patterns: Iterable[str]) -> tuple[LazyPattern, ...]:
    return tuple(
        _LAZY.setdefault(source, LazyPattern(source))
        for source in (expand_pattern(pattern) for pattern in patterns)
    )


def rule_from_answer(claim_key: str, answer: Mapping[str, Any]) -> Rule:
    """Return the rule one entry of a claim's ``answers`` describes."""
    return Rule(
        name=str(answer["name"]),
        claims=(claim_key, *answer.get("also", ())),
        all=tuple(answer["all"]),
        none=tuple(answer.get("none", ())),
        aspect=answer.get("aspect", "status"),
        polarity=answer.get("polarity", "direct"),
        combine=answer.get("combine", "worst"),
        attributes=tuple(answer.get("attributes", ())),
        topics=answer.get("topics", True),
        document=answer.get("document", False),
        numbers=answer.get("numbers", True),
        group=answer.get("group"),
    )


@dataclass(frozen=True)
class VendorLanguage:
    """A vendor's question data, compiled once per knowledge base.

    Attributes:
        rules: Every claim's answer rules, in knowledge-base order.
        products: ``(name, pattern)`` of the products and editions questions may name.
        features: Feature names questions may ask about against ``eligible_…`` lists.
        aliases: ``(pattern, spelling)`` folding the vendor's own names.
    """

    rules: tuple[_CompiledRule, ...] = ()
    products: tuple[tuple[str, re.Pattern[str]], ...] = ()
    features: tuple[tuple[str, re.Pattern[str]], ...] = ()
    aliases: tuple[tuple[re.Pattern[str], str], ...] = ()
    ignored: frozenset[str] = frozenset()
    # fold() of each text already read: one question is folded by several readers.
    _folded: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def literals(self) -> frozenset[str]:
        """Every literal the rules' screens look for."""
        return frozenset(item for rule in self.rules for item in rule.screen or ())

    def fold(self, text: str) -> str:
        """Return ``text`` normalised, with the vendor's own aliases folded too."""
        folded = self._folded.get(text)
        if folded is None:
            folded = normalise(text)
            for pattern, spelling in self.aliases:
                folded = pattern.sub(spelling, folded)
            if len(self._folded) < 8192:  # a bound, like normalise's own cache
                self._folded[text] = folded
        return folded


def compile_vendor_language(
    claims: Iterable[ClaimRecord],
    profile: Mapping[str, Any],
    vendor_name: str = "",
    product: str = "",
    summary: str = "",
) -> VendorLanguage:
    """Compile the question data of one vendor's claims and profile.

    The vendor's own name is read as "you" ("Does Acme sign a BAA?" asks the vendor), so
    patterns never need to name a vendor. A product the vendor's summary or a claim's title
    introduces with its short name ("Trialvane Capture (EDC, …)") is asked about by that
    short name too: "the EDC" is Trialvane Capture.
    """
    claims = list(claims)
    rules = tuple(
        _CompiledRule(
            rule,
            _compile(rule.all),
            _compile(rule.none),
            needed_literals(expand_pattern(rule.all[0])) if rule.all else None,
        )
        for claim in claims
        for rule in (rule_from_answer(claim.key, answer) for answer in claim.answers)
    )
    return VendorLanguage(
        ignored=frozenset(normalise(f"{vendor_name} {product}").split())
        | category_abbreviations(summary),
        rules=rules,
        products=tuple(
            (str(item["name"]), re.compile(expand_pattern(str(item["pattern"]))))
            for item in profile.get("products") or []
        ),
        features=tuple(
            (str(name), re.compile(rf"\b{name}\b")) for name in profile.get("features") or []
        ),
        aliases=(
            *name_aliases(vendor_name),
            _STORED_WITH_YOU,
            *short_names(vendor_name, [summary, *(claim.title for claim in claims)]),
            *mobile_app(summary),
            *category_service(summary),
            *(
                (re.compile(pattern), spelling)
                for pattern, spelling in profile.get("aliases") or []
            ),
        ),
    )


# "for documents stored in Acme", once the name reads "you": the customer's data held by the
# vendor, which is what any claim on it speaks of (the place, if one is named, stays).
_STORED_WITH_YOU = (
    re.compile(
        r"\b(data|documents|files|content|records|information|backups)(?: that (?:is|are|we "
        r"keep))? (?:stored|held|kept|hosted) (?:in|on|within|by|with) (?:you|the (?:platform|"
        r"service|application|system|solution|product|tenant))\b"
    ),
    r"\1",
)

_TOPICS = tuple(re.compile(pattern) for pattern, *_rest in lexicon()["topics"])
_TOPIC_SCREENS = tuple(needed_literals(pattern) for pattern, *_rest in lexicon()["topics"])
# Topics marked "phrase" are phrases whose words coverage cannot see as one idea ("its own
# SOC 2 report", "the application we are building"): checked for claims found by coverage too.
_PHRASE_TOPICS = frozenset(
    index for index, (_pattern, *rest) in enumerate(lexicon()["topics"]) if "phrase" in rest
)


def uncovered_topics(
    folded_question: str, cited: Iterable[ClaimRecord], phrases_only: bool = False
) -> list[str]:
    """Return the lexicon topics the question names that none of ``cited`` mentions.

    "Are backups encrypted at rest?" names backups; a claim on encryption at rest that says
    nothing of backups does not cover it. A claim a reviewer wrote about backups does.

    Args:
        folded_question: The normalised question.
        cited: The claims that would answer it.
        phrases_only: Check only the topics marked ``phrase`` (for answers found by
            coverage, which already checks every word).
    """
    cited = list(cited)
    missing = []
    for index, pattern in enumerate(_TOPICS):
        if phrases_only and index not in _PHRASE_TOPICS:
            continue
        screen = _TOPIC_SCREENS[index]
        if screen is not None and not any(literal in folded_question for literal in screen):
            continue
        found = pattern.search(folded_question)
        if found and not any(index in _topics_of(claim) for claim in cited):
            missing.append(found.group(0).strip())
    return missing


_CLAIM_TOPICS: dict[tuple[int, str], frozenset[int]] = {}


def _topics_of(claim: ClaimRecord) -> frozenset[int]:
    """Return the lexicon topics a claim mentions (cached per claim version)."""
    key = (claim.id, claim.updated_at.isoformat())
    if key not in _CLAIM_TOPICS:
        text = claim_text(claim)
        if len(_CLAIM_TOPICS) > 4096:
            _CLAIM_TOPICS.clear()
        _CLAIM_TOPICS[key] = frozenset(
            index for index, pattern in enumerate(_TOPICS) if pattern.search(text)
        )
    return _CLAIM_TOPICS[key]


_CLAIM_TEXT: dict[tuple[int, str], str] = {}


def claim_text(claim: ClaimRecord) -> str:
    """Return the claim's words, folded: title, statement, keywords, scope and criteria."""
    key = (claim.id, claim.updated_at.isoformat())
    if key not in _CLAIM_TEXT:
        conditions = claim.conditions
        parts = [
            claim.title,
            claim.statement,
            " ".join(claim.keywords),
            " ".join(map(str, conditions.get("scope") or [])),
            " ".join(map(str, conditions.get("criteria") or [])),
        ]
        if len(_CLAIM_TEXT) > 4096:
            _CLAIM_TEXT.clear()
        _CLAIM_TEXT[key] = normalise(" . ".join(parts))
    return _CLAIM_TEXT[key]


@dataclass
class Match:
    """What the matcher found for one question.

    Attributes:
        rule: The rule that matched, or None.
        claims: Claim keys the rule names (before following superseded claims).
        terms: The words in the question that matched the rule's patterns.
        score: 0..1; below ``MIN_SCORE`` nothing is answered.
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
    products: list[str] = field(default_factory=list)
    normalised: str = ""
    negated: bool = False
    touched: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the explanation stored with the answer."""
        return {
            "method": "matched" if self.rule else "none",
            "rule": self.rule.name if self.rule else None,
            "claims": list(self.claims),
            "terms": self.terms,
            "score": round(self.score, 3),
            "threshold": MIN_SCORE,
            "products": self.products,
            **({"negated": True} if self.negated else {}),
        }


def _try(
    compiled: _CompiledRule, text: str, seen: dict["LazyPattern", re.Match[str] | None]
) -> list[str] | None:
    # Rules share patterns (a certification phrase, an access phrase): each pattern is
    # searched once per question.
    terms = []
    for pattern in compiled.all:
        if pattern not in seen:
            seen[pattern] = pattern.search(text)
        found = seen[pattern]
        if found is None:
            return None
        terms.append(found.group(0).strip())
    for pattern in compiled.none:
        if pattern not in seen:
            seen[pattern] = pattern.search(text)
        if seen[pattern]:
            return None
    return terms


# A negation within the few words before a matched term, in the same clause.
_NEGATION = re.compile(r"\b(not|never|no|none|cannot)\b|n't\b")
_CLAUSE_END = re.compile(r"[.?!;:()]|\bbut\b")
# "Is it not true that…" asks whether what follows holds: its "not" negates nothing.
_RHETORICAL = re.compile(r"\bnot (true|the case|correct|so) that\b|n't it (true|the case) that\b")


def negated_before(text: str, start: int) -> bool:
    """True when a negation stands in the same clause, at most four words before ``start``."""
    before = text[:start]
    ends = list(_CLAUSE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    before = _RHETORICAL.sub(" ", before)
    return _NEGATION.search(" ".join(before.split()[-4:])) is not None


def _negated(compiled: _CompiledRule, text: str) -> bool:
    """True when a negation governs one of the rule's matched terms ("are not served to
    other customers")."""
    for pattern in compiled.all:
        found = pattern.search(text)
        if found is not None and negated_before(text, found.start()):
            return True
    return False


def products_named(text: str, language: VendorLanguage) -> list[str]:
    """Return the products a (folded) question names, most specific first."""
    return [name for name, pattern in language.products if pattern.search(text)]


def match_question(question: str, language: VendorLanguage) -> Match:
    """Match one free-text question to the knowledge-base rule that decides it, if any."""
    text = language.fold(question)
    matched: list[tuple[_CompiledRule, list[str]]] = []
    seen: dict[LazyPattern, re.Match[str] | None] = {}
    present = {literal for literal in language.literals if literal in text}
    for compiled in language.rules:
        if compiled.screen is not None and present.isdisjoint(compiled.screen):
            continue  # the question lacks every word the rule's first pattern needs
        terms = _try(compiled, text, seen)
        if terms is not None:
            matched.append((compiled, terms))
    products = products_named(text, language)
    if not matched:
        return Match(rule=None, products=products, normalised=text)
    best, terms = matched[0]
    for compiled, found in matched[1:]:
        if len(compiled.all) > len(best.all):
            best, terms = compiled, found
    rule = best.rule
    claims: tuple[str, ...] = rule.claims
    if rule.group:
        together = [item for item in matched if item[0].rule.group == rule.group]
        claims = tuple(dict.fromkeys(key for item, _terms in together for key in item.rule.claims))
        terms = list(
            dict.fromkeys(
                [found[0] for _item, found in together] + [t for _i, f in together for t in f[1:]]
            )
        )
    touched: list[str] = []
    for compiled, _found in matched:
        touched += [key for key in compiled.rule.claims if key not in touched]
    return Match(
        rule=rule,
        claims=claims,
        terms=terms,
        score=min(0.95, 0.55 + 0.1 * len(best.all)),
        products=products,
        normalised=text,
        negated=rule.aspect == "attribute" and _negated(best, text),
        touched=tuple(key for key in touched if key not in claims),
    )

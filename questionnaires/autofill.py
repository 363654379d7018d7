"""Auto-fill: propose an answer for every question from one vendor's knowledge base.

Template questions carry their claim mapping and polarity and are answered from it directly.
Free-text questions go through :mod:`questionnaires.matching`; an answer is only proposed when
a rule decides the question, the score reaches the threshold, no topic outside the knowledge
base is named and the product asked about is one the claims cover. Everything else is
``unknown`` and says what to request. ``iter_autofill`` yields progress as it goes so the GUI
and the command line can show it.
"""

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from rapidfuzz import fuzz, process

from models.claims import ClaimRecord, list_claims
from models.database import Database
from models.errors import UserError
from models.lexicon import lexicon
from models.phrasings import list_phrasings
from questionnaires import vocabulary
from questionnaires.compose import (
    VendorInfo,
    citation,
    compose,
    current_claim,
    is_descriptive,
    region_list,
)
from questionnaires.coverage import Coverage, claim_terms, content_terms, cover, stem
from questionnaires.matching import (
    MIN_SCORE,
    Match,
    VendorLanguage,
    compile_vendor_language,
    match_question,
    products_named,
    uncovered_topics,
)
from questionnaires.passages import (
    default_sentence,
    detail_sentence,
    period_beside,
    silent_sentence,
)
from questionnaires.plans import (
    PLAN_WORDS,
    asked_plans,
    claim_plans,
    limit_for,
    limit_text,
    plans_beside,
    vendor_plans,
)
from questionnaires.questions import Question
from questionnaires.shape import (
    Shape,
    boolean_attribute,
    claim_denies,
    excluded_terms,
    question_negates,
    read_shape,
)
from questionnaires.text import compact, is_asking, normalise

TEMPLATE_CONFIDENCE = 0.95
UNKNOWN_CONFIDENCE = 0.0
STALE_FACTOR = 0.85


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
    verdict: str
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


@dataclass(frozen=True)
class KnowledgeBase:
    """One vendor's claims and question data, loaded once for a whole questionnaire."""

    vendor: VendorInfo
    claims: dict[str, ClaimRecord]
    language: VendorLanguage = field(default_factory=VendorLanguage)
    phrasings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @cached_property
    def plans(self) -> set[str]:
        """Every plan, tier or edition name the vendor's claims mention."""
        # "the Ledgerly Enterprise plan" names the plan, not a "Ledgerly" plan.
        return vendor_plans(list(self.claims.values())) - self.language.ignored


def load_knowledge_base(database: Database, vendor_slug: str) -> KnowledgeBase:
    """Load a vendor's claims (plain sqlite3 reads: no ORM on this path).

    Raises:
        UserError: The vendor is not in the knowledge base (the message lists the known ones).
    """
    with database.read() as connection:
        rows = connection.execute(
            "SELECT slug, name, product, trust_portal_url, profile FROM vendor ORDER BY slug"
        ).fetchall()
    found = next((row for row in rows if row["slug"] == vendor_slug), None)
    if found is None:
        known = ", ".join(row["slug"] for row in rows) or "none"
        raise UserError(f"unknown vendor {vendor_slug!r} (known: {known})")
    profile = json.loads(found["profile"] or "{}")
    info = VendorInfo(
        found["slug"],
        found["name"],
        found["product"],
        found["trust_portal_url"],
        features=tuple(profile.get("features") or ()),
    )
    records = list_claims(database, vendor=vendor_slug)
    language = compile_vendor_language(records, profile, info.name, info.product)
    phrasings = tuple(
        (language.fold(item.text), tuple(item.claim_keys))
        for item in list_phrasings(database, vendor_slug)
    )
    return KnowledgeBase(info, {claim.key: claim for claim in records}, language, phrasings)


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


def _unknown(
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


def _scopes(claim: ClaimRecord, kb: KnowledgeBase) -> list[str]:
    return [str(item) for item in claim.conditions.get("scope") or []] or [kb.vendor.product]


def _scope_gap(products: list[str], cited: list[ClaimRecord], kb: KnowledgeBase) -> str | None:
    """Return the product the question names that none of the cited claims covers, if any.

    A product whose name begins other products' names (plain "Suite" beside "Suite
    Enterprise") must match a scope exactly; a specific one is also covered by a scope naming
    it within a longer phrase.
    """
    if not products:
        return None
    product = products[0]
    wanted = compact(product)
    family = any(
        compact(name) != wanted and compact(name).startswith(wanted)
        for name, _pattern in kb.language.products
    )
    for claim in cited:
        for scope in _scopes(claim, kb):
            item = compact(scope)
            if item == wanted or (not family and wanted in item):
                return None
    return product


_REFERENCE = re.compile(
    r"\b(art(icle)?s?\.?|section|§|cfr|criteri(a|on)|cc|tsc)\s*[\d.]+(\(\w+\))*|"
    r"\b\d+(\.\d+)*(\(\w{1,4}\))+|\b164\.\d+(\(\w+\))*"
)
# "12. Do you…", "Q3) Do you…", "3.2.1 Do you…": the question's own numbering.
_NUMBERING = re.compile(r"^\s*(q(uestion)?\s*)?\d+(\.\d+)*[.):-]?\s+")
# "… apply? 9.2 State any conditions": numbering of a later part, after a sentence ends. It
# has a dotted, parenthesised or closing form and is not a quantity ("2.5 years").
_PART_NUMBERING = re.compile(
    r"(?<=[.?!;:])\s+(q(uestion)?\s*)?\d+((\.\d+)+[a-z]?|[a-z]?(\(\w{1,4}\))+|[.)])\s+"
    r"(?!(hours?|days?|weeks?|months?|years?|percent|per cent)\b)(?=[a-z])"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")


_FREQUENCIES = tuple((word, re.compile(rf"\b{word}")) for word in vocabulary.FREQUENCIES)
# A place the question names ("SCCs for transfers to the UK") that no cited claim mentions.
# Claims that list regions decide membership themselves (compose); "us" is also a pronoun.
_PLACES = {
    place: re.compile(rf"\b{re.escape(place)}\b") for place in vocabulary.PLACES if place != "us"
}
_PLACE_NAMED = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _PLACES), key=len, reverse=True)) + r")\b"
)


# Asks for a detail of a kind: answered only when a cited claim states one of that kind.
_ASKS = (
    (
        re.compile(vocabulary.ASKS_DURATION),
        re.compile(vocabulary.STATED_DURATION),
        "a time it takes",
    ),
    (
        re.compile(vocabulary.ASKS_FREQUENCY),
        re.compile(vocabulary.STATED_FREQUENCY),
        "how often it happens",
    ),
    (
        re.compile(vocabulary.ASKS_TURNAROUND),
        re.compile(vocabulary.STATED_TURNAROUND),
        "how long the process takes",
    ),
    (
        re.compile(vocabulary.ASKS_NOTICE),
        re.compile(vocabulary.STATED_NOTICE),
        "a notice period",
    ),
    (
        re.compile(vocabulary.ASKS_PERCENT),
        re.compile(vocabulary.STATED_PERCENT),
        "a percentage",
    ),
)
_REPORT = re.compile(vocabulary.REPORT)
_REPORT_PROPERTIES = tuple(
    (re.compile(ask), re.compile(stated), what)
    for ask, stated, what in vocabulary.ASKS_REPORT_PROPERTY
)
# "How many <things>": a count of those things, or a number of time units.
_HOW_MANY = re.compile(r"\bhow many ([a-z-]+)")
_TIME_UNIT = re.compile(r"^(hours?|days?|weeks?|months?|years?|minutes?)$")


def _count_missing(folded: str, texts: list[str]) -> str | None:
    """Return the count the question asks for when no cited claim states one of that kind.

    "How many days…" needs a stated number of days (or other time units); "How many
    sub-processors…" needs a number stated before that noun.
    """
    found = _HOW_MANY.search(folded)
    if found is None or found.group(1) == "times":
        return None
    noun = found.group(1)
    if _TIME_UNIT.match(noun):
        stated = re.compile(vocabulary.STATED_DURATION)
    else:
        stem = re.escape(noun[:-1] if noun.endswith("s") else noun)
        stated = re.compile(rf"\b\d[\d,]*( [a-z-]+){{0,2}} {stem}")
    if any(stated.search(text) for text in texts):
        return None
    return f"a count ({found.group(0)!r})"


_STATED: dict[tuple[int, str], tuple[frozenset[str], str]] = {}


def _stated(claim: ClaimRecord) -> tuple[frozenset[str], str]:
    """Return the numbers a claim states and its text, lower-case (cached per claim version)."""
    key = (claim.id, claim.updated_at.isoformat())
    if key not in _STATED:
        text = " ".join(
            (claim.title, claim.statement, claim.watch_out or "", json.dumps(claim.conditions))
        ).lower()
        if len(_STATED) > 4096:
            _STATED.clear()
        _STATED[key] = (frozenset(_NUMBER.findall(text)), text)
    return _STATED[key]


def _regional_or_universal(claim: ClaimRecord) -> bool:
    conditions = claim.conditions
    return region_list(claim) is not None or any(
        str(scope).lower().startswith("all ") for scope in conditions.get("scope") or []
    )


_YEAR = re.compile(r"^(19|20)\d\d$")


def unsupported_details(
    question: str, cited: list[ClaimRecord], history: Iterable[ClaimRecord] = ()
) -> list[str]:
    """Return numbers, frequencies and asked-for details that no cited claim states.

    "Do you retain API data for 90 days?" or "Is data encrypted with AES-128?" must not get
    the answer the claim gives for 30 days or AES-256. Article and section references
    ("Art. 28(3)(a)", "164.312") are not details to check. A question asking for a kind of
    detail ("How long does approval take?", "How often is it reviewed?") needs a cited claim
    that states one of that kind (a duration, a frequency); otherwise it is not answered from
    a claim that merely shares its topic. A place the question names ("SCCs for transfers to
    the UK") must be one a cited claim mentions, unless a claim lists regions (membership is
    decided when composing) or covers "all data". A year stated by a claim the cited ones
    supersede (``history``: "as documented in 2024") is the past the knowledge base records,
    and the answer names the change; other numbers of superseded claims are not current.
    """
    folded = normalise(question)
    numbers: set[str] = set()
    texts = []
    for claim in cited:
        stated_numbers, text = _stated(claim)
        numbers |= stated_numbers
        texts.append(text)
    for claim in history:
        numbers |= {number for number in _stated(claim)[0] if _YEAR.match(number)}
    missing = [
        number
        for number in _NUMBER.findall(
            _REFERENCE.sub(" ", _PART_NUMBERING.sub(" ", _NUMBERING.sub("", folded)))
        )
        if number not in numbers
    ]
    for word, pattern in _FREQUENCIES:
        if pattern.search(folded) and not any(pattern.search(text) for text in texts):
            missing.append(word)
    places = list(dict.fromkeys(found.group(0) for found in _PLACE_NAMED.finditer(folded)))
    # Claims that list regions decide places themselves; one scoped to "all data" holds anywhere.
    if places and not any(_regional_or_universal(claim) for claim in cited):
        missing += [
            place for place in places if not any(_PLACES[place].search(text) for text in texts)
        ]
    for ask, stated, what in _ASKS:
        found = ask.search(folded)
        if found and not any(stated.search(text) for text in texts):
            missing.append(f"{what} ({found.group(0).strip()!r})")
    count = _count_missing(folded, texts)
    if count is not None:
        missing.append(count)
    if _REPORT.search(folded):
        # A property of a report or certificate the claims do not record is not decided.
        for ask, stated, what in _REPORT_PROPERTIES:
            found = ask.search(folded)
            if found and not any(stated.search(text) for text in texts):
                missing.append(f"{what} ({found.group(0).strip()!r})")
    return missing


def unclear_claims(kb: KnowledgeBase, keys: Iterable[str]) -> list[ClaimRecord]:
    """Return the current claims among ``keys`` that the knowledge base marks ``unclear``.

    Any such claim that a question reaches (the rule or template that answers it, or another
    rule the question also matches) makes the answer ``unknown``: DESIGN.md never allows a
    verdict from an unclear claim.
    """
    found: list[ClaimRecord] = []
    for key in keys:
        claim = current_claim(kb.claims, key)
        if claim is not None and claim.status == "unclear" and claim not in found:
            found.append(claim)
    return found


def _answer_claims(
    question: Question,
    kb: KnowledgeBase,
    keys: list[str],
    match: dict[str, Any],
    *,
    aspect: str,
    polarity: str,
    how: str,
    attributes: tuple[str, ...],
    confidence: float,
    products: list[str],
    today: date,
    numbers: bool = True,
    touched: tuple[str, ...] = (),
    limit: str = "",
) -> ProposedAnswer:
    unclear = unclear_claims(kb, [*keys, *touched])
    if unclear:
        # The one place the contract's rule is kept: a claim the knowledge base marks unclear
        # never yields yes, no or partial, whichever rule or template reached it.
        return _unknown(
            question,
            kb,
            f"the knowledge base marks {', '.join(claim.title for claim in unclear)} unclear.",
            {**match, "unclear": [claim.key for claim in unclear]},
            cited=unclear,
            flags=[claim.watch_out for claim in unclear if claim.watch_out],
        )
    cited: list[ClaimRecord] = []
    followed = {}
    for key in keys:
        claim = current_claim(kb.claims, key)
        if claim is None:
            continue
        if claim.key != key:
            followed[key] = claim.key
        if claim not in cited:
            cited.append(claim)
    if followed:
        match = {**match, "followed_superseded": followed}
    if not cited:
        return _unknown(question, kb, "the knowledge base holds no claim that answers this.", match)
    if match.get("method") == "matched" and numbers:
        history = [
            kb.claims[key] for claim in cited for key in claim.supersedes if key in kb.claims
        ]
        missing = unsupported_details(question.text, cited, history)
        if missing:
            return _unknown(
                question,
                kb,
                f"the question names {', '.join(missing)}, which the claims that would answer "
                f"it do not state, so the knowledge base does not decide it.",
                {**match, "unsupported_details": missing},
            )
    asked = {term.stem for term in content_terms(kb.language.fold(question.text))}
    silent = next(
        (found for claim in cited if (found := silent_sentence(claim, asked, kb.language.fold))),
        None,
    )
    if silent is not None:
        # The claim itself says its sources leave this open.
        return _unknown(
            question,
            kb,
            f"the knowledge base records that this is not stated: {silent}.",
            {**match, "silent": silent},
        )
    gap = _scope_gap(products, cited, kb)
    if gap is not None:
        return _unknown(
            question,
            kb,
            f"the question is about {gap}; the claims that would answer it cover "
            f"{', '.join(dict.fromkeys(s for claim in cited for s in _scopes(claim, kb)))}, "
            f"so the knowledge base does not decide it.",
            {**match, "scope_mismatch": gap},
        )
    composed = compose(
        question.text,
        cited,
        kb.claims,
        kb.vendor,
        aspect=aspect,
        polarity=polarity,
        how=how,
        attributes=attributes,
        descriptive=is_descriptive(question.text, question.answer_type),
        today=today,
        limit=limit,
    )
    if composed.verdict == "unknown":
        return _unknown(
            question,
            kb,
            f"the knowledge base does not decide this. {composed.text.removeprefix('Unknown: ')}",
            match,
            cited=cited,
            flags=composed.flags,
        )
    if any(claim.as_of is None or claim.is_stale(today) for claim in cited):
        # An undated or year-old source is weaker evidence; the answer still stands.
        confidence = round(max(MIN_SCORE, confidence * STALE_FACTOR), 2)
    return ProposedAnswer(
        qid=question.qid,
        question=question.text,
        verdict=composed.verdict,
        text=composed.text,
        confidence=confidence,
        citations=composed.citations,
        flags=composed.flags,
        match=match,
        section=question.section,
        reference=question.reference,
        location=dict(question.location),
    )


def answer_question(
    question: Question, kb: KnowledgeBase, today: date | None = None
) -> ProposedAnswer:
    """Propose the answer to one question from a loaded knowledge base."""
    today = today or date.today()
    products = products_named(kb.language.fold(question.text), kb.language)
    mapped = question.claim_keys is not None and (
        not question.claim_keys
        or any(current_claim(kb.claims, key) is not None for key in question.claim_keys)
    )
    # A template maps its questions to the seed vendor's claim keys; for a vendor that has
    # none of them the question is answered from the vendor's own claims, as free text.
    if question.claim_keys is not None and mapped:
        match = {
            "method": "template",
            "claims": list(question.claim_keys),
            "polarity": question.polarity,
            "score": 1.0 if question.claim_keys else 0.0,
        }
        if not question.claim_keys:
            return _unknown(
                question, kb, "the knowledge base holds nothing that decides this.", match
            )
        return _answer_claims(
            question,
            kb,
            list(question.claim_keys),
            match,
            aspect="status",
            polarity=question.polarity,
            how="worst",
            attributes=(),
            confidence=TEMPLATE_CONFIDENCE,
            products=products,
            today=today,
        )
    learned = learned_claims(question, kb)
    if learned is not None:
        keys, similarity = learned
        return answer_with_claims(question, kb, keys, today, score=similarity)
    found: Match = match_question(question.text, kb.language)
    match = found.to_json()
    if found.rule is None:
        return _answer_by_coverage(question, kb, products, today)
    if not is_asking(question.text):
        return _not_a_question(question, kb, match)
    if found.rule.topics and not unclear_claims(kb, [*found.claims, *found.touched]):
        # An unclear claim the question reaches is reported as such (in _answer_claims).
        cited = [
            claim for key in found.claims if (claim := current_claim(kb.claims, key)) is not None
        ]
        missing = uncovered_topics(found.normalised, cited)
        missing += _uncovered_by_rule(found, cited, kb, question.text)
        if missing:
            return _unknown(
                question,
                kb,
                f"the knowledge base says nothing about: {', '.join(missing)}.",
                {**match, "uncovered": missing},
            )
    if found.score < MIN_SCORE:
        return _unknown(question, kb, "no claim matches this question closely enough.", match)
    rule = found.rule
    aspect = rule.aspect
    folded = found.normalised
    if rule.document and re.search(vocabulary.ASKS_APPLIES, folded):
        # Whether the document binds with nothing to sign, whatever else the question asks.
        aspect = "default"
        match = {**match, "asks_default": True}
    elif rule.document and re.search(vocabulary.ASKS_CONTENT, folded):
        version = re.search(r"\b(version|edition|revision)\b", folded)
        records = [current_claim(kb.claims, key) for key in found.claims]
        recorded = any(
            claim is not None
            and any("version" in name for name in (claim.conditions.get("attributes") or {}))
            for claim in records
        )
        if len(rule.all) < 2 and not (version and recorded):
            return _unknown(
                question,
                kb,
                "the question asks what the document contains; the claims do not state it.",
                {**match, "document_content": True},
            )
        aspect = "published"  # what a published document says holds whether or not it is signed
        match = {**match, "document_content": True}
    elif aspect in ("status", "members") and re.search(vocabulary.ASKS_SELF_SERVICE, folded):
        aspect = "self-service"  # asked whether the customer can have it with no approval
        match = {**match, "asks_self_service": True}
    elif aspect in ("status", "members") and re.search(vocabulary.ASKS_DEFAULT, folded):
        aspect = "default"  # asked whether it holds with nothing to arrange
        match = {**match, "asks_default": True}
    polarity = rule.polarity
    if found.negated:
        # "Confirm models are not shared with other customers": the question asserts the
        # opposite of the attribute it names, so the attribute's truth answers it inverted.
        polarity = "direct" if polarity == "inverse" else "inverse"
    return _answer_claims(
        question,
        kb,
        list(found.claims),
        match,
        aspect=aspect,
        polarity=polarity,
        how=rule.combine,
        attributes=rule.attributes,
        confidence=round(found.score, 2),
        products=products,
        today=today,
        numbers=rule.numbers,
        touched=found.touched,
    )


def _uncovered_by_rule(
    found: Match, cited: list[ClaimRecord], kb: KnowledgeBase, question: str
) -> list[str]:
    """Return the names in the question (capitalised words past its first: products,
    features, places) that neither the rule's matched terms nor any cited claim speaks of
    ("Is Sora in the scope of your SOC 2 report?": Sora). A knowledge-base rule reads its
    own topic words; a name it does not know is something its claims do not cover."""
    names = {
        stem(word.lower())
        for word in _NAME.findall(_PARENTHESES.sub(" ", _NUMBERING.sub("", question.strip())))
        if not word.isupper()
    }
    terms = content_terms(found.normalised, kb.language.ignored)
    # Named methods and mechanisms ("SMS", "FIDO2", "PGP") narrow what is asked: a rule's
    # claims must speak of them too.
    names |= {term.stem for term in terms if term.stem in _SPECIFIC}
    if not names:
        return []
    matched = {stem(word) for term in found.terms for word in term.split()}
    spoken = set().union(*(claim_terms(claim).all for claim in cited)) if cited else set()
    # Products are left to the scope check, features to the claims' eligibility lists.
    eligibility = any(
        name.startswith("eligible")
        for claim in cited
        for name in (claim.conditions.get("attributes") or {})
    )
    features = kb.vendor.features if eligibility else ()
    known = {
        stem(word)
        for name in (*(name for name, _p in kb.language.products), *features)
        for word in re.findall(r"[a-z0-9]+", name.lower())
    }
    return [
        term.word
        for term in terms
        if term.stem in names - known and term.stem not in matched and term.stem not in spoken
    ]


_SPECIFIC = frozenset(stem(word) for word in lexicon()["specific_terms"])


_PARENTHESES = re.compile(r"\([^)]*\)")
# A capitalised word that does not open a sentence.
_NAME = re.compile(r"(?<![.?!:]\s)(?<!^)(?<=\s)[A-Z][a-zA-Z0-9]+")


def _unknown_uncovered(
    question: Question, kb: KnowledgeBase, found: Coverage, match: dict[str, Any]
) -> ProposedAnswer:
    if found.terms and found.uncovered:
        why = (
            f"the knowledge base says nothing about: {', '.join(found.uncovered)} "
            f"(its nearest claim, {found.nearest.title if found.nearest else 'none'}, does not "
            f"cover it)."
        )
    else:
        why = "the knowledge base holds nothing that decides this."
    return _unknown(question, kb, why, {**match, "uncovered": found.uncovered})


_ASKS_HOW_LONG = re.compile(
    r"\bhow long\b|\bfor how many\b|\bhow many (days|weeks|months|years|hours)\b|"
    r"\b(retention|storage) (period|time|duration)\b|\bwithin how many\b|\bhow soon\b"
)


_UNITS = frozenset(
    stem(word)
    for word in (
        "day",
        "days",
        "hour",
        "hours",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "minute",
        "minutes",
        "percent",
    )
)


def _title_ideas(claim: ClaimRecord) -> set[str]:
    from questionnaires.text import normalise as fold

    return {stem(word) for word in re.findall(r"[a-z0-9][a-z0-9'-]*", fold(claim.title))}


def _numbers_out_of_place(folded: str, cited: list[ClaimRecord], ideas: set[str]) -> list[str]:
    """Return the question's numbers that no cited claim states beside what the question
    asks ("kept for 90 days after the subscription ends" against a claim whose 90 days are
    about backups)."""
    asked = ideas - _UNITS
    stray = []
    for number in _NUMBER.findall(_REFERENCE.sub(" ", _NUMBERING.sub("", folded))):
        placed = False
        for claim in cited:
            for passage in claim_terms(claim).passages:
                if number in passage and (not asked or passage & asked):
                    placed = True
        if not placed:
            stray.append(number)
    return stray


def _not_a_question(question: Question, kb: KnowledgeBase, match: dict[str, Any]) -> ProposedAnswer:
    return _unknown(
        question,
        kb,
        "the text is not phrased as a question or request, so it is not answered from the "
        "knowledge base.",
        {**match, "not_a_question": True},
    )


def _reading(
    shape: Shape,
    folded: str,
    claims: list[ClaimRecord],
    terms: list[str],
    *,
    exclusions: bool,
) -> tuple[str, tuple[str, ...], bool, bool, bool]:
    """Return how the claims answer a question of this shape: ``(aspect, attributes,
    inverse, negated, denies)``. A yes/no attribute the question names decides it; a claim
    that denies the practice, or a question that negates it, turns the answer around; with
    ``exclusions``, a word the claim takes out of its scope makes it a scope question."""
    ideas = {stem(word) for word in terms}
    negated = shape.negated or question_negates(shape.topic_text, terms)
    aspect, attributes = shape.aspect, ()
    if aspect in ("members", "available", "status"):
        for claim in claims:
            name = boolean_attribute(claim, folded)
            if name is not None:
                aspect, attributes = "attribute", (name,)
                break
    denies = aspect != "attribute" and any(claim_denies(claim, ideas) for claim in claims)
    if exclusions and aspect in ("members", "available", "status"):
        excluded = [
            word
            for claim in claims
            for word in excluded_terms(claim, ideas - _title_ideas(claim) - PLAN_WORDS)
        ]
        if excluded:
            # A scope question: the claim's denial of a practice does not turn it around.
            aspect, attributes, denies = "excluded", tuple(dict.fromkeys(excluded)), False
    return aspect, attributes, shape.inverse != (negated != denies), negated, denies


def _answer_by_coverage(
    question: Question, kb: KnowledgeBase, products: list[str], today: date
) -> ProposedAnswer:
    """Answer from the claims that cover everything the question asks (any vendor, any
    claim as a reviewer writes it), reading the question's shape from its wording."""
    folded = kb.language.fold(_NUMBERING.sub("", question.text.strip()))
    shape = read_shape(folded)
    # A claim that carries its own answer rules is answered through them (its data says
    # which questions it decides); every other claim (a new vendor's, one a reviewer adds) is
    # answered by coverage.
    current = [
        claim for claim in kb.claims.values() if claim.superseded_by is None and not claim.answers
    ]
    found = cover(shape.topic_text, current, kb.language.ignored)
    match: dict[str, Any] = {
        "method": "matched" if found.claims else "none",
        "rule": "coverage" if found.claims else None,
        "claims": [claim.key for claim in found.claims],
        "terms": found.terms,
        "score": round(found.score, 3),
        "threshold": MIN_SCORE,
        "products": products,
    }
    if not found.claims:
        return _unknown_uncovered(question, kb, found, match)
    if not is_asking(question.text):
        return _not_a_question(question, kb, match)
    topics = uncovered_topics(folded, found.claims, phrases_only=True)
    if topics:
        # A phrase the lexicon knows ("its own SOC 2 report", "the application we are
        # building") that none of the claims speaks of.
        return _unknown(
            question,
            kb,
            f"the knowledge base says nothing about: {', '.join(topics)}.",
            {**match, "uncovered": topics},
        )
    ideas = {stem(word) for word in found.terms}
    if _ASKS_HOW_LONG.search(folded) and not any(
        period_beside(claim, ideas, kb.language.fold) for claim in found.claims
    ):
        # "How long are chat messages kept?" needs a claim that states a period.
        return _unknown(
            question,
            kb,
            "the question asks for a period, which the claims that would answer it do not "
            "state, so the knowledge base does not decide it.",
            {**match, "unsupported_details": ["a period"]},
        )
    stray = _numbers_out_of_place(folded, found.claims, ideas)
    if stray:
        return _unknown(
            question,
            kb,
            f"the question names {', '.join(stray)}, which the claims that would answer it do "
            f"not state about what it asks, so the knowledge base does not decide it.",
            {**match, "unsupported_details": stray},
        )
    aspect, attributes, inverse, negated, denies = _reading(
        shape, folded, found.claims, found.terms, exclusions=True
    )
    match = {**match, "aspect": aspect, **({"negated": True} if negated else {})}
    if denies:
        match["claim_denies"] = True
    condition = ""
    stated = (
        default_sentence(found.claims[0], ideas, kb.language.fold)
        if len(found.claims) == 1 and aspect == "default" and not negated
        else None
    )
    if stated is not None:
        # "Automatic deletion is off by default": the sentence states the default asked.
        aspect, attributes = "stated", ("yes" if stated[0] else "no", stated[1])
        match = {**match, "aspect": aspect, "detail": stated[1]}
    if len(found.claims) == 1 and not (negated or denies) and aspect in _DETAIL_ASPECTS:
        reading = detail_sentence(found.claims[0], ideas, kb.language.fold)
        if reading is not None and reading.denies and found.claims[0].status != "no":
            # "Lumenfold does not share full penetration test reports", asked for the report.
            aspect, attributes = "denied", (reading.sentence,)
            match = {**match, "aspect": aspect, "detail": reading.sentence}
        elif reading is not None and reading.condition:
            condition = reading.sentence
            match = {**match, "detail": reading.sentence}
    asked = asked_plans(folded, kb.plans)
    limits: list[tuple[str, str]] = []
    for claim in found.claims:
        limited = limit_for(claim, ideas, kb.language.fold, kb.plans)
        if asked and {name for name, _kind in limited} & set(asked):
            continue
        if asked and limited:
            # "Only on the Enterprise plan", asked about the Starter plan.
            aspect, attributes = "excluded", tuple(f"the {name.title()} plan" for name in asked)
            match = {**match, "aspect": aspect, "plans": {"asked": asked, "only": limited}}
            break
        mentioned = claim_plans(claim)
        beside = plans_beside(claim, ideas, kb.language.fold) if asked else None
        if beside is not None and not set(beside) & set(asked):
            mentioned = beside
        if asked and mentioned and not set(mentioned) & set(asked):
            return _unknown(
                question,
                kb,
                f"the question is about the {', '.join(name.title() for name in asked)} "
                f"plan; {claim.title} speaks of "
                f"{', '.join(name.title() for name in mentioned)} only.",
                {**match, "plans": {"asked": asked, "mentioned": mentioned}},
            )
        limits += [item for item in limited if item not in limits]
    confidence = round(min(0.9, 0.6 + 0.3 * found.score), 2)
    return _answer_claims(
        question,
        kb,
        [claim.key for claim in found.claims],
        match,
        aspect=aspect,
        polarity="inverse" if inverse else "direct",
        how="worst",
        attributes=attributes,
        confidence=confidence,
        products=products,
        today=today,
        limit=(limit_text(limits) if limits and aspect != "excluded" else "") or condition,
    )


# Aspects whose answer a sentence about the question's detail may settle instead of the
# claim's status.
_DETAIL_ASPECTS = frozenset({"status", "available", "members"})


def iter_autofill(
    database: Database, vendor_slug: str, questions: Iterable[Question]
) -> Iterator[tuple[int, int, ProposedAnswer]]:
    """Answer every question, yielding ``(done, total, answer)`` after each one.

    Raises:
        UserError: The vendor is unknown.
    """
    items = list(questions)
    kb = load_knowledge_base(database, vendor_slug)
    today = date.today()
    total = len(items)
    for done, question in enumerate(items, start=1):
        yield done, total, answer_question(question, kb, today)


def autofill(
    database: Database, vendor_slug: str, questions: Iterable[Question]
) -> list[ProposedAnswer]:
    """Answer every question and return the answers in question order."""
    return [answer for _done, _total, answer in iter_autofill(database, vendor_slug, questions)]


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
    aspect, attributes, inverse, _negated, _denies = _reading(
        shape, folded, claims, terms, exclusions=False
    )
    return _answer_claims(
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

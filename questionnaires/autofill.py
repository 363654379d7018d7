"""Auto-fill: propose an answer for every question from one vendor's knowledge base.

Template questions carry their claim mapping and polarity and are answered from it directly.
Free-text questions go through :mod:`questionnaires.matching`; an answer is only proposed when
a rule decides the question, the score reaches the threshold, no topic outside the knowledge
base is named and the product asked about is one the claims cover. Everything else is
``unknown`` and says what to request. ``iter_autofill`` yields progress as it goes so the GUI
and the command line can show it.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date

from models.kb.claims import ClaimRecord
from models.kb.lexicon import lexicon
from models.storage.database import Database
from questionnaires import vocabulary
from questionnaires.answer_from import answer_from_claims, unclear_claims
from questionnaires.asked import asked_part
from questionnaires.by_coverage import answer_by_coverage
from questionnaires.claim_facts import current_claim
from questionnaires.coverage import claim_terms
from questionnaires.details import NUMBERING
from questionnaires.knowledge import KnowledgeBase, load_knowledge_base
from questionnaires.learned import answer_with_claims, learned_claims
from questionnaires.matching import (
    MIN_SCORE,
    Match,
    match_question,
    products_named,
    uncovered_topics,
)
from questionnaires.proposed import (
    TEMPLATE_CONFIDENCE,
    ProposedAnswer,
    not_a_question,
    unknown_answer,
)
from questionnaires.questions import Question
from questionnaires.terms import content_terms, stem
from questionnaires.text import is_asking


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
            return unknown_answer(
                question, kb, "the knowledge base holds nothing that decides this.", match
            )
        return answer_from_claims(
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
    asked = asked_part(question.text, kb.narrows)
    if asked != question.text.strip():
        # "CEK-03.1 / DSP: Are…", "Our finance team will use it. Can we…": the part that asks.
        answer = answer_question(replace(question, text=asked, claim_keys=None), kb, today)
        answer.question = question.text
        answer.match = {**answer.match, "asked": asked}
        return answer
    learned = learned_claims(question, kb)
    if learned is not None:
        keys, similarity = learned
        return answer_with_claims(question, kb, keys, today, score=similarity)
    found: Match = match_question(question.text, kb.language)
    match = found.to_json()
    if found.rule is None:
        return answer_by_coverage(question, kb, products, today)
    if not is_asking(question.text):
        return not_a_question(question, kb, match)
    if found.rule.topics and not unclear_claims(kb, [*found.claims, *found.touched]):
        # An unclear claim the question reaches is reported as such (in answer_from_claims).
        cited = [
            claim for key in found.claims if (claim := current_claim(kb.claims, key)) is not None
        ]
        missing = uncovered_topics(found.normalised, cited)
        missing += _uncovered_by_rule(found, cited, kb, question.text)
        if missing:
            return unknown_answer(
                question,
                kb,
                f"the knowledge base says nothing about: {', '.join(missing)}.",
                {**match, "uncovered": missing},
            )
    if found.score < MIN_SCORE:
        return unknown_answer(question, kb, "no claim matches this question closely enough.", match)
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
            return unknown_answer(
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
    return answer_from_claims(
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
        for word in _NAME.findall(_PARENTHESES.sub(" ", NUMBERING.sub("", question.strip())))
        if not word.isupper()
    }
    terms = content_terms(found.normalised, kb.language.ignored)
    # Named methods and mechanisms ("SMS", "FIDO2", "PGP") narrow what is asked: a rule's
    # claims must speak of them too.
    names |= {term.stem for term in terms if term.stem in _SPECIFIC}
    # "What is encrypted/signed": each side of a pair the question joins is asked about.
    names |= {stem(word) for pair in _SLASHED.findall(found.normalised) for word in pair}
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
_SLASHED = re.compile(r"\b([a-z][a-z-]+)/([a-z][a-z-]+)\b")
# A capitalised word that does not open a sentence.
_NAME = re.compile(r"(?<![.?!:]\s)(?<!^)(?<=\s)[A-Z][a-zA-Z0-9]+")


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

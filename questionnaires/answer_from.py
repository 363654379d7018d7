"""Answer a question from the claims a rule, template, coverage or the reviewer chose: unclear
claims, unstated details, silent sentences and product scope first, then the verdict the
claims' conditions give (:mod:`questionnaires.compose`).
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from models.kb.claims import ClaimRecord
from models.verdicts import Aspect, Polarity
from questionnaires.claim_facts import current_claim
from questionnaires.compose import compose, is_descriptive
from questionnaires.details import unsupported_details
from questionnaires.knowledge import KnowledgeBase
from questionnaires.matching import (
    MIN_SCORE,
)
from questionnaires.passages import (
    silent_sentence,
)
from questionnaires.proposed import ProposedAnswer, unknown_answer
from questionnaires.questions import Question
from questionnaires.terms import content_terms
from questionnaires.text import compact

STALE_FACTOR = 0.85


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


def answer_from_claims(
    question: Question,
    kb: KnowledgeBase,
    keys: list[str],
    match: dict[str, Any],
    *,
    aspect: Aspect,
    polarity: Polarity,
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
        return unknown_answer(
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
        return unknown_answer(
            question, kb, "the knowledge base holds no claim that answers this.", match
        )
    if match.get("method") == "matched" and numbers:
        history = [
            kb.claims[key] for claim in cited for key in claim.supersedes if key in kb.claims
        ]
        met = match.get("bound_met") or ()
        # A figure whose bound the claims' own figure keeps ("within 72 hours?" against 48).
        missing = [
            item for item in unsupported_details(question.text, cited, history) if item not in met
        ]
        if missing:
            return unknown_answer(
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
        return unknown_answer(
            question,
            kb,
            f"the knowledge base records that this is not stated: {silent}.",
            {**match, "silent": silent},
        )
    gap = _scope_gap(products, cited, kb)
    if gap is not None:
        return unknown_answer(
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
        reason = composed.text.removeprefix("Unknown: ")
        if not reason.startswith("the knowledge base"):  # it says so itself otherwise
            reason = f"the knowledge base does not decide this. {reason[:1].upper()}{reason[1:]}"
        return unknown_answer(
            question,
            kb,
            reason,
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


def denied_by_claim(
    question: Question,
    kb: KnowledgeBase,
    claim_key: str,
    detail: str,
    *,
    products: list[str],
    today: date,
    confidence: float,
    terms: Iterable[str] = (),
    inverse: bool = False,
) -> ProposedAnswer:
    """Answer ``no`` from one claim, for ``detail`` (``yes`` when ``inverse``: the question
    asks that it does not hold), with the match a reading found outside coverage."""
    match = {
        "method": "matched",
        "rule": "coverage",
        "claims": [claim_key],
        "terms": list(terms),
        "score": 1.0,
        "threshold": MIN_SCORE,
        "products": products,
        "aspect": "denied",
        "detail": detail,
    }
    return answer_from_claims(
        question,
        kb,
        [claim_key],
        match,
        aspect="denied",
        polarity="inverse" if inverse else "direct",
        how="worst",
        attributes=(detail,),
        confidence=confidence,
        products=products,
        today=today,
        numbers=False,
    )

"""The figures a question names, read against the claims that cover it.

"A 99.99% uptime guarantee?" against "Uptime SLA 99.9%" is ``no``, naming the claim's figure;
"notified within 72 hours?" against "within 48 hours" keeps the bound; "audit logs kept at
least 12 months?" against "365 days on the Pro plan and 30 days on Starter" holds on a plan. A
number the claims state nowhere about what is asked is left for the caller to report.
"""

from datetime import date
from typing import Any

from questionnaires.answer_from import answer_from_claims
from questionnaires.coverage import Coverage
from questionnaires.details import numbers_out_of_place
from questionnaires.knowledge import KnowledgeBase
from questionnaires.numbers import (
    bound_kept_in_part,
    bound_met,
    figure_for_plan,
    settled_otherwise,
    version_below_minimum,
)
from questionnaires.plans import named_plans
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.shape import Shape
from questionnaires.terms import stem


def answer_by_figures(
    question: Question,
    kb: KnowledgeBase,
    folded: str,
    found: Coverage,
    shape: Shape,
    asked: list[str],
    match: dict[str, Any],
    products: list[str],
    today: date,
) -> ProposedAnswer | tuple[list[str], dict[str, Any]]:
    """Answer from the figures the question names when the claims settle them; otherwise
    return the numbers no claim states about what is asked, and the match to report.

    Args:
        question: The question asked.
        kb: The vendor's knowledge base.
        folded: The question, normalised.
        found: The claims that cover it.
        shape: What the question asks (its aspect and polarity).
        asked: The plans the question names.
        match: The match so far, for the answer's ``match`` object.
        products: The products the question names.
        today: The date answers are computed for.
    """
    ideas = {stem(word) for word in found.terms}
    stray = numbers_out_of_place(folded, found.claims, ideas)
    plain = not (shape.inverse or shape.negated)
    settled = settled_otherwise(folded, found.claims, ideas) if stray and plain else None
    if settled is None and plain:
        # "Are TLS 1.0 connections accepted?" against "TLS 1.2 is the minimum".
        settled = version_below_minimum(folded, found.claims)
    if settled is None and asked and plain:
        # "Does the Standard tier carry a 99.95% SLA?" against "… 99.9% for the Standard tier".
        settled = figure_for_plan(folded, found.claims, asked)
    confidence = round(min(0.9, 0.6 + 0.3 * found.score), 2)
    keys = [claim.key for claim in found.claims]
    if settled is not None:
        # "A 99.99% uptime guarantee?" against "Uptime SLA 99.9%": the claim's figure.
        return answer_from_claims(
            question,
            kb,
            keys,
            {**match, "aspect": "denied", "detail": settled, "settled_otherwise": stray},
            aspect="denied",
            polarity="direct",
            how="worst",
            attributes=(settled,),
            confidence=confidence,
            products=products,
            today=today,
            numbers=False,
        )
    in_part = bound_kept_in_part(folded, found.claims, ideas) if plain and not asked else None
    if in_part is not None and len(named_plans(in_part)) >= 2:
        # "Kept at least a year?" against 365 days on two plans and 30 days on a third: met
        # on some plans. Figures for other things ("critical within 7 days, high within 30")
        # are left to the readers of one figure.
        return answer_from_claims(
            question,
            kb,
            keys,
            {**match, "aspect": "stated", "detail": in_part},
            aspect="stated",
            polarity="direct",
            how="worst",
            attributes=("partial", "met on some plans only (the figures stated differ by plan)"),
            confidence=confidence,
            products=products,
            today=today,
            numbers=False,
        )
    met = bound_met(folded, found.claims, ideas) if stray and not shape.negated else None
    if met is not None and met in stray:
        # "Notified within 72 hours?" against "within 48 hours": the bound holds.
        stray = [number for number in stray if number != met]
        match = {**match, "bound_met": [met]}
    return stray, match

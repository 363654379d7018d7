"""Answer a free-text question from the claims that cover everything it asks about (any
vendor, any claim as a reviewer writes it), reading its shape from its wording.
"""

import re
from datetime import date
from typing import Any

from models.kb.claims import ClaimRecord
from models.verdicts import Aspect
from questionnaires.answer_from import answer_from_claims
from questionnaires.complement import denied_outright, unstated_topics
from questionnaires.coverage import Coverage, cover
from questionnaires.details import ASKS_HOW_LONG, NUMBERING, UNITS
from questionnaires.figures_asked import answer_by_figures
from questionnaires.gates import answer_if_gated
from questionnaires.knowledge import KnowledgeBase
from questionnaires.matching import MIN_SCORE
from questionnaires.passages import (
    condition_sentence,
    default_sentence,
    denies_narrower,
    detail_sentence,
    details_disagree,
    period_beside,
)
from questionnaires.plans import (
    PLAN_WORDS,
    asked_plans,
    claim_plans,
    excluded_plans_for,
    gated_by_plan_only,
    limit_for,
    limit_text,
    plans_beside,
    speaks_of_plans,
)
from questionnaires.proposed import ProposedAnswer, not_a_question, unknown_answer
from questionnaires.purposes import without_purpose
from questionnaires.questions import Question
from questionnaires.regions import places_in, places_with_cities
from questionnaires.scope_asked import outside_scope_list
from questionnaires.shape import (
    Shape,
    boolean_attribute,
    claim_denies,
    excluded_terms,
    only_mention_denied,
    question_negates,
    read_shape,
)
from questionnaires.terms import content_terms, stem
from questionnaires.text import is_asking
from questionnaires.text import normalise as fold
from questionnaires.versions import answer_before_coverage


def unknown_uncovered(
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
    return unknown_answer(question, kb, why, {**match, "uncovered": found.uncovered})


def _title_ideas(claim: ClaimRecord) -> set[str]:
    return {stem(word) for word in re.findall(r"[a-z0-9][a-z0-9'-]*", fold(claim.title))}


def claims_reading(
    shape: Shape,
    folded: str,
    claims: list[ClaimRecord],
    terms: list[str],
    *,
    exclusions: bool,
) -> tuple[Aspect, tuple[str, ...], bool, bool, bool]:
    """Return how the claims answer a question of this shape: ``(aspect, attributes,
    inverse, negated, denies)``. A yes/no attribute the question names decides it; a claim
    that denies the practice, or a question that negates it, turns the answer around; with
    ``exclusions``, a word the claim takes out of its scope makes it a scope question."""
    ideas = {stem(word) for word in terms}
    negated = shape.negated or question_negates(shape.topic_text, terms)
    aspect: Aspect
    attributes: tuple[str, ...]
    aspect, attributes = shape.aspect, ()
    # "Describe the encryption …, where keys are managed": a description asks for the facts,
    # not whether one yes/no attribute (customer-managed keys) holds.
    if aspect in ("members", "available", "status") and not _DESCRIBE.match(folded):
        for claim in claims:
            name = boolean_attribute(claim, folded)
            if name is not None:
                aspect, attributes = "attribute", (name,)
                break
    denies = aspect != "attribute" and any(claim_denies(claim, ideas) for claim in claims)
    outright = [found for claim in claims if (found := denied_outright(claim, ideas, denies))]
    if outright and aspect in ("available", "status", "members"):
        aspect, attributes, denies = "denied", (outright[0],), False  # "no standing access"
    if not denies and aspect in ("available", "status"):
        # "Do you offer BYOK for stored logs?" against "… does not offer customer-managed
        # keys for stored data", the one sentence that speaks of such keys.
        denies = any(only_mention_denied(claim, ideas) for claim in claims)
    if exclusions and aspect in ("members", "available", "status"):
        excluded = [
            word
            for claim in claims
            # "Hosting in Canada is not offered" takes out a place the question names too.
            for word in excluded_terms(
                claim, (ideas | places_in(folded)) - _title_ideas(claim) - PLAN_WORDS - UNITS
            )
        ]
        if excluded:
            # A scope question: the claim's denial of a practice does not turn it around.
            aspect, attributes, denies = "excluded", tuple(dict.fromkeys(excluded)), False
    return aspect, attributes, shape.inverse != (negated != denies), negated, denies


# The question states that a value is fixed: "a fixed 5 years", "cannot be changed".
_ASKS_FIXED = re.compile(
    r"\bfixed\b(?! (?:ip|address|fee|price|term contract))|\b(?:cannot|can't|can not|may not) be "
    r"(?:changed|modified|altered|shortened|extended|configured|adjusted)\b"
)
_DESCRIBE = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:please )?(?:describe|explain|outline|detail)\b")
_WHICH = re.compile(r"^\W*(?:\d+[.)]\s*)?(?:which|what)\b")
_ASKS_OFF = re.compile(
    r"\b(?:disabled|off|turned off|switched off|opt-in|not (?:enabled|on|active)) (?:by default|"
    r"until)\b|\bby default,? (?:disabled|off)\b"
)


def answer_by_coverage(
    question: Question, kb: KnowledgeBase, products: list[str], today: date
) -> ProposedAnswer:
    """Answer from the claims that cover everything the question asks (any vendor, any
    claim as a reviewer writes it), reading the question's shape from its wording."""
    folded = _ALTERNATIVE.sub("?", kb.language.fold(NUMBERING.sub("", question.text.strip())))
    shape = read_shape(without_purpose(folded))
    # A claim that carries its own answer rules is answered through them (its data says
    # which questions it decides); every other claim (a new vendor's, one a reviewer adds) is
    # answered by coverage.
    current = [
        claim for claim in kb.claims.values() if claim.superseded_by is None and not claim.answers
    ]
    dropped = answer_before_coverage(question, kb, folded, products, today)
    if dropped is not None:
        # "Is Scanwell OCR still a sub-processor?" against a list that has since dropped it.
        return dropped
    # Unfolded: a "Federation" plan must not be read as SSO first.
    asked = asked_plans(
        _ALTERNATIVE.sub("?", fold(NUMBERING.sub("", question.text.strip()))), kb.plans
    )
    found = cover(
        shape.topic_text,
        current,
        kb.language.ignored,
        # The plans asked: the plan rules read them once the claims are found.
        frozenset(word for name in asked for word in name.split()),
    )
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
        return unknown_uncovered(question, kb, found, match)
    if asked and not any(speaks_of_plans(claim, kb.plans) for claim in found.claims):
        # "Is AI Assist available on the Team plan?" against a claim that names no plan.
        return unknown_answer(
            question,
            kb,
            f"the knowledge base says nothing about the "
            f"{', '.join(name.title() for name in asked)} plan for this.",
            {**match, "uncovered": asked},
        )
    if _ASKS_TO_SET.search(folded) and not any(
        _settable(claim, {stem(word) for word in found.terms}) for claim in found.claims
    ):
        # "Can we configure a retention period for photos?" against a fixed 7-day purge.
        return unknown_answer(
            question,
            kb,
            "the question asks whether the customer can set this, and the claims that would "
            "answer it do not say it can be set, so the knowledge base does not decide it.",
            {**match, "unsupported_details": ["a setting the customer chooses"]},
        )
    if not is_asking(question.text):
        return not_a_question(question, kb, match)
    topics = unstated_topics(folded, found.claims)
    if topics:
        # A phrase the lexicon knows ("its own SOC 2 report", "the application we are
        # building") that none of the claims speaks of, or what they leave out.
        return unknown_answer(
            question,
            kb,
            f"the knowledge base says nothing about: {', '.join(topics)}.",
            {**match, "uncovered": topics},
        )
    ideas = {stem(word) for word in found.terms}
    if ASKS_HOW_LONG.search(folded) and not any(
        period_beside(claim, ideas, kb.language.fold) for claim in found.claims
    ):
        # "How long are chat messages kept?" needs a claim that states a period.
        return unknown_answer(
            question,
            kb,
            "the question asks for a period, which the claims that would answer it do not "
            "state, so the knowledge base does not decide it.",
            {**match, "unsupported_details": ["a period"]},
        )
    figured = answer_by_figures(question, kb, folded, found, shape, asked, match, products, today)
    if isinstance(figured, ProposedAnswer):
        return figured
    stray, match = figured
    if stray:
        return unknown_answer(
            question,
            kb,
            f"the question names {', '.join(stray)}, which the claims that would answer it do "
            f"not state about what it asks, so the knowledge base does not decide it.",
            {**match, "unsupported_details": stray},
        )
    gated = shape.aspect in ("members", "available", "status") and answer_if_gated(
        question,
        kb,
        folded,
        found,
        match,
        negated=shape.negated or question_negates(shape.topic_text, found.terms),
        products=products,
        today=today,
    )
    if gated:
        # "Can support staff view our data without our permission?" against "… only after
        # an administrator grants support access".
        return gated
    # The plan asked is not what a claim denies: "not on Starter or Fleet" beside "only on
    # the Fleet Plus plan" denies nothing of SSO on Fleet Plus.
    plan_words = {word for name in asked for word in name.split()}
    aspect, attributes, inverse, negated, denies = claims_reading(
        shape,
        folded,
        found.claims,
        [term for term in found.terms if term not in plan_words] or found.terms,
        exclusions=True,
    )
    if _ASKS_FIXED.search(folded) and any(_settable(claim, ideas) for claim in found.claims):
        # "Our file says retention is fixed at 5 years and cannot be changed." against "admins
        # can set 2 to 10 years": it is not fixed.
        aspect, attributes = "denied", ("it is not fixed: the customer can change it",)
        match = {**match, "aspect": aspect, "detail": attributes[0]}
    elif negated and aspect in ("available", "status", "default") and _WHICH.match(folded):
        # "Which states are not supported for PDMP reporting?": it asks for a list the claims
        # do not give; turning "not supported" around answers nothing.
        return unknown_answer(
            question,
            kb,
            "the question asks which ones are not covered, and the claims that speak of it do "
            "not list them, so the knowledge base does not decide it.",
            {**match, "unsupported_details": ["a list of what is not covered"]},
        )
    unlisted = outside_scope_list(folded, found.claims, ideas) if aspect != "excluded" else []
    if unlisted:
        # "Is the payments module within the SOC 2 scope?" against a scope of Builder and
        # Connect: neither listed nor excluded, so not decided.
        claim = found.claims[0]
        return unknown_answer(
            question,
            kb,
            f"{claim.title} names its scope ({', '.join(map(str, claim.conditions['scope']))}) "
            f"and says nothing of: {', '.join(unlisted)}.",
            {**match, "uncovered": unlisted},
        )
    match = {**match, "aspect": aspect, **({"negated": True} if negated else {})}
    if denies:
        match["claim_denies"] = True
    condition = ""
    stated = (
        default_sentence(found.claims[0], ideas, kb.language.fold)
        # "How long … by default?" asks for the default period, not whether a setting is on.
        if len(found.claims) == 1
        and aspect == "default"
        and not negated
        and not ASKS_HOW_LONG.search(folded)
        else None
    )
    if stated is not None:
        # "Automatic deletion is off by default": the sentence states the default asked.
        # "Is Recap disabled by default until an owner turns it on?" asks whether it is off.
        on = stated[0] != (_ASKS_OFF.search(folded) is not None)
        aspect, attributes = "stated", ("yes" if on else "no", stated[1])
        match = {**match, "aspect": aspect, "detail": stated[1]}
    if len(found.claims) == 1 and not (negated or denies) and aspect in _DETAIL_ASPECTS:
        # The plan asked is no detail a sentence answers ("only on the Fleet Plus plan, not on
        # Starter or Fleet" speaks of plans, not of what is asked).
        detail_ideas = ideas - {stem(word) for word in plan_words} or ideas
        reading = detail_sentence(found.claims[0], detail_ideas, kb.language.fold)
        if reading is not None and denies_narrower(reading, folded):
            # "The full report is not shared", asked for the results: a condition the claim
            # states ("a summary under NDA"), else its status, decides.
            reading = condition_sentence(found.claims[0], kb.language.fold)
        if reading is None and details_disagree(found.claims[0], ideas, kb.language.fold):
            return unknown_answer(
                question,
                kb,
                f"{found.claims[0].title} speaks of this in more than one sentence, and they "
                "do not agree, so the knowledge base does not decide it.",
                {**match, "unsupported_details": ["sentences that disagree"]},
            )
        if reading is not None and reading.denies and found.claims[0].status != "no":
            # "Lumenfold does not share full penetration test reports", asked for the report.
            aspect, attributes = "denied", (reading.sentence,)
            match = {**match, "aspect": aspect, "detail": reading.sentence}
        elif reading is not None and reading.condition:
            condition = reading.sentence
            match = {**match, "detail": reading.sentence}
    limits: list[tuple[str, str]] = []
    plan_decided = False  # the plan asked decides it: no plan limit is added to the answer
    # The whole question's words, not only those left after its framing: "Can admins export
    # the audit log?" asks about export, which "CSV export … on Bistro" limits.
    asked_ideas = ideas | {term.stem for term in content_terms(folded, kb.language.ignored)}
    plans_met = bool(asked)  # every claim is limited to plans, among them the one asked
    for claim in found.claims:
        excluded_on = excluded_plans_for(claim, ideas, kb.language.fold, kb.plans, question.text)
        if asked and set(asked) <= set(excluded_on):
            # "SCIM is not available on the Starter or Professional plans", asked of one.
            aspect, attributes = "excluded", tuple(f"the {name.title()} plan" for name in asked)
            match = {**match, "aspect": aspect, "plans": {"asked": asked, "not": excluded_on}}
            plan_decided = True
            break
        limited = limit_for(claim, asked_ideas, kb.language.fold, kb.plans, question.text)
        if claim is not found.claims[0] and not asked:
            # A second claim cited for one word ("access") does not limit the answer by a
            # plan clause of its own ("Custom roles … on the Collective plan only").
            limited = []
        if not limited and not asked and excluded_on and len(found.claims) == 1:
            # "SSO is not available on the Storefront or Storefront Plus plans": the rest.
            limited = [(name, "plan") for name in sorted(kb.plans - set(excluded_on))]
        also = [name for name, _kind in limited if name not in asked]
        if asked and also and _ONLY_FOR.search(folded) and len(also) < len(limited):
            # "Offered only to Enterprise customers?" against "Business and Enterprise plans".
            aspect = "denied"
            attributes = (f"it is also offered on the {', '.join(n.title() for n in also)} plan",)
            match = {**match, "aspect": aspect, "plans": {"asked": asked, "only": limited}}
            plan_decided = True
            break
        if asked and {name for name, _kind in limited} & set(asked):
            plans_met = plans_met and gated_by_plan_only(
                claim, kb.plans, folded, kb.language.ignored
            )
            continue
        plans_met = False
        if asked and limited:
            # "Only on the Enterprise plan", asked about the Starter plan.
            aspect, attributes = "excluded", tuple(f"the {name.title()} plan" for name in asked)
            match = {**match, "aspect": aspect, "plans": {"asked": asked, "only": limited}}
            plan_decided = True
            break
        mentioned = claim_plans(claim)
        beside = plans_beside(claim, ideas, kb.language.fold, found.weights) if asked else None
        if beside is not None and not set(beside) & set(asked):
            mentioned = beside
        if asked and mentioned and not set(mentioned) & set(asked):
            return unknown_answer(
                question,
                kb,
                f"the question is about the {', '.join(name.title() for name in asked)} "
                f"plan; {claim.title} speaks of "
                f"{', '.join(name.title() for name in mentioned)} only.",
                {**match, "plans": {"asked": asked, "mentioned": mentioned}},
            )
        limits += [item for item in limited if item not in limits]
    if limits and not asked and not plan_decided and _EVERY_PLAN_ASKED.search(folded):
        # "Does every subscription tier include an uptime SLA?" against "on Meridian only".
        aspect, attributes = "denied", (f"not on every plan: {limit_text(limits)}",)
        match = {**match, "aspect": aspect, "plans": {"every": True, "only": limits}}
        plan_decided = True
    on_by_default = all(c.conditions.get("default", "enabled") == "enabled" for c in found.claims)
    if (
        plans_met
        and not plan_decided
        and (aspect in ("members", "status") or (aspect == "default" and on_by_default))
    ):
        # "What uptime do you commit to on the Scale plan?" against a claim limited to the
        # Growth and Scale plans and to nothing else: on the plan asked, it holds.
        named = ", ".join(name.title() for name in asked)
        held = f"it holds on the {named} plan"
        if any(c.conditions.get("default") == "requires-configuration" for c in found.claims):
            held = f"it is included in the {named} plan; the customer turns it on"
        aspect, attributes = "stated", ("yes", held)
        match = {**match, "plans": {"asked": asked, "met": True}}
        plan_decided = True
    confidence = round(min(0.9, 0.6 + 0.3 * found.score), 2)
    return answer_from_claims(
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
        limit=(limit_text(limits) if limits and not plan_decided else "") or condition,
    )


# "Is a DPA part of your standard terms, or does it need separate negotiation?": the second
# half offers the other answer about the same thing ("it", "one"); the first half is asked.
_ALTERNATIVE = re.compile(
    r",? or (?:does|do|must|will|would|is|are|can|should) (?:it|one|they|this|there|we)\b[^?]*\?$"
)

# "Does every subscription tier include…", "on all plans?": asked of every plan at once.
_EVERY_PLAN_ASKED = re.compile(
    r"\b(?:every|all|each) (?:of (?:the|your) )?(?:subscription |pricing |service )?"
    r"(?:plans?|tiers?|editions?|subscriptions?|packages?)\b"
)

# "Can we configure / set / shorten …": the customer choosing a value, not the fact itself.
_ASKS_TO_SET = re.compile(
    r"\bcan (?:we|customers|users|i|admins?|administrators?|our \w+) (?:configure|set|adjust|"
    r"change|customi[sz]e|shorten|lengthen|extend|choose|define|tailor|modify)\b"
)
_SETTABLE = re.compile(
    r"\b(?:configur\w*|set|sets|setting|settings|adjust\w*|chang\w*|shorten\w*|extend\w*|"
    r"lengthen\w*|choos\w*|chose|chosen|choice|customi[sz]\w*|custom|select\w*|options?|"
    r"between \d|"
    r"from \d+ to \d+|up to \d+|any period|can be set|may set)\b"
)


def _settable(claim: ClaimRecord, ideas: set[str]) -> bool:
    """True when a sentence of the claim that speaks of the question's detail says the
    customer can set it ("admins can shorten the period to 30 days", "configurable from 7 to
    365 days"), or a list attribute gives the options."""
    detail = ideas - _title_ideas(claim)
    for sentence in re.split(r"(?<=[.;!?])\s+", claim.statement):
        spoken = {stem(word) for word in re.findall(r"[a-z0-9][a-z0-9'-]*", fold(sentence))}
        if places_with_cities(fold(sentence)):  # a choice among places speaks of each place
            spoken |= {idea for idea in detail if places_with_cities(idea)}
        if _SETTABLE.search(fold(sentence)) and (not detail or detail & spoken):
            return True
    return any(
        re.search(r"configur|option|choice|range|shorter|longer|adjustable|settable", name)
        for name in (claim.conditions.get("attributes") or {})
    )


_ONLY_FOR = re.compile(
    r"\bonly (to|for|on|in|with|at)\b|\bexclusive(ly)? (to|for|on)\b|"
    r"\b(offered|available|provided|included) only\b"
)

# Aspects whose answer a sentence about the question's detail may settle instead of the
# claim's status.
_DETAIL_ASPECTS = frozenset({"status", "available", "members"})

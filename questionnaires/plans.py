"""Plans, tiers and editions, read from the wording of claims and questions, for every vendor.

A claim may state a fact "only on the Enterprise plan" or "for Dedicated-tier databases"; a
question may name a plan ("on the Starter tier"). Nothing about a vendor's plans is code:
their names are read from the claims' own sentences. The rules (applied by the auto-fill
engine to answers found by coverage):

- a question that names no plan, answered by a claim limited to some plans, is at most
  ``partial`` and names the limit;
- a question naming a plan a claim is limited to is answered as usual;
- a question naming a plan that an "only" claim leaves out is ``no``;
- a question naming a plan that a claim does not mention, while the claim speaks of other
  plans, is ``unknown``: the knowledge base says nothing about that plan.
"""

import re
from collections.abc import Callable, Iterable
from functools import lru_cache

from models.kb.claims import ClaimRecord
from questionnaires import vocabulary
from questionnaires.coverage import clauses, sentences, title_ideas
from questionnaires.regions import places_named, places_with_cities
from questionnaires.terms import attribute_ideas, spoken_ideas, stem
from questionnaires.text import normalise

_KIND = r"(?:plans?|tiers?|editions?|subscriptions?|packages?)"
_NAME = r"[a-z][a-z0-9+]*"
_NAMES = rf"{_NAME}(?:(?:,| and| or|,? and|,? or) (?:the )?{_NAME})*"
# "Business and Enterprise plans", "the Dedicated tier", "Dedicated-tier databases".
_MENTION = re.compile(rf"\b(?:the )?({_NAMES})[\s-]{_KIND}\b")
_NAMED = re.compile(
    r"\b([A-Z][A-Za-z0-9+]*(?:(?:,|,? and|,? or) (?:the )?[A-Z][A-Za-z0-9+]*)*)"
    r"[\s-](?:plans?|tiers?|editions?|subscriptions?|packages?)\b"
)
# Limits: "only on the Enterprise plan", "available on Business and Enterprise plans only",
# "Enterprise plan only", "limited to the Dedicated tier", "for Dedicated-tier … only".
_ONLY = re.compile(
    rf"\bonly (?:on|for|with|in|to|under) (?:the |an? )?({_NAMES})[\s-]{_KIND}\b|"
    rf"\b({_NAMES})[\s-]{_KIND} only\b|"
    rf"\b(?:exclusive to|restricted to|limited to|reserved for) (?:the |an? )?({_NAMES})"
    rf"[\s-]{_KIND}\b"
)
# Availability stated for named plans: "SSO is available on the Business and Enterprise
# plans" limits the fact as "only" does; "is not available on the Solo or Practice plans"
# names where it is not.
_AVAILABLE_ON = re.compile(
    rf"\b(?<!\bnot )(?<!\bnever )(?:is |are )?(?:available|offered|included|supported|provided) "
    rf"(?:on|in|for|with|to) "
    rf"(?:the )?({_NAMES})[\s-]{_KIND}\b"
)
# "SCIM is not available on the Starter or Professional plans": plans a fact does not hold on.
_NOT_AVAILABLE_ON = re.compile(
    rf"\b(?:not|never) (?:be )?(?:available|offered|included|supported|provided) "
    rf"(?:on|in|for|with|to) (?:the )?({_NAMES})[\s-]{_KIND}\b"
)
# An attribute that lists the plans a claim holds for.
_PLANS_ATTRIBUTE = re.compile(r"^(available_|eligible_|supported_)?(plans|tiers|editions)$")
_SPLIT = re.compile(r",\s*(?:and |or )?|\s+(?:and|or)\s+|\bthe\s+")
PLAN_WORDS = frozenset(
    stem(word)
    for word in (
        "plan",
        "tier",
        "edition",
        "subscription",
        "package",
        "only",
        "limited",
        "restricted",
        "exclusive",
        "reserved",
        "offered",
        "included",
        "customers",
        "users",
        # How a plan limit is sold: "a paid add-on to the Enterprise plan only".
        "paid",
        "add-on",
        "add",
        "addon",
        "purchase",
        "extra",
        "fee",
    )
)
# Words that stand before "plan" without naming one ("a paid plan", "every plan").
_NOT_NAMES = frozenset(
    """a an the any all every each our your their its this that which what same
    other higher lower current new paid free-of-charge""".split()
)


def _names(found: str) -> list[str]:
    return [
        name
        for part in _SPLIT.split(found)
        if (name := part.strip()) and name not in _NOT_NAMES and not name.isdigit()
    ]


def mentioned_plans(text: str) -> list[str]:
    """Return the plan names a (normalised) text mentions with a plan word."""
    names: list[str] = []
    for found in _MENTION.finditer(text):
        for name in _names(found.group(1)):
            if name not in names:
                names.append(name)
    return names


def named_plans(text: str) -> list[str]:
    """Return the plans a text as written names: a capitalised name before a plan word
    ("the Business and Enterprise plans", "Dedicated-tier"), not "a disaster recovery plan"."""
    names: list[str] = []
    for found in _NAMED.finditer(text):
        for name in _names(found.group(1).lower()):
            if name not in names:
                names.append(name)
    return names


def claim_plans(claim: ClaimRecord) -> list[str]:
    """Return every plan a claim mentions: in its statement, its scope, or an attribute
    whose name speaks of plans (``not_available_on_plans: ["starter"]``)."""
    texts = [claim.statement, *map(str, claim.conditions.get("scope") or [])]
    names = named_plans(" . ".join(texts))
    for name, value in (claim.conditions.get("attributes") or {}).items():
        if re.search(r"plan|tier|edition", name) and isinstance(value, list):
            names += [item for v in value if (item := normalise(str(v)).strip()) not in names]
    return names


def limit_for(
    claim: ClaimRecord,
    ideas: set[str],
    fold: Callable[[str], str] = normalise,
    known: set[str] | None = None,
    question: str = "",
) -> list[tuple[str, str]]:
    """Return the plans a claim limits the asked fact to: an "only on the X plan" clause
    that speaks of nothing beyond the question's ideas and the claim's title ("SAML SSO is
    available only on the Enterprise plan" limits a question on SAML; "Custom roles are
    available only on Enterprise" does not limit one on role-based access in general).

    Args:
        claim: The claim that answers.
        ideas: The question's ideas (stems) that the claim covers.
        fold: The vendor's language fold, so the sentence reads as the question does.
        known: Every plan the vendor's claims name; given it, an attribute listing some of
            them (``plans: ["business", "enterprise"]``) limits the claim too.
        question: The question; a limit on places it does not name does not apply to it.
    """
    patterns = (_ONLY, _AVAILABLE_ON, *(_known_only(frozenset(known)) if known else ()))
    names = _plans_in_clauses(claim, ideas, fold, known, question, patterns)
    if names or known is None:
        return names
    own = _own_plans(claim, ideas, known, question)
    if own:
        # ``scim_plans: ["Enterprise"]`` beside ``sso_plans``: the list of the feature asked.
        return own
    for name, value in (claim.conditions.get("attributes") or {}).items():
        if _PLANS_ATTRIBUTE.match(name) and isinstance(value, list) and value:
            listed = [normalise(str(item)).strip() for item in value]
            if known - set(listed) and set(listed) <= known:
                # The claim holds for some of the vendor's plans only.
                kind = name.removeprefix("available_").removeprefix("eligible_")
                kind = kind.removeprefix("supported_").rstrip("s")
                names += [(item, kind) for item in listed]
    scope = [normalise(str(item)).strip() for item in claim.conditions.get("scope") or []]
    scope = [item.removesuffix(" plan").removesuffix(" plans").strip() for item in scope]
    if not names and scope and set(scope) <= known and known - set(scope):
        # A scope that lists plans only ("scope": ["Growth", "Enterprise"]) limits the claim.
        names += [(item, "plan") for item in scope]
    return names


def excluded_plans_for(
    claim: ClaimRecord,
    ideas: set[str],
    fold: Callable[[str], str] = normalise,
    known: set[str] | None = None,
    question: str = "",
) -> list[str]:
    """Return the plans a claim says the asked fact is not available on ("SCIM is not
    available on the Starter or Professional plans"), read as :func:`limit_for` reads its
    limits: only a clause that speaks of nothing beyond the question's ideas counts."""
    patterns = (_NOT_AVAILABLE_ON, *((_known_not(frozenset(known)),) if known else ()))
    found = _plans_in_clauses(claim, ideas, fold, known, question, patterns)
    return [name for name, _kind in found]


def _plans_in_clauses(
    claim: ClaimRecord,
    ideas: set[str],
    fold: Callable[[str], str],
    known: set[str] | None,
    question: str,
    patterns: tuple[re.Pattern[str], ...],
) -> list[tuple[str, str]]:
    """Return the plans (and the word for them) that ``patterns`` find in the claim's
    clauses speaking of nothing beyond the question's ideas and the claim's title."""
    names: list[tuple[str, str]] = []
    title = title_ideas(claim, fold)
    wanted_places = places_with_cities(fold(question))
    for clause in clauses(claim.statement):
        text = fold(clause)
        named = places_with_cities(text)
        if named and not named & wanted_places:
            # "The EU and Australia regions are … Business only", asked about the US; "The
            # Toronto region is available on Growth", asked for every location.
            continue
        # Plan names are read unfolded: the lexicon would read a "Federation" plan as SSO.
        limits = [
            (name, _kind_of(found.group(0)))
            for pattern in patterns
            for found in pattern.finditer(normalise(clause))
            for name in _names(next(group for group in found.groups() if group))
        ]
        if not limits:
            continue
        plan_words = {stem(word) for name, _kind in limits for word in name.split()}
        if known:
            # The vendor's plan names say nothing of the fact: taken out before the lexicon
            # folds the clause (it would read a "Federation" plan as SSO).
            sold = "|".join(sorted(map(re.escape, known), key=len, reverse=True))
            text = fold(re.sub(rf"\b(?:{sold})\b", " ", normalise(clause)))
        about = spoken_ideas(_without_detail(text, ideas)) - plan_words - PLAN_WORDS
        if known is not None:
            limits = [limit for limit in limits if limit[0] in known]
        if limits and about and about <= ideas | title:
            names += [limit for limit in limits if limit not in names]
    return names


# "An Australia (Sydney) region": what a parenthesis adds is detail of what it follows.
_PARENTHESIS = re.compile(r"\([^)]*\)")
# "99.9% monthly availability": how a figure is measured is detail of the figure.
_PERIOD = re.compile(r"\b(?:hourly|daily|weekly|monthly|quarterly|yearly|annual)\b")
# "SAML 2.0 or OpenID Connect": an alternative beside the one asked.
_ALTERNATIVE_OF = re.compile(r"\b([a-z][\w-]*)(?: [\d.]+)? or ((?:[a-z][\w-]* ){0,2}[a-z][\w-]*)")


def _without_detail(text: str, ideas: set[str]) -> str:
    """Return a limit clause without what does not change what it limits: parentheses, and
    an alternative "or …" beside an idea the question asks about ("SSO with SAML 2.0 or
    OpenID Connect is available on the Plus plan" limits SAML SSO)."""
    text = _PERIOD.sub(" ", _PARENTHESIS.sub(" ", text))

    def keep_asked(found: re.Match[str]) -> str:
        return found.group(1) if stem(found.group(1)) in ideas else found.group(0)

    return _ALTERNATIVE_OF.sub(keep_asked, text)


# "scim_plans", "sso_tiers": the plans of one feature a claim speaks of.
_FEATURE_PLANS = re.compile(r"^(?P<feature>[a-z0-9_]+?)_(?P<kind>plan|tier|edition)s$")


def _own_plans(
    claim: ClaimRecord, ideas: set[str], known: set[str], question: str = ""
) -> list[tuple[str, str]]:
    """Return the plans listed by attributes named for a feature the question asks about
    (``scim_plans`` for a question on SCIM), the plans all of them share when several are.
    A place in the name (``canada_region_plans``) is asked about when the question names it."""
    asked_places = places_with_cities(normalise(question))
    if asked_places & set(vocabulary.EU_MEMBER_STATES):
        asked_places.add("eu")  # a plan without the EU region has none of its countries
    shared: list[str] | None = None
    kind = "plan"
    for name, value in (claim.conditions.get("attributes") or {}).items():
        found = _FEATURE_PLANS.match(name)
        if found is None or not isinstance(value, list) or not value:
            continue
        parts = found.group("feature").split("_")
        negative = parts[0] in _NEGATIVE
        feature_parts = parts[1:] if negative else parts
        places = {_place_code(part) for part in feature_parts} - {None}
        if places and places <= asked_places:
            # ``canada_region_plans`` asked "Can our account be hosted in Canada?"
            feature_parts = [
                part for part in feature_parts if _place_code(part) is None and part not in _SITING
            ] or ["region"]
            ideas = ideas | {stem("region")}
        elif places:
            continue
        feature = attribute_ideas("_".join(feature_parts))
        if not feature or feature & _NOT_FEATURES or not feature <= ideas:
            continue
        listed = [normalise(str(item)).strip() for item in value]
        if not set(listed) <= known:
            continue
        if negative:
            # ``no_sla_plans: ["Starter", "Growth"]``: the feature holds on the other plans.
            listed = sorted(known - set(listed))
        kind = found.group("kind")
        shared = listed if shared is None else [item for item in shared if item in listed]
    if not shared or not known - set(shared):
        return []
    return [(item, kind) for item in shared]


_NEGATIVE = frozenset({"no", "not", "without", "excluded", "unavailable", "unsupported"})
# Words that say where data sits, beside a place in an attribute's name ("uk_region_plans").
_SITING = frozenset({"region", "regions", "hosting", "hosted", "residency", "location", "data"})


def _place_code(part: str) -> str | None:
    """Return the place an attribute name's part names ("canada" → "ca", "uk"), or None."""
    named = places_named(part)
    return next(iter(sorted(named)), None) if named else None


_NOT_FEATURES = frozenset(
    stem(word) for word in ("available", "eligible", "supported", "excluded", "not", "other")
)


@lru_cache(maxsize=64)
def _known_only(known: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Limits that name the vendor's plans without the word "plan": "on Enterprise only",
    "only on Business and Enterprise"."""
    name = "|".join(sorted(map(re.escape, known), key=len, reverse=True))
    names = rf"(?:{name})(?:(?:,| and| or|,? and|,? or) (?:the )?(?:{name}))*"
    return (
        re.compile(rf"\bonly (?:on|for|with|in|to|under) (?:the )?({names})\b(?![\s-]{_KIND})"),
        # "only on the Fleet Plus plan": a name of two words before the word "plan"
        re.compile(rf"\bonly (?:on|for|with|in|to|under) (?:the )?({names})[\s-]{_KIND}\b"),
        re.compile(rf"\b(?:on|for|in) (?:the )?({names}) only\b"),
        # "available on the Storefront Plus and Collective plans": names of two words too
        re.compile(
            rf"\b(?<!\bnot )(?<!\bnever )(?:is |are )?(?:available|offered|included|supported|"
            rf"provided) (?:on|in|for|with|to) (?:the )?({names})[\s-]{_KIND}\b"
        ),
    )


@lru_cache(maxsize=64)
def _known_not(known: frozenset[str]) -> re.Pattern[str]:
    """Return the pattern of "not available on the Storefront or Storefront Plus plans"
    for the vendor's own plan names, which may be two words."""
    name = "|".join(sorted(map(re.escape, known), key=len, reverse=True))
    names = rf"(?:{name})(?:(?:,| and| or|,? and|,? or) (?:the )?(?:{name}))*"
    # "available only on the Fleet Plus plan, not on Starter or Fleet": the short form too.
    return re.compile(
        rf"\b(?:not|never) (?:be )?(?:(?:available|offered|included|supported|provided) )?"
        rf"(?:on|in|for|with|to) (?:the )?({names})\b"
    )


def _kind_of(text: str) -> str:
    found = re.search(r"plan|tier|edition|subscription|package", text)
    return found.group(0) if found else "plan"


def limit_text(limits: list[tuple[str, str]]) -> str:
    """Return how an answer names a limit: "only on the Business or Enterprise plan"."""
    kind = limits[0][1]
    names = list(dict.fromkeys(name.title() for name, _kind in limits))
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"
    return f"only on the {joined} {kind}"


def asked_plans(folded: str, known: set[str]) -> list[str]:
    """Return the vendor's plans a question names ("on the Starter tier")."""
    found = [name for name in mentioned_plans(folded) if name in known]
    # "the Multi-Site plan", "Storefront Plus plan": a name of the vendor's of more than one word
    found += [
        name
        for name in sorted(known)
        if name not in found
        and re.search(r"[\s-]", name)
        and re.search(rf"\b{re.escape(name)}[\s-]{_KIND}\b", folded)
    ]
    found = [
        name
        for name in found
        if not any(name != other and name in other.split() for other in found)
    ]
    return found + [
        name
        for name in sorted(known)
        if name not in found
        and re.search(rf"\b{re.escape(name)} (customers?|users|accounts|subscribers)\b", folded)
    ]


_EVERY_PLAN = re.compile(
    r"\b(?:every|all|any|each) (?:of (?:the|our) )?(?:plans?|tiers?|editions?)\b"
)


def speaks_of_plans(claim: ClaimRecord, known: Iterable[str] = ()) -> bool:
    """True when a claim names plans, or says its fact holds on every plan, or names one of
    the vendor's ``known`` plans as a name ("available on Studio and Atlas")."""
    if claim_plans(claim) or _EVERY_PLAN.search(normalise(claim.statement)):
        return True
    return any(re.search(rf"\b{re.escape(name.title())}\b", claim.statement) for name in known)


# "Sold as Draft, Studio and Atlas", "sold on the Launch, Scale and Enterprise plans",
# "offered in Free, Standard and Dedicated tiers": a vendor summary naming its plans.
_SOLD_AS = re.compile(
    r"\b(?i:sold|offered|licensed|priced)(?: to [\w -]{1,40}?)? (?:as|on|in)"
    r"(?: the| two| three| four| five)?(?: (?i:plans|tiers|editions|packages)[,:]?)? \(?"
    # A name may be two capitalised words ("Storefront Plus").
    r"((?:[A-Z][\w-]*(?: [A-Z][\w-]*)?(?:, | and | or |, and ))+[A-Z][\w-]*(?: [A-Z][\w-]*)?)"
)


def summary_plans(summary: str) -> set[str]:
    """Return the plan names a vendor's summary lists after "sold as" or "offered on"."""
    return {
        name
        for found in _SOLD_AS.finditer(summary)
        for name in _names(found.group(1).lower())
        if not places_named(name)
    }


def vendor_plans(claims: list[ClaimRecord]) -> set[str]:
    """Return every plan name the vendor's claims mention."""
    return {name for claim in claims for name in claim_plans(claim)}


def plans_beside(
    claim: ClaimRecord,
    ideas: set[str],
    fold: Callable[[str], str] = normalise,
    weights: dict[str, float] | None = None,
) -> list[str] | None:
    """Return the plans named in the sentences that speak most of the question's detail, or
    None when one of them names no plan (its fact holds for every plan).

    "Dedicated-tier Postgres … states an RTO of 1 hour" names the Dedicated tier beside the
    RTO: a question on the Standard tier's RTO is not answered by it."""
    title = title_ideas(claim, fold)
    detail = ideas - title - PLAN_WORDS
    if not detail:
        return None
    scored: list[tuple[float, list[str]]] = []
    for sentence in sentences(claim.statement):
        text = fold(sentence)
        # An idea few of the vendor's claims speak of ("rto") says more than a common one
        # ("databases") which sentence the question is about.
        overlap = sum(
            (weights or {}).get(idea, 1.0) for idea in (ideas - PLAN_WORDS) & spoken_ideas(text)
        )
        if overlap:
            scored.append((overlap, named_plans(sentence)))
    if not scored:
        return None
    best = max(overlap for overlap, _plans in scored)
    names: list[str] = []
    for overlap, plans in scored:
        if overlap < best:
            continue
        if not plans:
            return None
        names += [name for name in plans if name not in names]
    return names


def gated_by_plan_only(
    claim: ClaimRecord, plans: set[str], folded: str, ignored: frozenset[str] = frozenset()
) -> bool:
    """True when a plan is all that stands between the customer and the claim: it is
    ``yes-gated``, public, on by default, and its scope names plans only (or what the question
    names). A
    feature the customer turns on also counts when the question asks whether the plan
    includes it ("Is SSO included in the Fleet Plus plan?")."""
    conditions = claim.conditions
    default = conditions.get("default", "enabled")
    if default == "requires-configuration" and _INCLUDED_ASKED.search(folded):
        default = "enabled"
    scope = [
        normalise(str(item)).strip().removesuffix(" plans").removesuffix(" plan")
        for item in conditions.get("scope") or []
    ]
    return (
        claim.status == "yes-gated"
        and conditions.get("access", "public") == "public"
        and default == "enabled"
        # Beside plans, the scope may name what the question asks about ("Saltmarsh Payline").
        and all(item in plans or _named_in(item, folded, ignored) for item in scope)
    )


def _named_in(item: str, folded: str, ignored: frozenset[str]) -> bool:
    """True when the question names a scope item ("Saltmarsh Payline", "inbound attachments"
    asked of "attachment detonation"): a word of it beyond the vendor's own name."""
    wanted = {stem(word) for word in item.split() if word not in ignored and len(word) > 3}
    return bool(wanted & {stem(word) for word in re.findall(r"[a-z0-9-]+", folded)})


_INCLUDED_ASKED = re.compile(r"\b(?:included|available|offered|supported|part of)\b")

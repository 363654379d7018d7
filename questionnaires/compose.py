"""Composing an answer from claims: the verdict from status and conditions, the text with the
facts and their numbers, the watch-outs as flags, and citations with evidence and dates.

The verdict follows the contract in DESIGN.md: ``yes`` only when the claim holds by default
with nothing for the customer to arrange; ``partial`` when approval, a contract, configuration,
a limited scope or gated evidence stands between; ``no`` when the knowledge base shows the
vendor does not; ``unknown`` when it cannot decide. Superseded claims are followed to the claim
that replaced it and never cited as current.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from models.claims import ClaimRecord
from questionnaires import vocabulary
from questionnaires.text import compact, normalise

_REGIONS = tuple(
    (code, re.compile("|".join(rf"\b{re.escape(place)}\b" for place in names)))
    for code, names in vocabulary.REGION_NAMES.items()
)
_OTHER_PLACES = tuple((place, re.compile(rf"\b{place}\b")) for place in vocabulary.OTHER_PLACES)
_EU_MEMBERS = tuple((place, re.compile(rf"\b{place}\b")) for place in vocabulary.EU_MEMBER_STATES)
_ANY_PLACE = re.compile("|".join(rf"\b{re.escape(place)}\b" for place in vocabulary.PLACES))
RANK = {"yes": 0, "partial": 1, "no": 2, "unknown": 3}
LEAD = {"yes": "Yes", "partial": "Partially", "no": "No", "unknown": "Unknown"}
FLIP = {"yes": "no", "no": "yes", "partial": "partial", "unknown": "unknown"}


@dataclass(frozen=True)
class VendorInfo:
    """What answers say about the vendor."""

    slug: str
    name: str
    product: str
    trust_portal_url: str | None
    features: tuple[str, ...] = ()


@dataclass
class Composed:
    """A verdict with the text, citations and flags that support it."""

    verdict: str
    text: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


def current_claim(claims: dict[str, ClaimRecord], key: str) -> ClaimRecord | None:
    """Return the claim for ``key``, following superseded claims to the one that stands."""
    claim = claims.get(key)
    seen = set()
    while claim is not None and claim.superseded_by and claim.key not in seen:
        seen.add(claim.key)
        claim = claims.get(claim.superseded_by)
    return claim


def status_verdict(claim: ClaimRecord) -> str:
    """Return the verdict a claim gives on its own, from its status and conditions."""
    conditions = claim.conditions
    if claim.status == "no":
        return "no"
    if claim.status == "unclear":
        return "unknown"
    if claim.status == "yes-gated":
        return "partial"
    if conditions.get("access", "public") != "public":
        return "partial"
    if conditions.get("default", "enabled") != "enabled":
        return "partial"
    return "yes"


def condition_text(claim: ClaimRecord, vendor: VendorInfo) -> str:
    """Return the conditions that stand between the customer and the claim, in words."""
    conditions = claim.conditions
    attributes = conditions.get("attributes") or {}
    parts = []
    default = conditions.get("default", "enabled")
    if default == "requires-approval":
        parts.append(
            f"it needs {vendor.name}'s approval (requested and reviewed, not on by default)"
        )
    elif default == "requires-configuration":
        if attributes.get("must_be_executed_by_customer"):
            parts.append("it applies only once the customer executes it")
        elif attributes.get("incorporated_in"):
            parts.append(
                f"it applies only once the customer executes the {attributes['incorporated_in']}"
            )
        else:
            parts.append("it is not on by default: the customer must enable and configure it")
    access = conditions.get("access", "public")
    if access == "trust-portal":
        where = vendor.trust_portal_url or "the vendor's trust portal"
        parts.append(f"the evidence is gated: it needs an active trust-portal account ({where})")
    elif access == "sales-contract":
        parts.append(f"it is arranged with {vendor.name} under a contract")
    scope = conditions.get("scope") or []
    if claim.status == "yes-gated" and scope:
        parts.append("scope: " + ", ".join(map(str, scope)))
    return "; ".join(parts)


def _fact_value(value: Any) -> str | None:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return ", ".join(map(str, value))
    return None


def facts_text(claim: ClaimRecord) -> str:
    """Return the claim's attributes as "name: value" facts (numbers, lists, yes/no)."""
    facts = []
    for name, value in (claim.conditions.get("attributes") or {}).items():
        shown = _fact_value(value)
        if shown is not None and not str(shown).startswith("http"):
            facts.append(f"{name.replace('_', ' ')}: {shown}")
    return "; ".join(facts)


def _with_details(claim: ClaimRecord) -> str:
    """Return the statement, followed by the recorded facts it does not already state."""
    said = claim.statement.lower()
    extra = []
    for name, value in (claim.conditions.get("attributes") or {}).items():
        shown = _fact_value(value)
        if shown is None or shown.startswith("http") or isinstance(value, bool):
            continue
        if shown.lower() in said:
            continue
        extra.append(f"{name.replace('_', ' ')} {shown}")
    if not extra:
        return claim.statement
    return f"{claim.statement} Also recorded: {'; '.join(extra)}."


def _as_of(claim: ClaimRecord) -> str:
    return claim.as_of.isoformat() if claim.as_of else "undated"


def citation(claim: ClaimRecord) -> dict[str, Any]:
    """Return the citation of one claim: key, first evidence URL, as-of date, title."""
    urls = [item.url for item in claim.evidence]
    return {
        "claim": claim.key,
        "url": urls[0] if urls else None,
        "as_of": _as_of(claim),
        "title": claim.title,
        "evidence": urls,
    }


def claim_flags(claim: ClaimRecord, all_claims: dict[str, ClaimRecord], today: date) -> list[str]:
    """Return the watch-outs a reviewer must see when this claim is cited."""
    flags = []
    if claim.watch_out:
        flags.append(claim.watch_out)
    if claim.as_of is None:
        flags.append(f"{claim.title}: its only source is undated")
    elif claim.is_stale(today):
        flags.append(f"{claim.title}: as of {claim.as_of.isoformat()}, more than a year old")
    if any(item.changed for item in claim.evidence):
        flags.append(f"{claim.title}: evidence changed since it was last reviewed")
    if claim.conditions.get("attributes", {}).get("needs_human_verification"):
        flags.append(f"{claim.title}: needs checking by a person")
    for old_key in claim.supersedes:
        old = all_claims.get(old_key)
        when = _as_of(old) if old else "older"
        named = old.title if old else "an older claim"
        flags.append(f"{claim.title} replaces {named} ({when}); older documents may differ")
    return flags


def _attribute_verdict(claim: ClaimRecord, names: tuple[str, ...]) -> tuple[str, str]:
    attributes = claim.conditions.get("attributes") or {}
    facts = []
    truth = []
    for name in names:
        negated = name.startswith("!")
        bare = name.lstrip("!")
        if bare not in attributes or not isinstance(attributes[bare], bool):
            return "unknown", f"the knowledge base does not record {bare.replace('_', ' ')}"
        value = attributes[bare]
        facts.append(f"{bare.replace('_', ' ')}: {'yes' if value else 'no'}")
        truth.append((not value) if negated else value)
    joined = "; ".join(facts)
    return ("yes" if any(truth) else "no"), joined[:1].upper() + joined[1:]


def _members_verdict(
    claim: ClaimRecord, question: str, vendor: VendorInfo
) -> tuple[str, str] | None:
    """Decide a question naming list members (regions, endpoints, excluded models)."""
    attributes = claim.conditions.get("attributes") or {}
    folded = normalise(question)
    squeezed = compact(folded)
    for name, values in attributes.items():
        if not isinstance(values, list) or not name.startswith("excluded"):
            continue
        hits = [str(value) for value in values if compact(str(value)) in squeezed]
        if hits:
            return "no", f"{', '.join(hits)}: {name.replace('_', ' ')}"
    for name, values in attributes.items():
        if not isinstance(values, list) or not name.startswith("eligible"):
            continue
        eligible = [compact(str(value)) for value in values]
        named = [feature for feature in vendor.features if re.search(rf"\b{feature}\b", folded)]
        outside = [
            feature
            for feature in named
            if not any(compact(feature.rstrip("s?")) in item for item in eligible)
        ]
        if outside:
            listed = ", ".join(map(str, values))
            return "no", f"{', '.join(outside)}: not among the {name.replace('_', ' ')} ({listed})"
    criteria = [str(item).lower() for item in claim.conditions.get("criteria") or []]
    if criteria:
        missing = [
            name
            for name in vocabulary.CRITERIA
            if re.search(rf"\b{name}\b", folded) and name not in criteria
        ]
        if missing:
            return (
                "no",
                f"{', '.join(missing)}: not among the criteria covered ({', '.join(criteria)})",
            )
    regions = region_list(claim)
    if regions is not None:
        offered = regions
        if not _ANY_PLACE.search(folded):
            return None
        asked = [code for code, pattern in _REGIONS if pattern.search(folded)]
        outside = [
            place
            for place, pattern in _OTHER_PLACES
            if pattern.search(folded) and place not in offered
        ]
        within = [place for place, pattern in _EU_MEMBERS if pattern.search(folded)]
        if within and not outside:
            return (
                "unknown",
                f"{', '.join(within).title()}: within a listed region (eu), but whether data "
                f"stays in that country is not stated",
            )
        missing = [code for code in asked if code not in offered]
        if outside or missing:
            named = ", ".join([*outside, *missing])
            return "no", f"{named.title()} is not among the regions offered ({', '.join(offered)})"
        others = [code for code in offered if code not in asked]
        if asked and others and _ONLY_OFFERED.search(folded):
            # "Is the US the only hosting region offered?" against a longer list.
            return "no", f"{', '.join(others).upper()} is offered as well ({', '.join(offered)})"
        if asked:
            return None
    return None


# The question asks whether the places it names are all that is offered.
_ONLY_OFFERED = re.compile(
    r"\bthe only\b[^?.]{0,40}\b(regions?|locations?|options?|choices?)\b|"
    r"\bonly (regions?|locations?|options?)\b|\bonly (offered|available|provided)\b|"
    r"\b(offered|available|provided) only\b|\bsole (region|location|option)"
)


def _region_code(value: str) -> str | None:
    """Return the region a listed value names: a code or name ("EU", "Canada"), a cloud
    region code ("eu-central-1", "us-oregon"), or a name with its city ("EU (Frankfurt)",
    "United States (Oregon)"), the city alone ("Sydney"). None when it names no region."""
    folded = normalise(value)
    for part in (folded, _PARENTHESES.sub("", folded).strip(), *_PARENTHESES.findall(folded)):
        part = part.strip(" ()")
        if part in vocabulary.REGION_NAMES:
            return part
        for code, names in vocabulary.REGION_NAMES.items():
            if part in names:
                return code
        if part in vocabulary.REGION_CITIES:
            return vocabulary.REGION_CITIES[part]
    raw = value.strip().lower()
    own = _OWN_SPELLING.match(raw)
    if own and own.group(2).replace("-", " ") in vocabulary.REGION_CITIES:
        return own.group(1)  # a vendor's "<region>-<city>" ("au-sydney", "us-oregon")
    for pattern, code in _CLOUD_REGIONS:
        found = pattern.search(raw)
        if found:
            return found.expand(code)
    return None


_PARENTHESES = re.compile(r"\(([^)]*)\)")
_OWN_SPELLING = re.compile(r"^(" + "|".join(vocabulary.REGION_NAMES) + r")-([a-z. -]+)$")
_CLOUD_REGIONS = tuple(
    (re.compile(pattern), code) for pattern, code in vocabulary.CLOUD_REGION_CODES
)


def region_list(claim: ClaimRecord) -> list[str] | None:
    """Return the region codes a claim lists: its ``regions`` attribute, or any list attribute
    whose every value names a region ("hosting_regions": ["US", "Canada"]); None when none."""
    attributes = claim.conditions.get("attributes") or {}
    candidates = [attributes["regions"]] if isinstance(attributes.get("regions"), list) else []
    candidates += [value for name, value in attributes.items() if name != "regions"]
    for values in candidates:
        if not isinstance(values, list) or not values:
            continue
        codes = [_region_code(str(value)) for value in values]
        if all(codes):
            return [code for code in codes if code]
    return None


def _forbidden_verdict(claim: ClaimRecord) -> tuple[str, str]:
    """The rule found the question asks about a practice the guidance forbids ("never …")."""
    for values in (claim.conditions.get("attributes") or {}).values():
        if not isinstance(values, list):
            continue
        for value in values:
            if str(value).lower().startswith("never"):
                return "no", f"{claim.title}: {value}"
    return "unknown", "the guidance does not address this use"


_CUSTOMER_ACTS = re.compile(r"customer|subscri|sign[- ]?up|opt[- ]?in|\benabl|configur")
_KEPT_UNTIL_DELETED = re.compile(r"\buntil\b.*\bdelet")
_STOP_WORDS = frozenset({"a", "an", "the", "of", "for", "to", "and", "or", "with", "by", "on"})


def _customer_arranged(claim: ClaimRecord, names: tuple[str, ...], base: str) -> tuple[str, str]:
    """A claim that holds, but whose part asked about is something the customer arranges
    (signs up for, subscribes to, enables): ``partial``, naming what the customer does."""
    attributes = claim.conditions.get("attributes") or {}
    for name in names:
        value = attributes.get(name)
        if isinstance(value, str) and _CUSTOMER_ACTS.search(value.lower()) and base == "yes":
            return "partial", f"the customer must arrange it ({name.replace('_', ' ')}: {value})"
    return base, ""


def _auto_deletion(claim: ClaimRecord, names: tuple[str, ...]) -> tuple[str, str]:
    """Asked whether data is deleted automatically (after some period): a claim that keeps it
    until the customer deletes it says no, whatever the period named."""
    attributes = claim.conditions.get("attributes") or {}
    for name in names:
        value = attributes.get(name)
        if isinstance(value, str) and _KEPT_UNTIL_DELETED.search(value.lower()):
            return "no", f"not deleted automatically: kept {value}"
    return "unknown", "the knowledge base does not record an automatic deletion period"


def _significant(text: str, vendor: VendorInfo) -> set[str]:
    words = set(re.findall(r"[a-z0-9-]+", normalise(text)))
    return words - _STOP_WORDS - {vendor.name.lower(), vendor.slug}


def _names_region(folded: str, code: str) -> bool:
    names = vocabulary.REGION_NAMES.get(code, (code,))
    return any(re.search(rf"(?<!non-)\b{re.escape(name)}\b", folded) for name in names)


def _qualifier_applies(qualifier: str, folded: str) -> bool:
    """Whether a requirement list qualified by its name (``non_us_requirements``) applies to
    the question: it names the qualifier ("non-US") or, for "non_<region>", only other
    regions. An unqualified list always applies."""
    if not qualifier:
        return True
    if compact(qualifier) in compact(folded):
        return True
    if qualifier.startswith("non_"):
        excluded = qualifier.removeprefix("non_")
        others = [code for code in vocabulary.REGION_NAMES if code != excluded]
        return not _names_region(folded, excluded) and any(
            _names_region(folded, code) for code in others
        )
    return False


def _requires_verdict(claim: ClaimRecord, question: str, vendor: VendorInfo) -> tuple[str, str]:
    """Asked whether something requires a named step: ``yes`` when the claim records it (its
    approval condition, or an item of a ``…requirements`` list the question names), when the
    list's qualifier (``non_us_requirements``) fits what is asked; otherwise not decided."""
    folded = normalise(question)
    asked = _significant(question, vendor)
    lists = {
        name.removesuffix("requirements").strip("_"): values
        for name, values in (claim.conditions.get("attributes") or {}).items()
        if name.endswith("requirements") and isinstance(values, list)
    }
    if lists and not any(_qualifier_applies(qualifier, folded) for qualifier in lists):
        return "unknown", "the recorded requirements apply to a case the question does not name"
    approval = claim.conditions.get("default") == "requires-approval"
    if re.search(r"\bapprov", folded) and approval:
        return "yes", condition_text(claim, vendor)
    for qualifier, values in lists.items():
        name = f"{qualifier}_requirements" if qualifier else "requirements"
        if not _qualifier_applies(qualifier, folded):
            continue
        for item in values:
            words = _significant(str(item), vendor)
            if words and len(words & asked) * 2 >= len(words):
                return "yes", f"{name.replace('_', ' ')}: {', '.join(map(str, values))}"
    return "unknown", "the knowledge base does not record this requirement"


# The customer declines a step ("without a ZDR amendment", "we do not want to sign…"): the
# words after it, up to the end of the clause (a comma ends it), name the step.
_DECLINES = re.compile(
    r"\b(without|(do|does|would|will) not (want|wish|intend|plan|agree) to|don't (want|wish|"
    r"intend|plan|agree) to|(not |un)willing to|refuse to|prefer not to|rather not|avoid(ing)?)"
    r"\b([^.?!;,]*)"
)


_ASKS_REQUIREMENT = re.compile(
    r"\b(does|do|is|are|will|would)\b[^.?!]*\b(requir|need|prerequisite|must)"
)


def declined_requirement(
    claim: ClaimRecord, question: str, vendor: VendorInfo
) -> tuple[str, str] | None:
    """Return ``("no", why)`` when the question asks for the claim without a step the claim
    records as required (its approval condition, or an item of a ``…requirements`` list whose
    qualifier fits the question), so the answer on those terms is no; otherwise None."""
    folded = normalise(question)
    declined = [found.group(found.lastindex or 0) for found in _DECLINES.finditer(folded)]
    if not declined:
        return None
    approval = claim.conditions.get("default") == "requires-approval"
    for clause in declined:
        if approval and re.search(r"\bapprov", clause):
            return "no", f"not on those terms: {condition_text(claim, vendor)}"
        asked = _significant(clause, vendor)
        for name, values in (claim.conditions.get("attributes") or {}).items():
            if not name.endswith("requirements") or not isinstance(values, list):
                continue
            qualifier = name.removesuffix("requirements").strip("_")
            if not _qualifier_applies(qualifier, folded):
                continue
            for item in values:
                words = _significant(str(item), vendor)
                if words and len(words & asked) * 2 >= len(words):
                    return "no", f"not on those terms: {name.replace('_', ' ')} include {item}"
    return None


def _self_service(claim: ClaimRecord, vendor: VendorInfo, base: str) -> tuple[str, str]:
    """Asked whether the customer can have it alone ("self-service", "without approval"):
    ``no`` when it needs the vendor's approval or a contract; ``yes`` when the customer can
    turn it on without either; gated evidence keeps its ``partial`` (an account is needed)."""
    conditions = claim.conditions
    access = conditions.get("access", "public")
    if base in ("no", "unknown"):
        return base, condition_text(claim, vendor)
    if conditions.get("default") == "requires-approval" or access == "sales-contract":
        return "no", condition_text(claim, vendor)
    if access != "public":
        return base, condition_text(claim, vendor)
    return "yes", condition_text(claim, vendor) or "no approval or contract is needed"


def exception_to_absolute(claim: ClaimRecord) -> str | None:
    """Return the exception a claim records ("longer if legally required"), if any.

    A conditional exception is a true yes/no attribute whose name reads "… if …"
    (``longer_if_legally_required``): an absolute ("under any circumstances") fails against it.
    """
    for name, value in (claim.conditions.get("attributes") or {}).items():
        if value is True and "_if_" in name:
            return name.replace("_", " ")
    return None


def decide(
    claim: ClaimRecord, aspect: str, question: str, attributes: tuple[str, ...], vendor: VendorInfo
) -> tuple[str, str]:
    """Return (verdict, explanation) for one claim and the aspect the question asks about."""
    base = status_verdict(claim)
    if base == "unknown":
        return "unknown", f"{claim.title}: the knowledge base marks this unclear"
    asks_requirement = aspect == "requires" and _ASKS_REQUIREMENT.search(normalise(question))
    if aspect in ("status", "members", "requires", "self-service") and not asks_requirement:
        # "Is it available without <a step it requires>?" ("does it require…?" is answered
        # as asked).
        declined = declined_requirement(claim, question, vendor)
        if declined is not None:
            return declined
    if aspect == "default":
        if claim.conditions.get("default", "enabled") == "enabled" and claim.status == "yes":
            return "yes", "on by default"
        return "no", condition_text(claim, vendor) or "it is not on by default"
    if aspect == "published":
        access = claim.conditions.get("access", "public")
        if access == "public" and claim.status in ("yes", "yes-gated"):
            conditions = condition_text(claim, vendor)
            # What the published text says holds; name what it takes for it to apply.
            return "yes", f"published (to apply: {conditions})" if conditions else "published"
        return base, condition_text(claim, vendor)
    if aspect == "gated-access":
        if claim.conditions.get("access", "public") == "public":
            return "yes", "publicly available"
        return "no", condition_text(claim, vendor)
    if aspect == "attribute":
        return _attribute_verdict(claim, attributes)
    if aspect in ("members", "available"):
        decided = _members_verdict(claim, question, vendor)
        if decided is not None:
            return decided
    if aspect == "forbidden":
        return _forbidden_verdict(claim)
    if aspect == "customer-arranged":
        verdict, why = _customer_arranged(claim, attributes, base)
        if why:
            return verdict, why
    if aspect == "auto-deletion":
        return _auto_deletion(claim, attributes)
    if aspect == "requires":
        return _requires_verdict(claim, question, vendor)
    if aspect == "self-service":
        return _self_service(claim, vendor, base)
    if aspect == "available":
        return _available(claim, vendor, base)
    if aspect == "excluded":
        return "no", f"it does not extend to {', '.join(attributes)}"
    if aspect == "stated":
        # A sentence of the statement states the default asked about (``(verdict, text)``).
        return (attributes[0], attributes[1]) if base != "unknown" else (base, "")
    if aspect == "denied":
        # One sentence of the statement denies the detail asked about.
        return ("no", attributes[0]) if base != "unknown" else (base, "")
    return base, condition_text(claim, vendor)


def _available(claim: ClaimRecord, vendor: VendorInfo, base: str) -> tuple[str, str]:
    """Asked whether a feature is supported or offered at all: one the customer only has to
    turn on is ``yes`` (naming the setting); approval, a contract or gated evidence keep
    their ``partial``."""
    conditions = claim.conditions
    if (
        claim.status in ("yes", "yes-gated")
        and conditions.get("access", "public") == "public"
        and conditions.get("default") == "requires-configuration"
    ):
        return "yes", "available; the customer turns it on (it is not on by default)"
    return base, condition_text(claim, vendor)


_DESCRIPTIVE = re.compile(
    r"^\W*(\d+[.)]\s*)?(how|which|what|who|whom|where|when|list|describe|provide|explain|"
    r"name|specify|outline|detail)\b",
    re.IGNORECASE,
)


def is_descriptive(question: str, answer_type: str = "yes-no") -> bool:
    """True when the question asks for facts ("How long…", "Which…") rather than yes/no."""
    return answer_type == "text" or _DESCRIPTIVE.search(question) is not None


def combine(verdicts: list[str], how: str) -> str:
    """Combine per-claim verdicts: ``worst`` keeps every condition, ``best`` any claim will do."""
    if not verdicts:
        return "unknown"
    if how == "best":
        known = [verdict for verdict in verdicts if verdict != "unknown"]
        return min(known, key=RANK.__getitem__) if known else "unknown"
    return max(verdicts, key=RANK.__getitem__)


def compose(
    question: str,
    cited: list[ClaimRecord],
    all_claims: dict[str, ClaimRecord],
    vendor: VendorInfo,
    *,
    aspect: str = "status",
    polarity: str = "direct",
    how: str = "worst",
    attributes: tuple[str, ...] = (),
    descriptive: bool = False,
    today: date | None = None,
    limit: str = "",
) -> Composed:
    """Compose the answer the cited claims give to ``question``.

    A descriptive question ("How long…", "Which…") is answered with the facts first: its
    text opens with the conditions, not with "Yes", while the verdict stays the same. A
    ``limit`` ("only on the Enterprise plan") makes a ``yes`` at most ``partial``.
    """
    today = today or date.today()
    question_text = normalise(question)
    decisions = [decide(claim, aspect, question, attributes, vendor) for claim in cited]
    if aspect in ("attribute", "auto-deletion") and any(
        verdict != "unknown" for verdict, _why in decisions
    ):
        # Only the claims that record the attribute decide; the others support the answer.
        decisions = [decision if decision[0] != "unknown" else ("", "") for decision in decisions]
    verdicts = [verdict for verdict, _why in decisions if verdict]
    verdict = combine(verdicts, how)
    if polarity == "inverse":
        # Each claim's reason is read in the question's sense too, so a "no" that answers
        # "yes" is not shown as a condition.
        verdict = FLIP[verdict]
        decisions = [(FLIP[found] if found else found, why) for found, why in decisions]
    if limit and verdict == "yes" and polarity == "direct":
        # The claim states the fact for some plans only ("only on the Enterprise plan").
        verdict = "partial"
        decisions = [("partial", limit), *(("", "") for _claim in cited[1:])]
    exceptions = [found for claim in cited if (found := exception_to_absolute(claim))]
    if (
        verdict in ("yes", "partial")
        and exceptions
        and re.search(vocabulary.ABSOLUTE, question_text)
    ):
        # "Never … under any circumstances" fails against a claim with a stated exception.
        verdict = "no"
        decisions = [("no", f"not under every circumstance: {', '.join(exceptions)}")]
        decisions += [("", "")] * (len(cited) - 1)
    reasons: list[tuple[str, str]] = []
    for (claim_verdict, why), claim in zip(decisions, cited, strict=True):
        if why and why not in (text for _verdict, text in reasons):
            reasons.append((claim_verdict, why if len(cited) == 1 else f"{claim.title}: {why}"))
    # The statements carry the facts with their numbers; recorded details they do not
    # already state follow as one plain sentence (never a bracketed dump of attributes).
    facts = " ".join(_with_details(claim) for claim in cited)
    dates = [claim.as_of for claim in cited if claim.as_of]
    as_of = f" (as of {max(dates).isoformat()})" if dates else " (undated sources)"
    lead = LEAD[verdict]
    if descriptive and verdict in ("yes", "partial"):
        lead = "" if verdict == "yes" else "Conditions apply"
    if not lead:
        conditional = [why for claim_verdict, why in reasons if claim_verdict not in ("yes", "")]
        opening = (
            f"Conditions on part of the evidence: {'; '.join(conditional)}." if conditional else ""
        )
    elif verdict == "yes":
        # A "yes" may rest on some claims while others carry conditions worth knowing.
        plain = [why for claim_verdict, why in reasons if claim_verdict in ("yes", "")]
        conditional = [why for claim_verdict, why in reasons if claim_verdict not in ("yes", "")]
        opening = f"{lead}: {'; '.join(plain)}." if plain else f"{lead}."
        if conditional:
            opening += f" Conditions on part of the evidence: {'; '.join(conditional)}."
    elif reasons:
        opening = f"{lead}: {'; '.join(why for _verdict, why in reasons)}."
    else:
        opening = f"{lead}."
    text = f"{opening} {facts}{as_of}".strip()
    flags: list[str] = []
    for claim in cited:
        for flag in claim_flags(claim, all_claims, today):
            if flag not in flags:
                flags.append(flag)
    return Composed(
        verdict=verdict,
        text=text,
        citations=[citation(claim) for claim in cited],
        flags=flags,
    )

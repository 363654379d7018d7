"""What one claim answers to the aspect a question asks about: plain status, on by default,
published, gated access, a yes/no attribute, list membership, a requirement, self-service,
exclusion, or a sentence that states or denies the detail (:func:`decide`).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from models.kb.claims import ClaimRecord
from models.verdicts import Aspect, Verdict, as_verdict
from questionnaires import vocabulary
from questionnaires.claim_facts import VendorInfo, condition_text, status_verdict
from questionnaires.coverage import sentence_ideas, sentences
from questionnaires.regions import names_region, places_with_cities, regions_verdict, spelt
from questionnaires.terms import attribute_ideas
from questionnaires.text import compact, normalise


def _attribute_verdict(claim: ClaimRecord, names: tuple[str, ...]) -> tuple[Verdict, str]:
    attributes = claim.conditions.get("attributes") or {}
    facts = []
    truth = []
    for name in names:
        negated = name.startswith("!")
        bare = name.lstrip("!")
        if bare not in attributes or not isinstance(attributes[bare], bool):
            return "unknown", f"the knowledge base does not record {bare.replace('_', ' ')}"
        value = attributes[bare]
        facts.append(
            _sentence_on(claim, bare) or f"{bare.replace('_', ' ')}: {'yes' if value else 'no'}"
        )
        truth.append((not value) if negated else value)
    joined = "; ".join(facts)
    return ("yes" if any(truth) else "no"), joined[:1].upper() + joined[1:]


def _sentence_on(claim: ClaimRecord, attribute: str) -> str | None:
    """Return the statement's sentence that speaks of a yes/no attribute ("Customer audio…
    are not used to train models" for ``used_for_training``), so the answer says it in the
    claim's words rather than as a label."""
    wanted = attribute_ideas(attribute)
    if not wanted:
        return None
    said = [text for text in sentences(claim.statement) if wanted <= sentence_ideas(text)]
    return said[0].rstrip(".;!? ") if len(said) == 1 else None


def _members_verdict(
    claim: ClaimRecord, question: str, vendor: VendorInfo
) -> tuple[Verdict, str] | None:
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
            if re.search(rf"\b{name}\b", folded)
            and name not in criteria
            # "Privacy Act 1988" among a DPA's laws is not the Privacy criterion
            and not any(re.search(rf"\b{name}\b", item) for item in criteria)
        ]
        if missing:
            return (
                "no",
                f"{', '.join(missing)}: not among the criteria covered ({', '.join(criteria)})",
            )
    return regions_verdict(claim, folded)


def _forbidden_verdict(claim: ClaimRecord) -> tuple[Verdict, str]:
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


def _customer_arranged(
    claim: ClaimRecord, names: tuple[str, ...], base: Verdict
) -> tuple[Verdict, str]:
    """A claim that holds, but whose part asked about is something the customer arranges
    (signs up for, subscribes to, enables): ``partial``, naming what the customer does."""
    attributes = claim.conditions.get("attributes") or {}
    for name in names:
        value = attributes.get(name)
        if isinstance(value, str) and _CUSTOMER_ACTS.search(value.lower()) and base == "yes":
            return "partial", f"the customer must arrange it ({name.replace('_', ' ')}: {value})"
    return base, ""


def _auto_deletion(claim: ClaimRecord, names: tuple[str, ...]) -> tuple[Verdict, str]:
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
        return not names_region(folded, excluded) and any(
            names_region(folded, code) for code in others
        )
    return False


def _requires_verdict(claim: ClaimRecord, question: str, vendor: VendorInfo) -> tuple[Verdict, str]:
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
) -> tuple[Verdict, str] | None:
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


def _self_service(claim: ClaimRecord, vendor: VendorInfo, base: Verdict) -> tuple[Verdict, str]:
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


@dataclass(frozen=True)
class Asked:
    """One claim, and what the question asks of it."""

    claim: ClaimRecord
    question: str
    attributes: tuple[str, ...]
    vendor: VendorInfo
    base: Verdict  # the verdict the claim's status and conditions give on their own


def decide(
    claim: ClaimRecord,
    aspect: Aspect,
    question: str,
    attributes: tuple[str, ...],
    vendor: VendorInfo,
) -> tuple[Verdict, str]:
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
    handler = _BY_ASPECT.get(aspect)
    decided = handler(Asked(claim, question, attributes, vendor, base)) if handler else None
    return decided or (base, condition_text(claim, vendor))


def _default(asked: Asked) -> tuple[Verdict, str]:
    claim = asked.claim
    if claim.conditions.get("default", "enabled") == "enabled" and claim.status == "yes":
        return "yes", "on by default"
    return "no", condition_text(claim, asked.vendor) or "it is not on by default"


def _published(asked: Asked) -> tuple[Verdict, str] | None:
    claim = asked.claim
    if claim.conditions.get("access", "public") == "public" and claim.status in (
        "yes",
        "yes-gated",
    ):
        conditions = condition_text(claim, asked.vendor)
        # What the published text says holds; name what it takes for it to apply.
        return "yes", f"published (to apply: {conditions})" if conditions else "published"
    return None


def _gated_access(asked: Asked) -> tuple[Verdict, str]:
    if asked.claim.conditions.get("access", "public") == "public":
        return "yes", "publicly available"
    return "no", condition_text(asked.claim, asked.vendor)


def _arranged(asked: Asked) -> tuple[Verdict, str] | None:
    verdict, why = _customer_arranged(asked.claim, asked.attributes, asked.base)
    return (verdict, why) if why else None


def _members_or_available(asked: Asked) -> tuple[Verdict, str]:
    decided = _members_verdict(asked.claim, asked.question, asked.vendor)
    return decided or _available(asked.claim, asked.vendor, asked.base)


def _available(claim: ClaimRecord, vendor: VendorInfo, base: Verdict) -> tuple[Verdict, str]:
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


def as_written(term: str, question: str) -> str:
    """Return a folded term as an answer writes it: as the question wrote it ("BYOK",
    "Canada", "Insights"), a region code in capitals ("US", "UK")."""
    place = bool(places_with_cities(term))
    found = re.search(rf"\b{re.escape(term)}\b", question, re.IGNORECASE)
    if found is None:
        return spelt(term) if place else term
    if place:
        return found.group(0).upper() if len(term) <= 4 else found.group(0).title()
    return found.group(0)


def _excluded(asked: Asked) -> tuple[Verdict, str]:
    terms = ", ".join(as_written(term, asked.question) for term in asked.attributes)
    return "no", f"it does not extend to {terms}"


# What each aspect asks of a claim; an aspect not here (plain ``status``), or a handler that
# returns None, is answered by the claim's status and conditions.
_BY_ASPECT: dict[Aspect, Callable[[Asked], tuple[Verdict, str] | None]] = {
    "default": _default,
    "published": _published,
    "gated-access": _gated_access,
    "attribute": lambda asked: _attribute_verdict(asked.claim, asked.attributes),
    "members": lambda asked: _members_verdict(asked.claim, asked.question, asked.vendor),
    "available": _members_or_available,
    "forbidden": lambda asked: _forbidden_verdict(asked.claim),
    "customer-arranged": _arranged,
    "auto-deletion": lambda asked: _auto_deletion(asked.claim, asked.attributes),
    "requires": lambda asked: _requires_verdict(asked.claim, asked.question, asked.vendor),
    "self-service": lambda asked: _self_service(asked.claim, asked.vendor, asked.base),
    "excluded": _excluded,
    # A sentence of the statement states the default asked about (``(verdict, text)``).
    "stated": lambda asked: (as_verdict(asked.attributes[0]), asked.attributes[1]),
    # One sentence of the statement denies the detail asked about.
    "denied": lambda asked: ("no", asked.attributes[0]),
}

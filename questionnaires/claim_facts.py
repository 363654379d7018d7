"""One claim in words: the verdict it gives on its own, the conditions that stand between the
customer and it, its recorded facts, its citation and the watch-outs a reviewer must see.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from models.kb.claims import ClaimRecord
from models.verdicts import Verdict
from questionnaires.grants import gates_on_customer


@dataclass(frozen=True)
class VendorInfo:
    """What answers say about the vendor."""

    slug: str
    name: str
    product: str
    trust_portal_url: str | None
    features: tuple[str, ...] = ()
    summary: str = ""


def current_claim(claims: dict[str, ClaimRecord], key: str) -> ClaimRecord | None:
    """Return the claim for ``key``, following superseded claims to the one that stands."""
    claim = claims.get(key)
    seen = set()
    while claim is not None and claim.superseded_by and claim.key not in seen:
        seen.add(claim.key)
        claim = claims.get(claim.superseded_by)
    return claim


def status_verdict(claim: ClaimRecord) -> Verdict:
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
    if default == "requires-approval" and gates_on_customer(claim.statement, claim.vendor):
        # "… only after a customer administrator approves": the approval is the customer's.
        parts.append("it waits on the customer's own grant (not on by default)")
    elif default == "requires-approval":
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


def with_details(claim: ClaimRecord) -> str:
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

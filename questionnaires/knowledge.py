"""One vendor's knowledge base as auto-fill reads it: its claims, its language and the
phrasings reviewers taught it, loaded once for a whole questionnaire.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from models.errors import UserError
from models.kb.claims import ClaimRecord, list_claims
from models.kb.phrasings import list_phrasings
from models.storage.database import Database
from questionnaires.asked import names_any
from questionnaires.claim_facts import VendorInfo
from questionnaires.matching import (
    VendorLanguage,
    compile_vendor_language,
)
from questionnaires.plans import (
    summary_plans,
    vendor_plans,
)
from questionnaires.text import normalise


@dataclass(frozen=True)
class KnowledgeBase:
    """One vendor's claims and question data, loaded once for a whole questionnaire."""

    vendor: VendorInfo
    claims: dict[str, ClaimRecord]
    language: VendorLanguage = field(default_factory=VendorLanguage)
    phrasings: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @cached_property
    def narrows(self) -> Callable[[str], bool]:
        """True for a sentence naming one of the vendor's plans or products (context that
        narrows a question, kept when the part that asks is read)."""
        return names_any([*self.plans, *(name for name, _pattern in self.language.products)])

    @cached_property
    def plans(self) -> set[str]:
        """Every plan, tier or edition name of the vendor: the ones its summary lists, or
        else the ones its claims mention ("the Ledgerly Enterprise plan" names the
        Enterprise plan, not a "Ledgerly" plan)."""
        # A summary that lists the plans ("Sold as Draft, Studio and Atlas") is the list: a
        # claim's "API tiers" of an engine provider is not a plan of the vendor's.
        named = summary_plans(self.vendor.summary) or vendor_plans(list(self.claims.values()))
        # Only the vendor's own name is never a plan: a product described as "Stillwick
        # enterprise video platform" still has an Enterprise plan.
        return named - set(normalise(self.vendor.name).split())


def load_knowledge_base(database: Database, vendor_slug: str) -> KnowledgeBase:
    """Load a vendor's claims (plain sqlite3 reads: no ORM on this path).

    Raises:
        UserError: The vendor is not in the knowledge base (the message lists the known ones).
    """
    with database.read() as connection:
        rows = connection.execute(
            "SELECT slug, name, product, trust_portal_url, profile, summary FROM vendor "
            "ORDER BY slug"
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
        summary=found["summary"] or "",
    )
    records = list_claims(database, vendor=vendor_slug)
    language = compile_vendor_language(records, profile, info.name, info.product, info.summary)
    phrasings = tuple(
        (language.fold(item.text), tuple(item.claim_keys))
        for item in list_phrasings(database, vendor_slug)
    )
    return KnowledgeBase(info, {claim.key: claim for claim in records}, language, phrasings)

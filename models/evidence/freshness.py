"""Freshness of what an answer relies on: stale claims and changed evidence.

A claim is stale when its ``as_of`` date is older than ``evidence.max_age_days`` (Settings,
default 365) or when it has no date at all. Staleness depends on today's date, so it is worked
out when an answer is shown or exported, never stored; the "evidence changed" mark, which a
refresh sets and a reviewer clears, is stored (see ``models.evidence.records``). :class:`Freshness`
turns an answer's citations into the flag lines the review screen and the pack summary show.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from models.evidence.records import evidence_changed_flag
from models.kb.claims import ClaimRecord, list_claims
from models.settings import EVIDENCE_MAX_AGE_DAYS
from models.storage.database import Database


def stale_flag(claim: ClaimRecord, max_age_days: int) -> str:
    """Return the flag text for a stale claim."""
    if claim.as_of is None:
        return f"Stale: claim {claim.key} is undated"
    return (
        f"Stale: claim {claim.key} as of {claim.as_of.isoformat()} (older than {max_age_days} days)"
    )


class Freshness:
    """Flags for answers' citations, from one read of the claims and the settings.

    Args:
        database: The open database.
        vendor: Only this vendor's claims (a review's vendor); None for all.
        today: The date staleness is measured on (default: today).
    """

    def __init__(
        self, database: Database, vendor: str | None = None, today: date | None = None
    ) -> None:
        self.today = today or date.today()
        self.max_age_days = EVIDENCE_MAX_AGE_DAYS.read(database)
        self.claims = {claim.key: claim for claim in list_claims(database, vendor)}

    def claim_flags(self, key: str) -> list[str]:
        """Return the freshness flags of one claim (stale, and each changed evidence URL)."""
        claim = self.claims.get(key)
        if claim is None:
            return []
        flags = []
        if claim.is_stale(self.today, self.max_age_days):
            flags.append(stale_flag(claim, self.max_age_days))
        flags.extend(evidence_changed_flag(item.url) for item in claim.evidence if item.changed)
        return flags

    def answer_flags(self, citations: Iterable[dict[str, Any]]) -> list[str]:
        """Return the freshness flags for an answer's citations, each once, in citation order."""
        flags: list[str] = []
        for citation in citations:
            key = citation.get("claim") if isinstance(citation, dict) else None
            for flag in self.claim_flags(key) if isinstance(key, str) else []:
                if flag not in flags:
                    flags.append(flag)
        return flags

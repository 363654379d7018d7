"""Which open reviews a knowledge-base change gives new proposals (issue 13, point 6).

After claims are added, superseded or changed, every open review of that vendor is re-filled
in memory (:func:`questionnaires.refill.refill_changes`, nothing written) and the ones that
would change are offered: how many untouched answers get a new proposal, and how many
reviewed answers get the "Knowledge base changed since you accepted this" flag. Taking the
offer is the ordinary re-fill (``ddq review refill ID``, the Re-fill dialog), which never
overwrites an accepted or edited answer.

:func:`refill_offer_steps` yields progress so the GUI runs it off the GUI thread (and can stop
it between reviews); the command line drains the same generator with :func:`refill_offers`.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from models.errors import UserError
from models.storage.database import Database
from questionnaires.refill import RefillResult, refill_changes
from questionnaires.reviews import list_reviews


@dataclass(frozen=True)
class RefillOffer:
    """One open review the knowledge base now changes.

    Attributes:
        review_id: The review.
        title: Its title.
        vendor: Its vendor's slug.
        updates: Untouched answers with a new proposal.
        flags: Reviewed answers whose claims changed since the reviewer's decision.
        result: The changes as computed (the Re-fill dialog computes them again when opened).
    """

    review_id: int
    title: str
    vendor: str
    updates: int
    flags: int
    result: RefillResult

    def describe(self) -> str:
        """``review 3 (Acme — HIPAA): 4 new proposals, 1 reviewed answer to flag``."""
        parts = []
        if self.updates:
            parts.append(f"{self.updates} new proposal{'s' if self.updates != 1 else ''}")
        if self.flags:
            parts.append(f"{self.flags} reviewed answer{'s' if self.flags != 1 else ''} to flag")
        return f"review {self.review_id} ({self.title}): {', '.join(parts)}"


def open_reviews(
    database: Database, vendors: Iterable[str] | None = None
) -> list[tuple[int, str, str]]:
    """Return ``(id, title, vendor)`` of the open reviews (of ``vendors``), newest first."""
    wanted = set(vendors) if vendors is not None else None
    return [
        (review.id, review.title, review.vendor)
        for review in list_reviews(database)
        if review.finished_at is None and (wanted is None or review.vendor in wanted)
    ]


def refill_offer_steps(
    database: Database, vendors: Iterable[str] | None = None
) -> Iterator[tuple[int, int, list[RefillOffer] | None]]:
    """Re-fill each open review of ``vendors`` (every vendor when None) in memory.

    Yields:
        ``(done, total, None)`` per review, then ``(total, total, offers)``: the reviews that
        would change, newest first.
    """
    reviews = open_reviews(database, vendors)
    offers: list[RefillOffer] = []
    for done, (review_id, title, vendor) in enumerate(reviews):
        yield done, len(reviews), None
        try:
            result = refill_changes(database, review_id)
        except UserError:
            continue  # finished or deleted meanwhile: nothing to offer
        updates = sum(1 for change in result.changes if change.kind == "update")
        if result.changes:
            offers.append(
                RefillOffer(
                    review_id, title, vendor, updates, len(result.changes) - updates, result
                )
            )
    yield len(reviews), len(reviews), offers


def refill_offers(database: Database, vendors: Iterable[str] | None = None) -> list[RefillOffer]:
    """Return the open reviews of ``vendors`` that re-fill would change (nothing is written)."""
    offers: list[RefillOffer] = []
    for _done, _total, result in refill_offer_steps(database, vendors):
        offers = result if result is not None else offers
    return offers


def offer_lines(offers: list[RefillOffer]) -> list[str]:
    """What the command line prints after a change: a count, then one line per review."""
    if not offers:
        return []
    count = len(offers)
    head = (
        "1 open review has new proposals:"
        if count == 1
        else f"{count} open reviews have new proposals:"
    )
    return [
        head,
        *(f"  {offer.describe()}: run ddq review refill {offer.review_id}" for offer in offers),
    ]

"""Offering re-fill across open reviews after the knowledge base changed (issue 13, point 6).

Every change path (New claim…, Supersede…, Edit claim…, Attach file…, accepted vendor
responses) calls :meth:`RefillOfferer.check` with the vendor it changed. The open reviews of
that vendor are re-filled in memory off the GUI thread (``desktop.operations`` running the
core's ``refill_offer_steps``); the ones that would change are shown in the window's
:class:`~desktop.review.refill_banner.RefillBanner`, whose buttons open the ordinary Re-fill
dialog. Nothing is written until the reviewer applies a Re-fill dialog, and an accepted or
edited answer is only ever flagged there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.operations import Operation, run_in_background
from desktop.review.refill_banner import RefillBanner
from models.storage.database import Database

if TYPE_CHECKING:
    from questionnaires.refill_offers import RefillOffer


class RefillOfferer(QObject):
    """Keeps the banner's offers up to date with the knowledge base.

    Signals:
        checked(list): A check ended; the offers the banner now shows.
    """

    checked = Signal(list)

    def __init__(
        self,
        database: Database,
        banner: RefillBanner,
        refill: Callable[[int], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.banner = banner
        self.operation: Operation | None = None
        self._pending: set[str] | None = None  # vendors changed while a check ran
        self._running: set[str] = set()  # the vendors the running check looks at
        self._offers: dict[int, RefillOffer] = {}
        banner.refill_requested.connect(refill)
        banner.dismissed.connect(self._dismissed)

    @property
    def busy(self) -> bool:
        """True while open reviews are being re-filled in memory."""
        return self.operation is not None

    def check(self, vendors: list[str]) -> Operation | None:
        """Find, off the GUI thread, which open reviews of ``vendors`` re-fill would change.

        A check asked for while one runs is queued and runs once it ends (a change made
        meanwhile is never missed).
        """
        # deferred: start-up time (auto-fill loads on first use, not when the window opens)
        from questionnaires.refill_offers import refill_offer_steps

        wanted = {vendor for vendor in vendors if vendor}
        if not wanted:
            return None
        if self.operation is not None:
            self._pending = (self._pending or set()) | wanted
            return None
        database = self.database
        self._running = wanted
        self.operation = run_in_background(
            lambda: refill_offer_steps(database, sorted(wanted)),
            on_success=lambda offers: self._show(wanted, offers),
            on_failure=self.banner.show_problem,
            parent=self,
        )
        self.operation.finished.connect(self._ended)
        return self.operation

    def _show(self, vendors: set[str], offers: list[RefillOffer]) -> None:
        self._offers = {
            review_id: offer
            for review_id, offer in self._offers.items()
            if offer.vendor not in vendors
        }
        self._offers.update({offer.review_id: offer for offer in offers})
        shown = sorted(self._offers.values(), key=lambda offer: -offer.review_id)
        self.banner.show_offers(shown)
        self.checked.emit(shown)

    def _ended(self) -> None:
        self.operation = None
        pending, self._pending = self._pending, None
        if pending:
            self.check(sorted(pending))

    def review_refilled(self, review_id: int) -> None:
        """Check the vendor of a review just re-filled again, so its offer goes (or shrinks)."""
        offer = self._offers.get(review_id)
        if offer is not None:
            self.check([offer.vendor])
        elif self.operation is not None:
            # The running check may have read the review before it was re-filled.
            self._pending = (self._pending or set()) | self._running

    def _dismissed(self) -> None:
        self._offers.clear()

    def offers(self) -> list[RefillOffer]:
        """The offers shown now, newest review first."""
        return sorted(self._offers.values(), key=lambda offer: -offer.review_id)

"""The re-fill banner (a view): a strip above the tabs that says which open reviews a
knowledge-base change gives new proposals, with a button per review that opens its Re-fill
dialog. It never blocks: the reviewer carries on and takes the offer when ready."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.widgets.flow import FlowLayout
from desktop.widgets.text import plain_label

if TYPE_CHECKING:
    from questionnaires.refill_offers import RefillOffer

MAX_BUTTONS = 6  # more reviews than this are named in the text, not given a button each


def _button_text(offer: RefillOffer) -> str:
    parts = [f"{offer.updates} new"] if offer.updates else []
    if offer.flags:
        parts.append(f"{offer.flags} to flag")
    title = offer.title if len(offer.title) <= 48 else offer.title[:47] + "…"
    return f"Re-fill review {offer.review_id}: {title} ({', '.join(parts)})…"


class RefillBanner(QFrame):
    """Shows re-fill offers; hidden while there are none.

    Signals:
        refill_requested(int): The reviewer asked to re-fill this review.
        dismissed(): The reviewer closed the banner.
    """

    refill_requested = Signal(int)
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refillBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # A fixed pair that reads on light and dark themes (the "info" badge colours).
        self.setStyleSheet(
            "#refillBanner { background: #dce7f7; border: 1px solid #9db4d8; }"
            "#refillBanner QLabel { color: #1b3b6b; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        top = QHBoxLayout()
        self.message = plain_label("")
        self.message.setObjectName("refillBannerMessage")
        top.addWidget(self.message, 1)
        self.dismiss_button = QPushButton("Dismiss")
        self.dismiss_button.setObjectName("dismissRefillBanner")
        self.dismiss_button.clicked.connect(self._dismiss)
        top.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        self.buttons_row = QWidget()
        self.buttons = FlowLayout(self.buttons_row)
        self.buttons.setSpacing(6)
        layout.addWidget(self.buttons_row)
        self.offers: list[RefillOffer] = []
        self.hide()

    def show_offers(self, offers: list[RefillOffer]) -> None:
        """Show these offers (newest review first), or hide the banner when there are none."""
        self.offers = list(offers)
        while self.buttons.count():
            item = self.buttons.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # gone from the banner now, deleted once idle
                widget.deleteLater()
        if not offers:
            self.hide()
            return
        count = len(offers)
        reviews = "1 open review has" if count == 1 else f"{count} open reviews have"
        text = (
            f"The knowledge base changed: {reviews} new proposals. Re-fill shows each change "
            "first; answers you accepted or edited are only flagged, never overwritten."
        )
        if count > MAX_BUTTONS:
            rest = ", ".join(str(offer.review_id) for offer in offers[MAX_BUTTONS:])
            text += f" Also reviews {rest} (open them and use Re-fill from knowledge base…)."
        self.message.setText(text)
        for offer in offers[:MAX_BUTTONS]:
            button = QPushButton(_button_text(offer))
            button.setObjectName(f"refillReview{offer.review_id}")
            button.setToolTip(offer.describe())
            button.clicked.connect(
                lambda _checked=False, review_id=offer.review_id: self.refill_requested.emit(
                    review_id
                )
            )
            self.buttons.addWidget(button)
        self.show()

    def show_problem(self, text: str) -> None:
        """Say that the open reviews could not be checked (the reviewer can still re-fill a
        review from the Review menu)."""
        self.show_offers([])
        self.message.setText(
            f"Could not work out which open reviews the change affects: {text} "
            "(Review → Re-fill from knowledge base… re-fills the review on screen)."
        )
        self.show()

    def button_for(self, review_id: int) -> QPushButton | None:
        """Return the button that re-fills ``review_id``, if the banner shows one."""
        return self.buttons_row.findChild(QPushButton, f"refillReview{review_id}")

    def _dismiss(self) -> None:
        self.show_offers([])
        self.dismissed.emit()

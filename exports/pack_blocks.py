"""Building blocks every part of the pack uses: headings that become outline entries, the
signature box, the signer's details, dates, safe links and tables in the pack's style.

Only URLs with an ``http``/``https`` scheme become links; everything else prints as text.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import quoteattr

from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    TableStyle,
)

from exports.fonts import markup
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import (
    ACCENT,
    PANEL,
    RULE,
    styles,
)
from exports.pack_table import PackTable

SIGNATURE_BOX_SIZE = (82 * mm, 26 * mm)
FLAG_LABELS = {
    "stale": "stale (as-of date over a year old or undated)",
    "evidence-changed": "evidence changed since last check",
    "superseded": "superseded by a newer source",
    "watch-out": "watch-out",
}


@dataclass
class SignerDetails:
    """What the signature page says about the signer (nothing secret).

    Attributes:
        name: The signer's name from the certificate.
        organisation: The organisation on the certificate, if any.
        fingerprint: SHA-256 fingerprint of the signing certificate (hex, colon-separated).
        reason: The signature's stated reason: what was signed.
        signed_at: The signing time the signature will carry (UTC).
        timestamp_authority: The RFC 3161 timestamp authority asked to vouch for the time.
    """

    name: str
    organisation: str
    fingerprint: str
    reason: str
    signed_at: datetime | None = None
    timestamp_authority: str | None = None


class Heading(PackParagraph):
    """A heading that also becomes an outline (bookmark) entry at ``level``."""

    def __init__(
        self,
        text: str,
        style_name: str,
        outline_title: str,
        level: int,
        keep_with_next: bool = True,
    ) -> None:
        super().__init__(text, styles()[style_name])
        self.outline_title = outline_title
        self.outline_level = level
        if not keep_with_next:
            # Before a long table: better a heading that moves on than a half-empty page.
            self.keepWithNext = 0


class SignatureBox(Flowable):
    """An empty framed box on the last page where the signature stamp is placed.

    After drawing, ``placement`` holds ``(page number, (x1, y1, x2, y2))`` in PDF points.
    """

    def __init__(self) -> None:
        super().__init__()
        self.width, self.height = SIGNATURE_BOX_SIZE
        self.placement: tuple[int, tuple[float, float, float, float]] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the fixed size of the box."""
        return self.width, self.height

    def draw(self) -> None:
        """Draw the frame and remember where it landed on the page."""
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setDash(2, 2)
        canvas.rect(0, 0, self.width, self.height)
        canvas.restoreState()
        x, y = canvas.absolutePosition(0, 0)
        self.placement = (
            canvas.getPageNumber(),
            (x, y, x + self.width, y + self.height),
        )


def date_text(value: date | datetime | None, empty: str = "undated") -> str:
    """Return a date as ISO text, a datetime as "YYYY-MM-DD HH:MM UTC", None as ``empty``."""
    if value is None:
        return empty
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    return value.isoformat()


def link(url: str | None) -> str:
    """Return markup for a URL: a clickable link for http(s), literal text otherwise."""
    if not url:
        return ""
    text = markup(url)
    if url.lower().startswith(("https://", "http://")) and not any(c in url for c in "\n\r"):
        return f'<a href={quoteattr(url)} color="#1B4F72"><u>{text}</u></a>'
    return text


def table(
    rows: list[list[Any]], widths: list[float], header: bool = True, zebra: bool = True
) -> PackTable:
    """Return a table in the pack's style: dark header row (repeated), light zebra rows."""
    # splitInRow: a cell taller than a page (a 20,000-character statement, a pasted essay)
    # splits across pages instead of raising LayoutError.
    result = PackTable(rows, colWidths=widths, repeatRows=1 if header else 0, splitInRow=1)
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), ACCENT))
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [None, PANEL]))
    result.setStyle(TableStyle(commands))
    return result


def cells(values: list[str], style: str = "cell") -> list[PackParagraph]:
    """Return one Paragraph per (already escaped) markup string."""
    return [PackParagraph(value, styles()[style]) for value in values]

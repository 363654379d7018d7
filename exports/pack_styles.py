"""The pack's look: page size and margins, paragraph styles, verdict colours and labels.

Verdict colours are shared with the XLSX export (``VERDICT_COLOURS``) so a reader sees the
same green/amber/red/grey wherever a verdict appears.
"""

from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from exports.fonts import BASE_FONT, BOLD_FONT, register_fonts

PAGE_SIZE = A4
MARGIN_LEFT = 20 * mm
MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_SIZE[0] - MARGIN_LEFT - MARGIN_RIGHT

VERDICT_COLOURS = {
    "yes": "#2E7D32",
    "partial": "#C25E00",
    "no": "#C62828",
    "unknown": "#546E7A",
}
VERDICT_LABELS = {"yes": "YES", "partial": "PARTIAL", "no": "NO", "unknown": "UNKNOWN"}
STATE_LABELS = {
    "auto": "Not reviewed (as auto-filled)",
    "accepted": "Accepted",
    "edited": "Edited",
    "flagged": "Flagged",
}
INK = colors.HexColor("#1F2933")
MUTED = colors.HexColor("#5F6B7A")
RULE = colors.HexColor("#C9D1DB")
PANEL = colors.HexColor("#F3F5F8")
ACCENT = colors.HexColor("#1B4F72")
WARNING = colors.HexColor("#8A4B00")
DRAFT_RED = colors.HexColor("#C62828")


def verdict_colour(verdict: str) -> str:
    """Return the hex colour for a verdict (unknown verdicts look like ``unknown``)."""
    return VERDICT_COLOURS.get(verdict, VERDICT_COLOURS["unknown"])


@lru_cache(maxsize=1)
def styles() -> dict[str, ParagraphStyle]:
    """Return the pack's paragraph styles by name."""
    register_fonts()
    base = ParagraphStyle(
        "body",
        fontName=BASE_FONT,
        fontSize=9,
        leading=12.5,
        textColor=INK,
        alignment=TA_LEFT,
    )

    def derive(name: str, **changes: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **changes)

    section_heading: dict[str, object] = {
        "fontName": BOLD_FONT,
        "fontSize": 11.5,
        "leading": 15,
        "textColor": ACCENT,
        "spaceBefore": 10,
        "spaceAfter": 4,
    }
    return {
        "body": base,
        "small": derive("small", fontSize=7.5, leading=10, textColor=MUTED),
        "cell": derive("cell", fontSize=7.5, leading=9.5),
        "cell-bold": derive("cell-bold", fontName=BOLD_FONT, fontSize=7.5, leading=9.5),
        # Whole cells in one style rather than inline tags: plain text skips the parser.
        "cell-muted": derive("cell-muted", fontSize=7.5, leading=9.5, textColor=MUTED),
        "cell-head": derive(
            "cell-head", fontName=BOLD_FONT, fontSize=7.5, leading=9.5, textColor=colors.white
        ),
        "hash": derive("hash", fontSize=6.3, leading=8),
        "title": derive("title", fontName=BOLD_FONT, fontSize=24, leading=30, textColor=ACCENT),
        "subtitle": derive("subtitle", fontSize=13, leading=18, textColor=INK),
        "kicker": derive(
            "kicker", fontName=BOLD_FONT, fontSize=9, leading=12, textColor=MUTED, spaceAfter=6
        ),
        "h1": derive(
            "h1",
            fontName=BOLD_FONT,
            fontSize=16,
            leading=21,
            textColor=ACCENT,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "h2": derive("h2", **section_heading, keepWithNext=1),
        # A heading above a long table must not hold the table back to the next page.
        "h2-table": derive("h2-table", **section_heading),
        "answer-head": derive(
            "answer-head", fontSize=9, leading=12.5, spaceBefore=2, spaceAfter=2, keepWithNext=1
        ),
        "question": derive(
            "question", fontName=BOLD_FONT, fontSize=9, leading=12.5, spaceAfter=2, keepWithNext=1
        ),
        "answer": derive("answer", spaceAfter=2),
        "flag": derive("flag", fontSize=8, leading=10.5, textColor=WARNING, leftIndent=8),
        "review": derive("review", fontSize=8, leading=10.5, textColor=MUTED),
        "flagged": derive("flagged", fontSize=8, leading=10.5, textColor=DRAFT_RED),
        "edit": derive(
            "edit",
            fontSize=8,
            leading=10.5,
            textColor=MUTED,
            leftIndent=8,
            borderPadding=(2, 4, 2, 4),
        ),
        "citation": derive("citation", fontSize=7.5, leading=10, textColor=MUTED, leftIndent=8),
        "tile": derive("tile", alignment=TA_CENTER, textColor=colors.white, leading=20),
        "bullet": derive(
            "bullet",
            fontSize=8.5,
            leading=11.5,
            leftIndent=12,
            bulletIndent=0,
            bulletFontName=BASE_FONT,
            bulletColor=WARNING,
        ),
    }

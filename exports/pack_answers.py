"""The answers by section: verdict badge, question, answer, watch-outs, review state,
reviewer edits against what auto-fill proposed, and citations with their as-of dates.

Every string from a user, a vendor or an imported file goes through
:func:`exports.fonts.markup` before it reaches a Paragraph.
"""

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    PageBreak,
)

from exports.fonts import BOLD_FONT, font_for, markup, visual_order
from exports.pack_blocks import (
    Heading,
    date_text,
    link,
)
from exports.pack_data import AnswerRecord, ReviewContent
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import (
    INK,
    MUTED,
    RULE,
    STATE_LABELS,
    VERDICT_LABELS,
    styles,
    verdict_colour,
)


def answers(content: ReviewContent) -> list:
    """Return the answers, grouped by section, each with verdict, review state and sources."""
    s = styles()
    story: list = [Heading("Answers", "h1", "Answers", 0)]
    for index, (section, items) in enumerate(content.sections(), start=1):
        story.append(Heading(markup(section), "h2", f"{index}. {section}", 1))
        for answer in items:
            story.extend(_answer(answer, content, s))
    story.append(PageBreak())
    return story


class AnswerHeading(Flowable):
    """The line above each answer: a coloured verdict badge, the question's ID, its reference
    and the confidence, drawn straight on the canvas (a 300-question pack has 300 of them)."""

    HEIGHT = 13.0

    def __init__(self, answer: AnswerRecord) -> None:
        super().__init__()
        self.verdict = answer.verdict
        self.qid = visual_order(answer.qid)
        details = [answer.reference] if answer.reference else []
        details.append(f"confidence {answer.confidence:.2f}")
        self.details = visual_order(" · ".join(details))
        self.keepWithNext = 1
        self.spaceBefore = 2

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Take the frame's width and one line's height."""
        self.width = available_width
        return available_width, self.HEIGHT

    def draw(self) -> None:
        """Draw badge, ID and details left to right."""
        canvas = self.canv
        label = VERDICT_LABELS.get(self.verdict, self.verdict.upper() or "UNKNOWN")
        badge_width = canvas.stringWidth(label, BOLD_FONT, 7.5) + 8
        canvas.setFillColor(colors.HexColor(verdict_colour(self.verdict)))
        canvas.rect(0, 1, badge_width, 11, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont(BOLD_FONT, 7.5)
        canvas.drawString(4, 3.6, label)
        x = badge_width + 6
        qid_font = font_for(self.qid, bold=True)
        canvas.setFillColor(INK)
        canvas.setFont(qid_font, 9)
        canvas.drawString(x, 3.4, self.qid)
        x += canvas.stringWidth(self.qid, qid_font, 9) + 8
        detail_font = font_for(self.details)
        canvas.setFillColor(MUTED)
        canvas.setFont(detail_font, 7.5)
        canvas.drawString(x, 3.6, self.details)


def _answer(answer: AnswerRecord, content: ReviewContent, s: dict) -> list:
    # Single-style paragraphs only (no inline tags unless a link or a script needs one): they
    # take reportlab's fast path, which keeps a 300-question pack quick to lay out.
    parts: list = [
        AnswerHeading(answer),
        PackParagraph(markup(answer.question), s["question"]),
        PackParagraph(markup(answer.text) or "(no answer text)", s["answer"]),
    ]
    for flag in answer.flags:
        parts.append(PackParagraph(f"⚠ {markup(flag)}", s["flag"]))
    parts.append(
        PackParagraph(_review_line(answer), s["flagged" if answer.state == "flagged" else "review"])
    )
    if answer.edited and answer.proposed_text:
        proposed = VERDICT_LABELS.get(answer.proposed_verdict, answer.proposed_verdict)
        parts.append(
            PackParagraph(
                f"Auto-fill proposed {markup(proposed)}: {markup(answer.proposed_text)}",
                s["edit"],
            )
        )
    for number, citation in enumerate(answer.citations, start=1):
        parts.append(PackParagraph(_citation(number, citation, content), s["citation"]))
    parts.append(HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=3, spaceAfter=5))
    return parts


def _review_line(answer: AnswerRecord) -> str:
    who = f" by {markup(answer.reviewer)}" if answer.reviewer else ""
    when = (
        f" on {date_text(answer.updated_at)}"
        if answer.updated_at and answer.state != "auto"
        else ""
    )
    if answer.state == "flagged":
        reason = f": {markup(answer.flag_reason)}" if answer.flag_reason else ""
        return f"Flagged{who}{when}{reason}"
    if answer.state == "auto":
        return "Not reviewed (as auto-filled)"
    label = STATE_LABELS.get(answer.state, answer.state)
    return f"{markup(label)}{who}{when}"


def _citation(number: int, citation: dict[str, Any], content: ReviewContent) -> str:
    key = str(citation.get("claim") or "")
    claim = content.claims.get(key)
    title = claim.title if claim else key
    as_of = citation.get("as_of") or (claim.as_of.isoformat() if claim and claim.as_of else None)
    text = f"[{number}] {markup(title)}"
    if key and key != title:
        text += f" ({markup(key)})"
    text += f", as of {markup(as_of or 'undated')}"
    url = citation.get("url")
    if url:
        text += f" — {link(str(url))}"
    return text

"""The pack's cover: what was reviewed, by whom, when, the verdict counts and their meaning."""

from datetime import datetime
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from exports.fonts import markup
from exports.pack_blocks import (
    Heading,
    SignerDetails,
    date_text,
    table,
)
from exports.pack_data import ReviewContent
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import (
    CONTENT_WIDTH,
    STATE_LABELS,
    VERDICT_LABELS,
    styles,
    verdict_colour,
)
from questionnaires.signoff import signoff_statement

VERDICT_MEANINGS = {
    "yes": "The knowledge base shows the vendor meets it, by default, with nothing for the "
    "customer to arrange.",
    "partial": "Met only under conditions: approval, a contract or configuration, a limited "
    "scope, or gated evidence; the answer names the condition.",
    "no": "The knowledge base shows the vendor does not meet it.",
    "unknown": "The knowledge base holds nothing that decides it: the answer says what to "
    "request from the vendor. It never guesses.",
}


def cover(content: ReviewContent, generated_at: datetime, signer: SignerDetails | None) -> list:
    """Return the cover page."""
    s = styles()
    story: list = [
        Heading("Vendor due-diligence evidence pack", "kicker", "Cover", 0),
        PackParagraph(markup(content.title), s["title"]),
        Spacer(1, 4),
        PackParagraph(
            markup(content.vendor_name or content.vendor_slug)
            + (f" · {markup(content.vendor_product)}" if content.vendor_product else ""),
            s["subtitle"],
        ),
        Spacer(1, 14),
    ]
    questionnaire = content.template_title or content.source_name or "imported questionnaire"
    statement = signoff_statement(
        content.signoff_counts(), content.finished_at, signed=signer is not None
    )
    facts = [
        ("Vendor", markup(f"{content.vendor_name} ({content.vendor_slug})")),
        ("Questionnaire", markup(questionnaire)),
        ("Reviewer", markup(content.reviewer or "not recorded")),
        ("Organisation", markup(content.organisation or "not recorded")),
        ("Pack date", date_text(generated_at)),
        ("Knowledge base as of", date_text(content.knowledge_base_as_of)),
        ("Review started", date_text(content.created_at)),
        ("Review finished", date_text(content.finished_at, "not finished")),
        ("Questions", str(len(content.answers))),
        (
            "Signature",
            markup(f"signed by {signer.name}")
            if signer
            else '<font color="#C62828"><b>UNSIGNED DRAFT</b></font>',
        ),
        ("What was signed" if signer else "State", f"<b>{markup(statement)}</b>"),
    ]
    rows = [
        [PackParagraph(f"<b>{name}</b>", s["cell"]), PackParagraph(v, s["cell"])]
        for name, v in facts
    ]
    story.append(table(rows, [45 * mm, CONTENT_WIDTH - 45 * mm], header=False))
    story.append(Spacer(1, 16))
    story.append(PackParagraph("Verdicts", s["h2"]))
    counts = content.verdict_counts()
    cells = [
        PackParagraph(
            f'<font size="18"><b>{count}</b></font><br/>{VERDICT_LABELS.get(verdict, verdict)}',
            s["tile"],
        )
        for verdict, count in counts.items()
    ]
    tiles = Table(
        [cells], colWidths=[CONTENT_WIDTH / len(cells)] * len(cells), rowHeights=[16 * mm]
    )
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEAFTER", (0, 0), (-2, 0), 3, colors.white),
    ]
    for index, verdict in enumerate(counts):
        commands.append(
            ("BACKGROUND", (index, 0), (index, 0), colors.HexColor(verdict_colour(verdict)))
        )
    tiles.setStyle(TableStyle(commands))
    story.append(tiles)
    signoff = content.signoff_counts()
    summary = "; ".join(
        f"{label}: {number}"
        for label, number in (
            ("resolved (accepted or edited)", signoff.resolved),
            ("accepted as unknown", signoff.accepted_unknown),
            ("flagged", signoff.flagged),
            (STATE_LABELS["auto"].lower(), signoff.not_reviewed),
        )
        if number
    )
    story.append(Spacer(1, 6))
    story.append(PackParagraph(f"Review states: {summary or 'no answers'}.", s["small"]))
    story.append(Spacer(1, 16))
    story.append(PackParagraph("What the verdicts mean", s["h2"]))
    legend = [
        [
            PackParagraph(
                f"<font color='{verdict_colour(verdict)}'><b>{VERDICT_LABELS[verdict]}</b></font>",
                s["cell"],
            ),
            PackParagraph(meaning, s["cell"]),
        ]
        for verdict, meaning in VERDICT_MEANINGS.items()
    ]
    legend_table = table(legend, [24 * mm, CONTENT_WIDTH - 24 * mm], header=False, zebra=False)
    story.append(legend_table)
    story.append(Spacer(1, 16))
    story.append(PackParagraph("Contents", s["h2"]))
    for line in (
        "1. Check before signing: watch-outs, what to request, flagged answers, evidence checks",
        "2. Answers by section, with verdicts, review state and citations",
        "3. Appendix A: knowledge-base claims cited",
        "4. Appendix B: evidence (URL, kind, access, last checked, snapshot SHA-256)",
        "5. Audit trail of the review, per answer",
        "6. Signature",
    ):
        story.append(PackParagraph(line, s["bullet"]))
    story.append(PageBreak())
    return story

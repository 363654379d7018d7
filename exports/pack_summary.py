"""The "check before signing" summary: watch-outs, unknowns to request from the vendor,
flagged and unreviewed answers, and stale, changed or superseded evidence."""

from datetime import date

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    TableStyle,
)

from exports.fonts import BASE_FONT, markup
from exports.pack_blocks import (
    FLAG_LABELS,
    Heading,
    cells,
    date_text,
    table,
)
from exports.pack_data import ReviewContent
from exports.pack_styles import (
    CONTENT_WIDTH,
    styles,
)


def check_before_signing(content: ReviewContent, today: date) -> list:
    """Return the one-page summary of what the signer must look at."""
    s = styles()
    story: list = [
        Heading("Check before signing", "h1", "Check before signing", 0),
        Paragraph(
            "Read these items before you sign: each is a condition, a gap or an ageing source "
            "that a counterparty could rely on.",
            s["body"],
        ),
    ]
    watch_outs: dict[str, list[str]] = {}
    for answer in content.answers:
        for flag in answer.flags:
            watch_outs.setdefault(flag, []).append(answer.qid)
    for claim in content.cited_claims():
        if claim.watch_out:
            citing = [a.qid for a in content.answers if claim.key in a.cited_claims]
            existing = watch_outs.setdefault(claim.watch_out, [])
            existing.extend(qid for qid in citing if qid not in existing)
    story.append(Paragraph(f"Watch-outs that apply ({len(watch_outs)})", s["h2"]))
    if watch_outs:
        for text, qids in watch_outs.items():
            story.append(
                Paragraph(
                    f"{markup(text)} <font color='#5F6B7A'>— {_qid_list(qids)}</font>",
                    s["bullet"],
                    bulletText="⚠",
                )
            )
    else:
        story.append(Paragraph("None.", s["small"]))

    unknown = [a for a in content.answers if a.verdict == "unknown"]
    story += _table_heading(f"Unknown: needs vendor input ({len(unknown)})")
    if unknown:
        rows = [cells(["ID", "Question", "What to request"], "cell-head")]
        for answer in unknown:
            rows.append(
                [
                    _short_cell(answer.qid),
                    *cells([markup(answer.question), markup(answer.text)]),
                ]
            )
        unknown_table = table(rows, [34 * mm, 64 * mm, CONTENT_WIDTH - 98 * mm])
        unknown_table.setStyle(TableStyle([("FONT", (0, 1), (0, -1), BASE_FONT, 7.5, 9.5)]))
        story.append(unknown_table)
    else:
        story.append(Paragraph("None: every question has a decided verdict.", s["small"]))

    flagged = [a for a in content.answers if a.state == "flagged"]
    if flagged:
        story += _table_heading(f"Flagged by the reviewer ({len(flagged)})")
        rows = [cells(["ID", "Reason", "Reviewer"], "cell-head")]
        for answer in flagged:
            rows.append(
                cells(
                    [
                        markup(answer.qid),
                        markup(answer.flag_reason or "no reason given"),
                        markup(answer.reviewer),
                    ]
                )
            )
        story.append(table(rows, [34 * mm, CONTENT_WIDTH - 74 * mm, 40 * mm]))
    not_reviewed = sum(1 for a in content.answers if a.state == "auto")
    if not_reviewed or content.finished_at is None:
        story.append(Paragraph("Review not complete", s["h2"]))
    if not_reviewed:
        story.append(
            Paragraph(
                f"{not_reviewed} of {len(content.answers)} answers are as auto-fill proposed "
                "them; no reviewer accepted or edited them.",
                s["body"],
            )
        )
    if content.finished_at is None:
        story.append(Paragraph("The reviewer has not marked this review as finished.", s["body"]))

    ageing = []
    for claim in content.cited_claims():
        flags = [f for f in claim.flags(today) if f in ("stale", "evidence-changed", "superseded")]
        if flags:
            ageing.append((claim, flags))
    story += _table_heading(f"Stale, changed or superseded evidence ({len(ageing)})")
    if ageing:
        rows = [cells(["Claim", "As of", "Why", "Cited by"], "cell-head")]
        for claim, flags in ageing:
            citing = [a.qid for a in content.answers if claim.key in a.cited_claims]
            rows.append(
                cells(
                    [
                        f"{markup(claim.title)}<br/><font color='#5F6B7A'>{markup(claim.key)}"
                        "</font>",
                        date_text(claim.as_of),
                        markup("; ".join(FLAG_LABELS.get(flag, flag) for flag in flags)),
                        _qid_list(citing),
                    ]
                )
            )
        story.append(table(rows, [58 * mm, 20 * mm, 50 * mm, CONTENT_WIDTH - 128 * mm]))
    else:
        story.append(Paragraph("None: every cited claim is current.", s["small"]))
    story.append(PageBreak())
    return story


def _short_cell(text: str, most: int = 16) -> str | Paragraph:
    """A plain-text cell for a short ASCII ID (cheap to lay out); a Paragraph otherwise."""
    if text.isascii() and len(text) <= most:
        return text
    return Paragraph(markup(text), styles()["cell"])


def _table_heading(text: str) -> list:
    """A heading for a table that may run over pages: it moves on only if space is short."""
    return [CondPageBreak(30 * mm), Paragraph(text, styles()["h2-table"])]


def _qid_list(qids: list[str], most: int = 12) -> str:
    shown = ", ".join(markup(qid) for qid in qids[:most])
    if len(qids) > most:
        shown += f" and {len(qids) - most} more"
    return shown or "no answer"

"""The "check before signing" summary: what is being signed, watch-outs, what to request from
the vendor (each request once, with the questions it serves), flagged and unreviewed answers,
evidence checks that failed or have no snapshot, and stale, changed or superseded evidence."""

from datetime import date
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    TableStyle,
)

from exports.fonts import markup
from exports.pack_blocks import (
    FLAG_LABELS,
    Heading,
    cells,
    date_text,
    link,
    table,
)
from exports.pack_data import ReviewContent
from exports.pack_paragraph import PackParagraph
from exports.pack_requests import group_requests
from exports.pack_styles import (
    CONTENT_WIDTH,
    styles,
)


def check_before_signing(content: ReviewContent, today: date) -> list:
    """Return the one-page summary of what the signer must look at."""
    s = styles()
    story: list = [
        Heading("Check before signing", "h1", "Check before signing", 0),
        PackParagraph(
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
    story.append(PackParagraph(f"Watch-outs that apply ({len(watch_outs)})", s["h2"]))
    if watch_outs:
        for text, qids in watch_outs.items():
            story.append(
                PackParagraph(
                    f"{markup(text)} <font color='#5F6B7A'>— {_qid_list(qids)}</font>",
                    s["bullet"],
                    bulletText="⚠",
                )
            )
    else:
        story.append(PackParagraph("None.", s["small"]))

    story += _requests(content)
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
    counts = content.signoff_counts()
    if counts.open or content.finished_at is None:
        story.append(PackParagraph("Review not complete", s["h2"]))
    if counts.not_reviewed:
        story.append(
            PackParagraph(
                f"{counts.not_reviewed} of {counts.total} answers are as auto-fill proposed "
                "them; no reviewer accepted or edited them.",
                s["body"],
            )
        )
    if counts.accepted_unknown:
        story.append(
            PackParagraph(
                f"{counts.accepted_unknown} answers were accepted as unknown: the reviewer saw "
                "them, but the vendor has not answered them.",
                s["body"],
            )
        )
    if content.finished_at is None:
        story.append(
            PackParagraph("The reviewer has not marked this review as finished.", s["body"])
        )
    story += _evidence_checks(content)

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
        story.append(PackParagraph("None: every cited claim is current.", s["small"]))
    story.append(PageBreak())
    return story


def _requests(content: ReviewContent) -> list:
    """What to request from the vendor: each request once, with the questions it serves."""
    s = styles()
    unknown = [a for a in content.answers if a.verdict == "unknown"]
    groups = group_requests(content.answers)
    story = _table_heading(
        f"Unknown: what to request from the vendor ({_count(len(groups), 'request')} "
        f"for {_count(len(unknown), 'question')})"
    )
    if not groups:
        story.append(PackParagraph("None: every question has a decided verdict.", s["small"]))
        return story
    rows = [cells(["What to request", "Question", "What it needs from it"], "cell-head")]
    commands: list[tuple[Any, ...]] = []
    for group in groups:
        # One row per question keeps every row short enough to break across pages.
        for index, (qid, detail) in enumerate(group.questions):
            if index:
                commands.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0, colors.white))
            rows.append(
                cells([markup(group.request) if index == 0 else "", markup(qid), markup(detail)])
            )
    requests = table(rows, [62 * mm, 34 * mm, CONTENT_WIDTH - 96 * mm], zebra=False)
    requests.setStyle(TableStyle(commands))
    story.append(requests)
    return story


def _evidence_checks(content: ReviewContent) -> list:
    """Cited evidence whose last check failed, and how many items have no local snapshot."""
    s = styles()
    items = content.cited_evidence()
    failed = [item for item in items if item.error]
    missing = [item for item in items if not item.sha256]
    story = [PackParagraph(f"Evidence checks ({len(items)} cited items)", s["h2"])]
    if missing:
        story.append(
            PackParagraph(
                f"<b>{len(missing)} of {len(items)} cited evidence items have no snapshot</b>: "
                "nothing was fetched and kept, so this pack cannot show what they said.",
                s["body"],
            )
        )
    for item in failed:
        good = content.snapshot_times.get(item.url)
        story.append(
            PackParagraph(
                f"Check failed {date_text(item.last_checked)}: {link(item.url)} — "
                f"{markup(item.error)}; last good snapshot: "
                f"{date_text(good) if good else ('unknown' if item.sha256 else 'none')}",
                s["bullet"],
                bulletText="✗",
            )
        )
    if not missing and not failed:
        story.append(
            PackParagraph(
                "Every cited item has a snapshot and its last check succeeded."
                if items
                else "No cited claim links to evidence.",
                s["small"],
            )
        )
    return story


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _table_heading(text: str) -> list:
    """A heading for a table that may run over pages: it moves on only if space is short."""
    return [CondPageBreak(30 * mm), PackParagraph(text, styles()["h2-table"])]


def _qid_list(qids: list[str], most: int = 12) -> str:
    shown = ", ".join(markup(qid) for qid in qids[:most])
    if len(qids) > most:
        shown += f" and {len(qids) - most} more"
    return shown or "no answer"

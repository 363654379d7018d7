"""The pack's parts as reportlab flowables: cover, check-before-signing summary, answers by
section, claims and evidence appendices, audit trail and the signature page.

Every string that came from a user, a vendor or an imported file goes through
:func:`exports.fonts.markup` (escaped, with fallback-font runs) before it reaches a Paragraph;
only URLs with an ``http``/``https`` scheme become links.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from exports.fonts import BASE_FONT, markup
from exports.pack_data import AnswerRecord, ReviewContent
from exports.pack_styles import (
    ACCENT,
    CONTENT_WIDTH,
    PANEL,
    RULE,
    STATE_LABELS,
    VERDICT_LABELS,
    badge,
    styles,
    verdict_colour,
)

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
        reason: The signature's stated reason.
    """

    name: str
    organisation: str
    fingerprint: str
    reason: str


class Heading(Paragraph):
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


def _date(value: date | datetime | None, empty: str = "undated") -> str:
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


def _table(
    rows: list[list[Any]], widths: list[float], header: bool = True, zebra: bool = True
) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0)
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
    table.setStyle(TableStyle(commands))
    return table


def _cells(values: list[str], style: str = "cell") -> list[Paragraph]:
    return [Paragraph(value, styles()[style]) for value in values]


def cover(content: ReviewContent, generated_at: datetime, signer: SignerDetails | None) -> list:
    """Return the cover page."""
    s = styles()
    story: list = [
        Heading("Vendor due-diligence evidence pack", "kicker", "Cover", 0),
        Paragraph(markup(content.title), s["title"]),
        Spacer(1, 4),
        Paragraph(
            markup(content.vendor_name or content.vendor_slug)
            + (f" · {markup(content.vendor_product)}" if content.vendor_product else ""),
            s["subtitle"],
        ),
        Spacer(1, 14),
    ]
    questionnaire = content.template_title or content.source_file or "imported questionnaire"
    facts = [
        ("Vendor", markup(f"{content.vendor_name} ({content.vendor_slug})")),
        ("Questionnaire", markup(questionnaire)),
        ("Reviewer", markup(content.reviewer or "not recorded")),
        ("Organisation", markup(content.organisation or "not recorded")),
        ("Pack date", _date(generated_at)),
        ("Knowledge base as of", _date(content.knowledge_base_as_of)),
        ("Review started", _date(content.created_at)),
        ("Review finished", _date(content.finished_at, "not finished")),
        ("Questions", str(len(content.answers))),
        (
            "Signature",
            markup(f"signed by {signer.name}")
            if signer
            else '<font color="#C62828"><b>UNSIGNED DRAFT</b></font>',
        ),
    ]
    rows = [[Paragraph(f"<b>{name}</b>", s["cell"]), Paragraph(v, s["cell"])] for name, v in facts]
    story.append(_table(rows, [45 * mm, CONTENT_WIDTH - 45 * mm], header=False))
    story.append(Spacer(1, 16))
    story.append(Paragraph("Verdicts", s["h2"]))
    counts = content.verdict_counts()
    cells = [
        Paragraph(
            f'<font size="18"><b>{count}</b></font><br/>{VERDICT_LABELS.get(verdict, verdict)}',
            s["tile"],
        )
        for verdict, count in counts.items()
    ]
    table = Table(
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
    table.setStyle(TableStyle(commands))
    story.append(table)
    states: dict[str, int] = {}
    for answer in content.answers:
        states[answer.state] = states.get(answer.state, 0) + 1
    summary = "; ".join(
        f"{STATE_LABELS.get(state, state).lower()}: {states[state]}"
        for state in ("accepted", "edited", "flagged", "auto")
        if states.get(state)
    )
    story.append(Spacer(1, 6))
    story.append(Paragraph(f"Review states: {summary or 'no answers'}.", s["small"]))
    story.append(Spacer(1, 16))
    story.append(Paragraph("Contents", s["h2"]))
    for line in (
        "1. Check before signing: watch-outs, unknowns, flagged answers, stale evidence",
        "2. Answers by section, with verdicts, review state and citations",
        "3. Appendix A: knowledge-base claims cited",
        "4. Appendix B: evidence (URL, kind, access, last checked, snapshot SHA-256)",
        "5. Audit trail of the review",
        "6. Signature",
    ):
        story.append(Paragraph(line, s["bullet"]))
    story.append(PageBreak())
    return story


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
        rows = [_cells(["ID", "Question", "What to request"], "cell-head")]
        for answer in unknown:
            rows.append(_cells([markup(answer.qid), markup(answer.question), markup(answer.text)]))
        story.append(_table(rows, [28 * mm, 68 * mm, CONTENT_WIDTH - 96 * mm]))
    else:
        story.append(Paragraph("None: every question has a decided verdict.", s["small"]))

    flagged = [a for a in content.answers if a.state == "flagged"]
    if flagged:
        story += _table_heading(f"Flagged by the reviewer ({len(flagged)})")
        rows = [_cells(["ID", "Reason", "Reviewer"], "cell-head")]
        for answer in flagged:
            rows.append(
                _cells(
                    [
                        markup(answer.qid),
                        markup(answer.flag_reason or "no reason given"),
                        markup(answer.reviewer),
                    ]
                )
            )
        story.append(_table(rows, [28 * mm, CONTENT_WIDTH - 68 * mm, 40 * mm]))
    not_reviewed = sum(1 for a in content.answers if a.state == "auto")
    if not_reviewed:
        story.append(Paragraph("Not reviewed", s["h2"]))
        story.append(
            Paragraph(
                f"{not_reviewed} of {len(content.answers)} answers are as auto-fill proposed "
                "them; no reviewer accepted or edited them.",
                s["body"],
            )
        )

    ageing = []
    for claim in content.cited_claims():
        flags = [f for f in claim.flags(today) if f in ("stale", "evidence-changed", "superseded")]
        if flags:
            ageing.append((claim, flags))
    story += _table_heading(f"Stale, changed or superseded evidence ({len(ageing)})")
    if ageing:
        rows = [_cells(["Claim", "As of", "Why", "Cited by"], "cell-head")]
        for claim, flags in ageing:
            citing = [a.qid for a in content.answers if claim.key in a.cited_claims]
            rows.append(
                _cells(
                    [
                        f"{markup(claim.title)}<br/><font color='#5F6B7A'>{markup(claim.key)}"
                        "</font>",
                        _date(claim.as_of),
                        markup("; ".join(FLAG_LABELS.get(flag, flag) for flag in flags)),
                        _qid_list(citing),
                    ]
                )
            )
        story.append(_table(rows, [58 * mm, 20 * mm, 50 * mm, CONTENT_WIDTH - 128 * mm]))
    else:
        story.append(Paragraph("None: every cited claim is current.", s["small"]))
    story.append(PageBreak())
    return story


def _table_heading(text: str) -> list:
    """A heading for a table that may run over pages: it moves on only if space is short."""
    return [CondPageBreak(30 * mm), Paragraph(text, styles()["h2-table"])]


def _qid_list(qids: list[str], most: int = 12) -> str:
    shown = ", ".join(markup(qid) for qid in qids[:most])
    if len(qids) > most:
        shown += f" and {len(qids) - most} more"
    return shown or "no answer"


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


def _answer(answer: AnswerRecord, content: ReviewContent, s: dict) -> list:
    # Three paragraphs per answer, not one per line: a 300-question pack stays quick to lay out.
    details = [markup(answer.reference)] if answer.reference else []
    details.append(f"confidence {answer.confidence:.2f}")
    head = (
        f"{badge(answer.verdict)}&nbsp;&nbsp;<b>{markup(answer.qid)}</b>&nbsp;&nbsp;"
        f"<font color='#5F6B7A' size='8'>{' · '.join(details)}</font><br/>"
        f"<b>{markup(answer.question)}</b>"
    )
    lines = [f"<font color='#8A4B00'>⚠ {markup(flag)}</font>" for flag in answer.flags]
    lines.append(_review_line(answer))
    if answer.edited and answer.proposed_text:
        proposed = VERDICT_LABELS.get(answer.proposed_verdict, answer.proposed_verdict)
        lines.append(
            f"&nbsp;&nbsp;&nbsp;Auto-fill proposed <b>{markup(proposed)}</b>: "
            f"{markup(answer.proposed_text)}"
        )
    lines.extend(
        f"&nbsp;&nbsp;&nbsp;{_citation(number, citation, content)}"
        for number, citation in enumerate(answer.citations, start=1)
    )
    return [
        Paragraph(head, s["answer-head"]),
        Paragraph(markup(answer.text) or "<i>(no answer text)</i>", s["answer"]),
        Paragraph("<br/>".join(lines), s["review"]),
        HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=3, spaceAfter=5),
    ]


def _review_line(answer: AnswerRecord) -> str:
    who = f" by {markup(answer.reviewer)}" if answer.reviewer else ""
    when = f" on {_date(answer.updated_at)}" if answer.updated_at and answer.state != "auto" else ""
    if answer.state == "flagged":
        reason = f": {markup(answer.flag_reason)}" if answer.flag_reason else ""
        return f"<font color='#C62828'><b>Flagged</b></font>{who}{when}{reason}"
    if answer.state == "auto":
        return "<b>Not reviewed</b> (as auto-filled)"
    label = STATE_LABELS.get(answer.state, answer.state)
    return f"<b>{markup(label)}</b>{who}{when}"


def _citation(number: int, citation: dict[str, Any], content: ReviewContent) -> str:
    key = str(citation.get("claim") or "")
    claim = content.claims.get(key)
    title = claim.title if claim else key
    as_of = citation.get("as_of") or (claim.as_of.isoformat() if claim and claim.as_of else None)
    text = f"[{number}] {markup(title)}"
    if key and key != title:
        text += f" <font color='#8A94A3'>({markup(key)})</font>"
    text += f", as of {markup(as_of or 'undated')}"
    url = citation.get("url")
    if url:
        text += f" — {link(str(url))}"
    return text


def claims_appendix(content: ReviewContent, today: date) -> list:
    """Return Appendix A: every cited claim with status, as-of date, flags and sources."""
    s = styles()
    story: list = [
        Heading(
            "Appendix A: knowledge-base claims cited",
            "h1",
            "Appendix A: claims",
            0,
            keep_with_next=False,
        )
    ]
    claims = content.cited_claims()
    if not claims:
        story.append(Paragraph("No answer cites a claim.", s["small"]))
        return story
    rows = [_cells(["Claim", "Status", "As of", "Statement and sources", "Flags"], "cell-head")]
    for claim in claims:
        sources = "; ".join(
            f"{markup(source.title)} ({_date(source.published)})" for source in claim.sources
        )
        rows.append(
            _cells(
                [
                    f"<b>{markup(claim.title)}</b><br/><font color='#5F6B7A'>"
                    f"{markup(claim.key)}</font>",
                    markup(claim.status),
                    _date(claim.as_of),
                    markup(claim.statement)
                    + (f"<br/><font color='#5F6B7A'>Sources: {sources}</font>" if sources else ""),
                    markup(", ".join(claim.flags(today))),
                ]
            )
        )
    story.append(_table(rows, [36 * mm, 16 * mm, 20 * mm, CONTENT_WIDTH - 97 * mm, 25 * mm]))
    return story


def evidence_appendix(content: ReviewContent) -> list:
    """Return Appendix B: every evidence item the cited claims point to."""
    s = styles()
    story: list = [
        Spacer(1, 10),
        CondPageBreak(40 * mm),
        Heading("Appendix B: evidence", "h1", "Appendix B: evidence", 0, keep_with_next=False),
    ]
    items = content.cited_evidence()
    if not items:
        story.append(Paragraph("No cited claim links to evidence.", s["small"]))
        story.append(PageBreak())
        return story
    rows = [
        _cells(["#", "Evidence", "Kind", "Access", "Last checked", "Snapshot SHA-256"], "cell-head")
    ]
    for number, item in enumerate(items, start=1):
        title = f"<b>{markup(item.title)}</b><br/>" if item.title else ""
        checked = _date(item.last_checked, "never")
        if item.http_status:
            checked += f"<br/>HTTP {item.http_status}"
        if item.changed:
            checked += "<br/><font color='#C62828'>changed</font>"
        digest = item.sha256 or ""
        digest_text = (
            "<br/>".join(escape(digest[i : i + 16]) for i in range(0, len(digest), 16))
            if digest
            else "no snapshot"
        )
        rows.append(
            [
                Paragraph(str(number), s["cell"]),
                Paragraph(title + link(item.url), s["cell"]),
                Paragraph(markup(item.kind), s["cell"]),
                Paragraph(markup(item.access), s["cell"]),
                Paragraph(checked, s["cell"]),
                Paragraph(digest_text, s["hash"]),
            ]
        )
    widths = [7 * mm, CONTENT_WIDTH - 98 * mm, 18 * mm, 15 * mm, 28 * mm, 30 * mm]
    story.append(_table(rows, widths))
    story.append(PageBreak())
    return story


def audit_trail(content: ReviewContent) -> list:
    """Return the review's audit trail, oldest first."""
    s = styles()
    story: list = [Heading("Audit trail", "h1", "Audit trail", 0, keep_with_next=False)]
    if not content.audit:
        story.append(Paragraph("No change was recorded for this review.", s["small"]))
        return story
    rows: list[list[Any]] = [_cells(["When (UTC)", "Who", "Action", "What"], "cell-head")]
    for event in content.audit:
        what = event.entity + (f" {event.entity_key}" if event.entity_key else "")
        detail = _detail(event.detail)
        rows.append(
            [
                event.at.strftime("%Y-%m-%d %H:%M:%S"),
                _short_cell(event.actor, 24),
                _short_cell(event.action, 24),
                Paragraph(
                    markup(what)
                    + (f"<br/><font color='#5F6B7A'>{markup(detail)}</font>" if detail else ""),
                    s["cell"],
                ),
            ]
        )
    table = _table(rows, [34 * mm, 30 * mm, 30 * mm, CONTENT_WIDTH - 94 * mm])
    table.setStyle(TableStyle([("FONT", (0, 1), (2, -1), BASE_FONT, 7.5, 9.5)]))
    story.append(table)
    return story


def _short_cell(text: str, most: int) -> str | Paragraph:
    """A plain-text cell for short ASCII (cheap to lay out); a Paragraph for anything else."""
    if text.isascii() and len(text) <= most:
        return text
    return Paragraph(markup(text), styles()["cell"])


def _detail(detail: dict[str, Any], most: int = 240) -> str:
    text = "; ".join(f"{key}: {value}" for key, value in detail.items())
    return text if len(text) <= most else text[: most - 1] + "…"


def signature_page(signer: SignerDetails | None, box: SignatureBox) -> list:
    """Return the signature section; ``box`` marks where the stamp goes (signed packs only)."""
    s = styles()
    story: list = [Spacer(1, 14), Heading("Signature", "h1", "Signature", 0)]
    if signer is None:
        story.append(
            Paragraph(
                "<font color='#C62828'><b>UNSIGNED DRAFT.</b></font> This pack carries no "
                "signature. Nobody has vouched for it and it must not be relied on; export it "
                "again with a reviewer identity to sign it.",
                s["body"],
            )
        )
        return story
    story.append(
        Paragraph(
            "This pack is signed with a PAdES baseline B-B signature (ETSI EN 319 142-1) over "
            "the whole file. Any change to the signed bytes breaks the signature; anything "
            "appended later is reported by a verifier. Verify offline with "
            "<b>ddq verify pack.pdf --trust reviewer-certificate.pem</b> or any PAdES-aware "
            "PDF reader.",
            s["body"],
        )
    )
    story.append(Spacer(1, 8))
    facts = [
        ("Signed by", markup(signer.name)),
        ("Organisation", markup(signer.organisation or "not stated")),
        ("Reason", markup(signer.reason)),
        ("Certificate SHA-256", f"<font size='6.5'>{escape(signer.fingerprint)}</font>"),
        ("Signing time", "in the signature (see the stamp below and the verifier)"),
    ]
    rows = [[Paragraph(f"<b>{name}</b>", s["cell"]), Paragraph(v, s["cell"])] for name, v in facts]
    story.append(_table(rows, [40 * mm, CONTENT_WIDTH - 40 * mm], header=False))
    story.append(Spacer(1, 10))
    story.append(box)
    story.append(Paragraph("Signature stamp", s["small"]))
    return story

"""The pack's closing parts: cited claims, evidence, the audit trail and the signature page."""

import json
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    Spacer,
    TableStyle,
)

from exports.fonts import BASE_FONT, markup
from exports.pack_blocks import (
    Heading,
    SignatureBox,
    SignerDetails,
    cells,
    date_text,
    link,
    table,
)
from exports.pack_data import ReviewContent
from exports.pack_styles import (
    CONTENT_WIDTH,
    styles,
)


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
    rows = [cells(["Claim", "Status", "As of", "Statement and sources", "Flags"], "cell-head")]
    for claim in claims:
        sources = "; ".join(
            f"{markup(source.title)} ({date_text(source.published)})" for source in claim.sources
        )
        rows.append(
            cells(
                [
                    f"<b>{markup(claim.title)}</b><br/><font color='#5F6B7A'>"
                    f"{markup(claim.key)}</font>",
                    markup(claim.status),
                    date_text(claim.as_of),
                    markup(claim.statement)
                    + (f"<br/><font color='#5F6B7A'>Sources: {sources}</font>" if sources else ""),
                    markup(", ".join(claim.flags(today))),
                ]
            )
        )
    story.append(table(rows, [36 * mm, 16 * mm, 20 * mm, CONTENT_WIDTH - 97 * mm, 25 * mm]))
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
        cells(["#", "Evidence", "Kind", "Access", "Last checked", "Snapshot SHA-256"], "cell-head")
    ]
    for number, item in enumerate(items, start=1):
        title = f"<b>{markup(item.title)}</b><br/>" if item.title else ""
        checked = date_text(item.last_checked, "never")
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
    story.append(table(rows, widths))
    story.append(PageBreak())
    return story


def audit_trail(content: ReviewContent) -> list:
    """Return the review's audit trail, oldest first."""
    s = styles()
    story: list = [Heading("Audit trail", "h1", "Audit trail", 0, keep_with_next=False)]
    if not content.audit:
        story.append(Paragraph("No change was recorded for this review.", s["small"]))
        return story
    rows: list[list[Any]] = [cells(["When (UTC)", "Who", "Action", "What"], "cell-head")]
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
                )
                if detail
                else _short_cell(what, 60),
            ]
        )
    trail = table(rows, [34 * mm, 30 * mm, 30 * mm, CONTENT_WIDTH - 94 * mm])
    trail.setStyle(TableStyle([("FONT", (0, 1), (-1, -1), BASE_FONT, 7.5, 9.5)]))
    story.append(trail)
    return story


def _short_cell(text: str, most: int) -> str | Paragraph:
    """A plain-text cell for short ASCII (cheap to lay out); a Paragraph for anything else."""
    if text.isascii() and len(text) <= most:
        return text
    return Paragraph(markup(text), styles()["cell"])


def _detail(detail: dict[str, Any], most: int = 240) -> str:
    def shown(value: Any) -> str:
        if isinstance(value, dict | list):
            return json.dumps(value, ensure_ascii=False)
        return str(value)

    text = "; ".join(f"{key}: {shown(value)}" for key, value in detail.items())
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
    story.append(table(rows, [40 * mm, CONTENT_WIDTH - 40 * mm], header=False))
    story.append(Spacer(1, 10))
    story.append(box)
    story.append(Paragraph("Signature stamp", s["small"]))
    return story

"""The pack's closing parts: cited claims, evidence and the signature page.

Third-party sources (blog posts, forum threads) are marked where sources are listed; a failed
evidence check shows as failed with its error and the time of the last good snapshot, and
evidence without a snapshot says so.
"""

from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Spacer,
)

from exports.fonts import markup
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
from exports.pack_paragraph import PackParagraph
from exports.pack_sources import is_third_party
from exports.pack_styles import (
    CONTENT_WIDTH,
    styles,
)
from models.kb.claims import EvidenceRecord

THIRD_PARTY = "<font color='#8A4B00'><b>third-party source</b></font>"


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
        story.append(PackParagraph("No answer cites a claim.", s["small"]))
        return story
    rows = [cells(["Claim", "Status", "As of", "Statement and sources", "Flags"], "cell-head")]
    for claim in claims:
        sources = "; ".join(
            f"{markup(source.title)} ({date_text(source.published)})"
            + (f" {THIRD_PARTY}" if is_third_party(source) else "")
            for source in claim.sources
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
        story.append(PackParagraph("No cited claim links to evidence.", s["small"]))
        story.append(PageBreak())
        return story
    rows = [
        cells(["#", "Evidence", "Kind", "Access", "Last checked", "Snapshot SHA-256"], "cell-head")
    ]
    for number, item in enumerate(items, start=1):
        title = f"<b>{markup(item.title)}</b><br/>" if item.title else ""
        checked = _check_text(item, content.snapshot_times.get(item.url))
        digest = item.sha256 or ""
        digest_text = (
            "<br/>".join(escape(digest[i : i + 16]) for i in range(0, len(digest), 16))
            if digest
            else "<font color='#C62828'><b>no snapshot</b></font>"
        )
        rows.append(
            [
                PackParagraph(str(number), s["cell"]),
                PackParagraph(
                    title + (markup(item.describe()) if item.is_local else link(item.url)),
                    s["cell"],
                ),
                PackParagraph(markup(item.kind), s["cell"]),
                PackParagraph(markup(item.access), s["cell"]),
                PackParagraph(checked, s["cell"]),
                PackParagraph(digest_text, s["hash"]),
            ]
        )
    widths = [7 * mm, CONTENT_WIDTH - 98 * mm, 18 * mm, 15 * mm, 28 * mm, 30 * mm]
    story.append(table(rows, widths))
    story.append(PageBreak())
    return story


def _check_text(item: EvidenceRecord, snapshot_at: datetime | None) -> str:
    """What the last check of one evidence item found, failures stated as failures."""
    if item.is_local:
        return "received " + (date_text(item.received_at) if item.received_at else "(unknown)")
    if item.access == "gated" and item.last_checked is None:
        return "not fetched (behind a login)"
    if item.last_checked is None:
        return "never checked"
    when = date_text(item.last_checked)
    if item.error:
        good = date_text(snapshot_at) if snapshot_at else ("unknown" if item.sha256 else "none")
        return (
            f"<font color='#C62828'><b>check failed</b></font> {when}: {markup(item.error)}"
            f"<br/>last good snapshot: {good}"
        )
    text = f"checked {when}"
    if item.http_status:
        text += f"<br/>HTTP {item.http_status}"
    if item.changed:
        text += "<br/><font color='#C62828'>changed</font>"
    return text


def signature_page(signer: SignerDetails | None, box: SignatureBox) -> list:
    """Return the signature section; ``box`` marks where the stamp goes (signed packs only)."""
    s = styles()
    story: list = [Spacer(1, 14), Heading("Signature", "h1", "Signature", 0)]
    if signer is None:
        story.append(
            PackParagraph(
                "<font color='#C62828'><b>UNSIGNED DRAFT.</b></font> This pack carries no "
                "signature. Nobody has vouched for it and it must not be relied on; export it "
                "again with a reviewer identity to sign it.",
                s["body"],
            )
        )
        return story
    story.append(
        PackParagraph(
            f"<b>What was signed:</b> {markup(signer.reason)}.",
            s["body"],
        )
    )
    story.append(Spacer(1, 6))
    level = "B-T" if signer.timestamp_authority else "B-B"
    story.append(
        PackParagraph(
            f"This pack is signed with a PAdES baseline {level} signature (ETSI EN 319 142-1) over "
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
        ("Signing time", signing_time_text(signer)),
    ]
    rows = [
        [PackParagraph(f"<b>{name}</b>", s["cell"]), PackParagraph(v, s["cell"])]
        for name, v in facts
    ]
    story.append(table(rows, [40 * mm, CONTENT_WIDTH - 40 * mm], header=False))
    story.append(Spacer(1, 10))
    story.append(box)
    story.append(PackParagraph("Signature stamp", s["small"]))
    return story


def signing_time_text(signer: SignerDetails) -> str:
    """The signing time as the signature records it, and whose clock it comes from."""
    if signer.signed_at is None:
        return "in the signature (see the stamp below and the verifier)"
    when = signer.signed_at.strftime("%Y-%m-%d %H:%M:%S UTC")
    if signer.timestamp_authority:
        return (
            f"{when} by the signer's clock; a trusted timestamp from "
            f"{markup(signer.timestamp_authority)} is embedded in the signature "
            "(<b>ddq verify</b> shows its time and authority)"
        )
    return f"{when}, from the signer's own clock: no trusted timestamp authority vouches for it"

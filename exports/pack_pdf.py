"""Render a review into the pack's PDF bytes (unsigned): pages, headers, outline, metadata.

:func:`render_pack` lays out the parts (``pack_cover``, ``pack_summary``, ``pack_answers``,
``pack_appendix``) on A4 pages with a running header (vendor and questionnaire), a footer
(pack date, review id, "Page n of N"), an outline entry per part and per answer section,
and the PDF document information (title, author, subject, keywords). A draft carries a
diagonal "DRAFT" mark on every page. Signing and the embedded manifest are added afterwards
by :mod:`exports.signing`.
"""

import io
from dataclasses import dataclass
from datetime import datetime

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from exports.fonts import BASE_FONT, BOLD_FONT, markup
from exports.pack_answers import answers
from exports.pack_appendix import claims_appendix, evidence_appendix, signature_page
from exports.pack_audit import audit_trail
from exports.pack_blocks import Heading, SignatureBox, SignerDetails
from exports.pack_cover import cover
from exports.pack_data import ReviewContent
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import (
    CONTENT_WIDTH,
    DRAFT_RED,
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    MUTED,
    PAGE_SIZE,
    RULE,
    styles,
)
from exports.pack_summary import check_before_signing

TOTAL_PAGES_FORM = "ddqTotalPages"


@dataclass
class RenderedPack:
    """The rendered, unsigned pack.

    Attributes:
        pdf: The PDF bytes.
        pages: How many pages it has.
        signature_page: 1-based page of the signature box (None for drafts).
        signature_box: The box ``(x1, y1, x2, y2)`` in points where the stamp goes.
    """

    pdf: bytes
    pages: int
    signature_page: int | None
    signature_box: tuple[float, float, float, float] | None


class _PackCanvas(Canvas):
    """A canvas that writes the total page count into a form every footer refers to."""

    def save(self) -> None:
        self.beginForm(TOTAL_PAGES_FORM)
        self.setFont(BASE_FONT, 7.5)
        self.setFillColor(MUTED)
        self.drawString(0, 0, str(self._pageNumber - 1))
        self.endForm()
        super().save()


class _PackDocument(SimpleDocTemplate):
    """Adds an outline entry for every :class:`Heading` as it is placed."""

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's hook name
        """Bookmark headings into the PDF outline."""
        if isinstance(flowable, Heading):
            key = f"outline-{id(flowable)}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(
                flowable.outline_title, key, level=flowable.outline_level, closed=False
            )


class _PageDecoration:
    """Draws the running header, the footer and (for drafts) the DRAFT mark on each page."""

    def __init__(self, content: ReviewContent, generated_at: datetime, draft: bool) -> None:
        vendor = content.vendor_name or content.vendor_slug
        self.header = PackParagraph(
            f"{markup(vendor)} · {markup(content.title)}",
            styles()["small"],
        )
        self.footer_left = (
            f"DDQ evidence pack · review {content.review_id} · "
            f"generated {generated_at.strftime('%Y-%m-%d %H:%M UTC')}"
        )
        self.draft = draft

    def __call__(self, canvas: Canvas, document: SimpleDocTemplate) -> None:
        width, height = PAGE_SIZE
        canvas.saveState()
        if self.draft:
            canvas.saveState()
            canvas.setFillColor(DRAFT_RED)
            canvas.setFillAlpha(0.12)
            canvas.setFont(BOLD_FONT, 96)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(45)
            canvas.drawCentredString(0, -30, "DRAFT")
            canvas.restoreState()
        top = height - MARGIN_TOP + 8
        if canvas.getPageNumber() > 1:
            header_width = CONTENT_WIDTH - 60
            self.header.wrap(header_width, 20)
            self.header.drawOn(canvas, MARGIN_LEFT, top + 2)
            canvas.setFont(BOLD_FONT, 7.5)
            canvas.setFillColor(DRAFT_RED if self.draft else MUTED)
            label = "DRAFT · UNSIGNED" if self.draft else "EVIDENCE PACK"
            canvas.drawRightString(width - MARGIN_RIGHT, top + 4, label)
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.5)
            canvas.line(MARGIN_LEFT, top, width - MARGIN_RIGHT, top)
        elif self.draft:
            canvas.setFont(BOLD_FONT, 9)
            canvas.setFillColor(DRAFT_RED)
            canvas.drawRightString(width - MARGIN_RIGHT, top + 4, "DRAFT · UNSIGNED")
        bottom = MARGIN_BOTTOM - 10
        canvas.setStrokeColor(RULE)
        canvas.line(MARGIN_LEFT, bottom + 9, width - MARGIN_RIGHT, bottom + 9)
        canvas.setFont(BASE_FONT, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN_LEFT, bottom, self.footer_left)
        number = f"Page {canvas.getPageNumber()} of "
        canvas.drawString(width - MARGIN_RIGHT - 36, bottom, number)
        canvas.translate(
            width - MARGIN_RIGHT - 36 + canvas.stringWidth(number, BASE_FONT, 7.5), bottom
        )
        canvas.doForm(TOTAL_PAGES_FORM)
        canvas.restoreState()


def render_pack(
    content: ReviewContent,
    generated_at: datetime,
    signer: SignerDetails | None,
) -> RenderedPack:
    """Lay out the whole pack and return its PDF bytes.

    Args:
        content: The review to render.
        generated_at: The pack's date (UTC), shown on the cover and in footers.
        signer: Who will sign, or None for an unsigned draft (marked DRAFT on every page).
    """
    today = generated_at.date()
    box = SignatureBox()
    story: list = []
    story += cover(content, generated_at, signer)
    story += check_before_signing(content, today)
    story += answers(content)
    story += claims_appendix(content, today)
    story += evidence_appendix(content)
    story += audit_trail(content)
    story += signature_page(signer, box)

    buffer = io.BytesIO()
    vendor = content.vendor_name or content.vendor_slug
    document = _PackDocument(
        buffer,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=f"{'DRAFT: ' if signer is None else ''}Evidence pack: {vendor} · {content.title}",
        author=signer.name if signer else (content.reviewer or "DDQ Desk"),
        subject=f"Vendor due-diligence evidence pack for {vendor}",
        creator="DDQ Desk",
        keywords=f"due diligence, {content.vendor_slug}, {content.template_id or 'questionnaire'}",
        lang="en",
    )
    decoration = _PageDecoration(content, generated_at, draft=signer is None)
    document.build(story, onFirstPage=decoration, onLaterPages=decoration, canvasmaker=_PackCanvas)
    placement = box.placement if signer is not None else None
    return RenderedPack(
        pdf=buffer.getvalue(),
        pages=document.page,
        signature_page=placement[0] if placement else None,
        signature_box=placement[1] if placement else None,
    )

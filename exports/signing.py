"""Finishing a rendered pack: attach the manifest, then sign it (PAdES B-B) or not (draft).

:func:`finish_pack` appends one incremental update to the reportlab output that adds the
manifest as an embedded file (``manifest.json``) and, for a signed pack, a signature field
over the box reserved on the last page, signed with pyHanko. The signature's byte range
covers the whole file, so any change to it, and anything appended later, is detectable.

The signature's reason is what was signed (``questionnaires.signoff.signoff_statement``:
"Reviewed and approved: all 48 answers reviewed" or "Signed draft: 12 of 48 answers not
reviewed, 2 flagged"). The visible stamp is drawn in the bundled DejaVu Sans (embedded,
subset), so a signer's name in Greek, Cyrillic or Arabic script shows as written; names in
scripts DejaVu lacks (Chinese, Japanese, Korean) are drawn in Droid Sans Fallback instead.
The signing time is the one the caller passes, so the page printed before signing states
the very time the signature carries.
"""

import io
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle

from exports.fonts import BASE_FONT, FALLBACK_FONT, FONT_DIR, font_for
from exports.identity import SigningIdentity
from exports.pack_pdf import RenderedPack
from models.errors import UserError
from models.storage.files import OUT_OF_SPACE

SIGNATURE_FIELD = "ReviewerSignature"
MANIFEST_NAME = "manifest.json"
STAMP_FONT_SIZE = 8
TSA_TIMEOUT = 10
LAYOUT_TABLES = ("GSUB", "GPOS", "GDEF", "FFTM", "MATH")
STAMP_FONT_FILES = {BASE_FONT: "DejaVuSans.ttf", FALLBACK_FONT: "DroidSansFallback.ttf"}


def _embed(
    writer: IncrementalPdfFileWriter,
    name: str,
    body: bytes,
    mime_type: str | None,
    description: str,
    when: datetime,
) -> None:
    data = embed.EmbeddedFileObject.from_file_data(
        writer,
        body,
        mime_type=mime_type,
        params=embed.EmbeddedFileParams(
            embed_size=True, embed_checksum=True, creation_date=when, modification_date=when
        ),
    )
    spec = embed.FileSpec(
        file_spec_string=name,
        file_name=name,
        embedded_data=data,
        description=description,
        af_relationship=generic.pdf_name("/Data"),
    )
    embed.embed_file(writer, spec)


def _attach_manifest(writer: IncrementalPdfFileWriter, manifest: bytes, when: datetime) -> None:
    _embed(
        writer,
        MANIFEST_NAME,
        manifest,
        "application/json",
        "Every answer with its cited claims and evidence hashes (JSON)",
        when,
    )


def _digest_for(identity: SigningIdentity) -> str:
    """Return the message digest the identity's key type requires (EdDSA fixes its own)."""
    algorithm = identity.signer.signing_cert.public_key.algorithm
    return {"ed25519": "sha512", "ed448": "shake256"}.get(algorithm, "sha256")


class _TimedSigner(signers.PdfSigner):
    """A PdfSigner whose signing time is given rather than read from the clock."""

    def __init__(self, *args: Any, signing_time: datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        """Start the session as pyHanko does, with the signing time fixed."""
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._signing_time
        return session


class _ThousandUnitGlyphs(GlyphAccumulator):
    """pyHanko's glyph accumulator, measuring in the 1/1000 em units PDF widths are read in.

    pyHanko writes glyph widths and kerning in the font's own units; PDF viewers read them
    as thousandths of an em, so a font with 2048 units per em (DejaVu) is drawn with its
    letters twice as far apart. Shaping at a scale of 1000 and scaling the widths fixes it.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._font_units = self.units_per_em
        self.units_per_em = 1000
        self.hb_font.scale = (1000, 1000)

    def _get_cid_and_width(self, glyph_id: int) -> tuple[int, int]:
        if glyph_id not in self._glyphs:
            cid, width = super()._get_cid_and_width(glyph_id)
            # The cache is what the font's /W array is written from: keep it in 1/1000 em.
            self._glyphs[glyph_id] = (cid, round(width * 1000 / self._font_units))
        return self._glyphs[glyph_id]

    def _extract_subset(self, options: Any = None) -> None:
        # pyHanko drops the layout tables from the subset (the text is shaped already), but
        # fontTools decompiles GSUB and GPOS before dropping them, most of a pack's signing
        # time; FFTM (FontForge's timestamps) cannot be subset and is dropped with a print;
        # MATH (formula layout, which no PDF viewer reads) would be decompiled and kept.
        for tag in LAYOUT_TABLES:
            if tag in self.tt:
                del self.tt[tag]
        super()._extract_subset(options)


class _BundledFont(GlyphAccumulatorFactory):
    """pyHanko's font factory, reading the font into memory instead of leaving a file open."""

    def create_font_engine(self, writer: Any, obj_stream: Any = None) -> GlyphAccumulator:
        """Return a glyph accumulator over an in-memory copy of the font file."""
        if obj_stream is None and writer.stream_xrefs and self.create_objstream_if_needed:
            obj_stream = writer.prepare_object_stream()
        return _ThousandUnitGlyphs(
            writer=writer,
            font_handle=io.BytesIO(Path(self.font_file).read_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def stamp_style(text: str) -> TextStampStyle:
    """Return the stamp style: a framed text box in the bundled font that can draw ``text``."""
    font = font_for(text)
    file_name = STAMP_FONT_FILES.get(font, STAMP_FONT_FILES[BASE_FONT])
    return TextStampStyle(
        stamp_text="Digitally signed by %(signer)s\nDate: %(ts)s\n%(reason)s",
        text_box_style=TextBoxStyle(font=_BundledFont(str(FONT_DIR / file_name), font_size=8)),
        timestamp_format="%Y-%m-%d %H:%M:%S %Z",
        border_width=1,
    )


def finish_pack(
    rendered: RenderedPack,
    manifest: bytes,
    output: BinaryIO,
    *,
    identity: SigningIdentity | None,
    generated_at: datetime,
    reason: str = "",
    signing_time: datetime | None = None,
    tsa_url: str | None = None,
    attachments: list[tuple[str, bytes, str]] | None = None,
) -> None:
    """Attach the manifest and evidence files, then sign (without an identity: a draft).

    Args:
        rendered: The pack from :func:`exports.pack_pdf.render_pack`.
        manifest: The manifest JSON bytes.
        output: Where the finished PDF is written.
        identity: The signer, or None for an unsigned draft.
        generated_at: The pack's date (the manifest's file dates).
        reason: What was signed (the signature's reason and the stamp's last line).
        signing_time: The time the signature records (default: ``generated_at``).
        tsa_url: An RFC 3161 timestamp authority to timestamp the signature (PAdES B-T).
        attachments: ``(file name, bytes, description)`` of evidence files to embed, signed
            with the rest (see ``models.evidence.attachments``).

    Raises:
        UserError: The timestamp authority could not be reached or refused the request, or
            the identity cannot sign.
        OSError: ``output`` could not take the pack (disk full): not the identity's fault.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered.pdf), strict=False)
    _attach_manifest(writer, manifest, generated_at)
    for name, body, description in attachments or []:
        _embed(writer, name, body, None, description, generated_at)
    if identity is None:
        writer.write(output)
        return
    if rendered.signature_page is None or rendered.signature_box is None:
        raise ValueError("a signed pack needs the signature box the renderer reserves")
    x1, y1, x2, y2 = (round(value) for value in rendered.signature_box)
    field = fields.SigFieldSpec(
        sig_field_name=SIGNATURE_FIELD,
        on_page=rendered.signature_page - 1,
        box=(x1, y1, x2, y2),
    )
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        reason=reason or None,
        name=identity.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm=_digest_for(identity),
    )
    name = " ".join(identity.name.split()) or "the signer named on this page"
    timestamper = None
    if tsa_url:
        from pyhanko.sign.timestamps import HTTPTimeStamper

        timestamper = HTTPTimeStamper(tsa_url, timeout=TSA_TIMEOUT)
    pdf_signer = _TimedSigner(
        metadata,
        signer=identity.signer,
        timestamper=timestamper,
        stamp_style=stamp_style(name + reason),
        new_field_spec=field,
        signing_time=signing_time or generated_at,
    )
    try:
        pdf_signer.sign_pdf(
            writer,
            output=output,
            appearance_text_params={"signer": name, "reason": _wrap(reason, 52)},
        )
    except (OSError, ValueError, SigningError, TypeError, NotImplementedError) as error:
        if isinstance(error, OSError) and error.errno in OUT_OF_SPACE:
            raise  # the signed pack could not be written: the caller's atomic_output says so
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        if timestamper is not None and isinstance(error, OSError | ValueError):
            raise UserError(f"{tsa_url}: no timestamp from the authority ({detail})") from None
        raise UserError(
            f"the identity {identity.name!r} cannot sign this pack ({detail})"
        ) from None


def _wrap(text: str, width: int) -> str:
    """Break ``text`` into lines of at most ``width`` characters for the stamp's text box."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return "\n".join(lines)

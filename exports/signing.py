"""Finishing a rendered pack: attach the manifest, then sign it (PAdES B-B) or not (draft).

:func:`finish_pack` appends one incremental update to the reportlab output that adds the
manifest as an embedded file (``manifest.json``) and, for a signed pack, a signature field
over the box reserved on the last page, signed with pyHanko. The signature's byte range
covers the whole file, so any change to it, and anything appended later, is detectable.

The stamp is drawn by pyHanko in a standard PDF font, which only knows Latin-1: names outside
it are shown transliterated there, while the page's own signature panel (drawn by reportlab
with the bundled fonts) shows them exactly.
"""

import io
import unicodedata
from datetime import datetime
from typing import BinaryIO

from pyhanko.pdf_utils import embed, generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError
from pyhanko.stamp import TextStampStyle

from exports.identity import SigningIdentity
from exports.pack_pdf import RenderedPack
from models.errors import UserError

SIGNATURE_FIELD = "ReviewerSignature"
SIGNATURE_REASON = "Reviewed and approved this vendor due-diligence evidence pack"
MANIFEST_NAME = "manifest.json"


def latin1_text(text: str, empty: str = "the signer named on this page") -> str:
    """Return ``text`` in Latin-1: accents kept, others transliterated or dropped.

    Args:
        text: A name, possibly in any script.
        empty: What to return when nothing of ``text`` survives.
    """
    result = []
    for character in text:
        if ord(character) < 256:
            result.append(character)
            continue
        decomposed = unicodedata.normalize("NFKD", character).encode("latin-1", "ignore")
        result.append(decomposed.decode("latin-1"))
    return " ".join("".join(result).split()) or empty


def _attach_manifest(writer: IncrementalPdfFileWriter, manifest: bytes, when: datetime) -> None:
    data = embed.EmbeddedFileObject.from_file_data(
        writer,
        manifest,
        mime_type="application/json",
        params=embed.EmbeddedFileParams(
            embed_size=True, embed_checksum=True, creation_date=when, modification_date=when
        ),
    )
    spec = embed.FileSpec(
        file_spec_string=MANIFEST_NAME,
        file_name=MANIFEST_NAME,
        embedded_data=data,
        description="Every answer with its cited claims and evidence hashes (JSON)",
        af_relationship=generic.pdf_name("/Data"),
    )
    embed.embed_file(writer, spec)


def _digest_for(identity: SigningIdentity) -> str:
    """Return the message digest the identity's key type requires (EdDSA fixes its own)."""
    algorithm = identity.signer.signing_cert.public_key.algorithm
    return {"ed25519": "sha512", "ed448": "shake256"}.get(algorithm, "sha256")


def finish_pack(
    rendered: RenderedPack,
    manifest: bytes,
    output: BinaryIO,
    *,
    identity: SigningIdentity | None,
    generated_at: datetime,
) -> None:
    """Attach the manifest and sign (or, without an identity, just write the draft).

    Args:
        rendered: The pack from :func:`exports.pack_pdf.render_pack`.
        manifest: The manifest JSON bytes.
        output: Where the finished PDF is written.
        identity: The signer, or None for an unsigned draft.
        generated_at: The pack's date (the manifest's file dates).
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(rendered.pdf), strict=False)
    _attach_manifest(writer, manifest, generated_at)
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
        reason=SIGNATURE_REASON,
        name=identity.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm=_digest_for(identity),
    )
    stamp = TextStampStyle(
        stamp_text="Digitally signed by %(signer)s\nDate: %(ts)s\nReason: %(reason)s",
        border_width=1,
    )
    pdf_signer = signers.PdfSigner(
        metadata, signer=identity.signer, stamp_style=stamp, new_field_spec=field
    )
    try:
        pdf_signer.sign_pdf(
            writer,
            output=output,
            appearance_text_params={
                "signer": latin1_text(identity.name),
                "reason": "DDQ evidence pack approved",
            },
        )
    except (SigningError, ValueError, TypeError, NotImplementedError) as error:
        raise UserError(
            f"the identity {identity.name!r} cannot sign this pack ({' '.join(str(error).split())})"
        ) from None

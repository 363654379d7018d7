"""Build the signed evidence pack for one review: the entry point the CLI and the GUI share.

Usage::

    identity = open_identity(key_path, passphrase)          # exports.identity
    for step in build_pack(database, review_id, Path("pack.pdf"), signer=identity):
        show(step.done, step.total, step.stage)              # a progress bar, a CLI line…
    result = step.result                                     # the last step carries it

``build_pack`` is a generator of :class:`ExportProgress`; the GUI runs it off the GUI thread
and the CLI just iterates it. Without ``signer`` it refuses unless ``unsigned=True``, which
makes a draft marked DRAFT on every page. The file is written to a temporary file beside
``out_path`` and renamed only when complete, so an interrupted export leaves nothing behind;
then a ``review.export`` AuditEvent records the file's SHA-256 and the signer.
"""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from exports.answers_json import manifest
from exports.collector_pause import collector_paused
from exports.identity import SigningIdentity
from exports.pack_blocks import SignerDetails
from exports.pack_data import load_review_content
from exports.pack_pdf import render_pack
from exports.signing import finish_pack
from models.errors import UserError
from models.evidence.attachments import snapshot_attachment_plan
from models.storage.database import Database
from models.storage.files import atomic_output
from questionnaires.signoff import signoff_statement

STAGES = ("Reading the review", "Laying out pages", "Signing", "Saving")


@dataclass(frozen=True)
class PackResult:
    """What an export produced.

    Attributes:
        path: The pack file.
        pages: Number of pages.
        answers: Number of answers in it.
        signed: Whether it carries a signature.
        signer: The signer's name, if signed.
        sha256: SHA-256 of the file as written.
    """

    path: Path
    pages: int
    answers: int
    signed: bool
    signer: str | None
    sha256: str


@dataclass(frozen=True)
class ExportProgress:
    """One step of an export.

    Attributes:
        done: Steps finished so far.
        total: Steps in all.
        stage: What is happening now, in the user's words.
        result: Set on the last step only.
    """

    done: int
    total: int
    stage: str
    result: PackResult | None = None


def build_pack(
    database: Database,
    review_id: int,
    out_path: Path,
    *,
    signer: SigningIdentity | None = None,
    unsigned: bool = False,
    now: datetime | None = None,
    tsa_url: str | None = None,
) -> Iterator[ExportProgress]:
    """Export one review as a PDF evidence pack, signed unless ``unsigned``.

    Args:
        database: The open database.
        review_id: The review to export.
        out_path: Where to write the ``.pdf``.
        signer: The decrypted reviewer identity (see :func:`exports.identity.open_identity`).
        unsigned: Write an explicitly unsigned draft instead (``signer`` must be None).
        now: The pack's date (default: now, UTC); tests pass a fixed one.
        tsa_url: An RFC 3161 timestamp authority for a trusted signing time (PAdES B-T).

    Yields:
        Progress steps; the last one carries the :class:`PackResult`.

    Raises:
        UserError: No signer and not ``unsigned``; unknown review; unwritable output.
    """
    if signer is None and not unsigned:
        raise UserError(
            "no reviewer identity: create one with `ddq identity create`, "
            "pass --identity FILE.p12, or export a draft with --unsigned"
        )
    if signer is not None and unsigned:
        raise UserError("choose either a signer or --unsigned, not both")
    if tsa_url and signer is None:
        raise UserError("a timestamp authority timestamps a signature: sign the pack to use one")
    if tsa_url and not tsa_url.lower().startswith(("http://", "https://")):
        raise UserError(f"{tsa_url}: a timestamp authority URL starts with http:// or https://")
    out_path = Path(out_path)
    # Whole seconds: the signature's time (PDF date) holds no fractions, and the page
    # printed before signing must state exactly that time.
    generated_at = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    total = len(STAGES)
    yield ExportProgress(0, total, STAGES[0])
    # Each stage runs with the cyclic collector paused (never across a yield): see
    # exports.collector_pause.
    with collector_paused():
        content = load_review_content(database, review_id)
    reason = signoff_statement(content.signoff_counts(), content.finished_at)
    details = (
        SignerDetails(
            signer.name,
            signer.organisation,
            signer.fingerprint,
            reason,
            signed_at=generated_at,
            timestamp_authority=urlsplit(tsa_url).netloc if tsa_url else None,
        )
        if signer
        else None
    )
    yield ExportProgress(1, total, STAGES[1])
    with collector_paused():
        rendered = render_pack(content, generated_at, details)
        manifest_bytes = json.dumps(
            manifest(content, generated_at, signer.name if signer else None),
            indent=2,
            ensure_ascii=False,
        ).encode("utf-8")
        cited = [key for answer in content.answers for key in answer.cited_claims]
        plan = snapshot_attachment_plan(database, cited, vendor=content.vendor_slug)
    yield ExportProgress(2, total, STAGES[2] if signer else "Finishing the draft")
    with atomic_output(out_path) as temporary:
        with temporary.open("wb") as handle, collector_paused():
            finish_pack(
                rendered,
                manifest_bytes,
                handle,
                identity=signer,
                generated_at=generated_at,
                reason=reason,
                tsa_url=tsa_url or None,
                attachments=plan.attachments,
            )
        yield ExportProgress(3, total, STAGES[3])
        digest = hashlib.sha256(temporary.read_bytes()).hexdigest()
    result = PackResult(
        path=out_path,
        pages=rendered.pages,
        answers=len(content.answers),
        signed=signer is not None,
        signer=signer.name if signer else None,
        sha256=digest,
    )
    with database.write(signer.name if signer else (content.reviewer or "ddq")) as unit:
        unit.record(
            "review.export",
            "review",
            str(review_id),
            {
                "file": out_path.name,
                "sha256": digest,
                "signed": result.signed,
                "signer": result.signer,
                "pages": result.pages,
                "statement": reason if signer else None,
            },
            review_id=review_id,
        )
    yield ExportProgress(total, total, "Done", result)


def export_pack(
    database: Database, review_id: int, out_path: Path, **options: object
) -> PackResult:
    """Run :func:`build_pack` to the end and return its result (for scripts and tests)."""
    result: PackResult | None = None
    for step in build_pack(database, review_id, out_path, **options):  # type: ignore[arg-type]
        result = step.result or result
    assert result is not None
    return result

"""Local evidence files: a document the vendor sent (a SOC 2 report PDF, a certificate scan),
copied into the content-addressed snapshot store and cited by a claim like any evidence.

A local item's URL is ``local:sha256:<hex>`` (one row per distinct file), its ``origin`` is
``local``, and it carries the file's name and when it was received. A refresh never selects it
(there is nothing to fetch), so its snapshot never changes; the pack embeds it under the same
snapshot cap as fetched evidence, checked against its SHA-256.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from models.errors import UserError
from models.evidence.store import store_bytes
from models.storage.database import Database, UnitOfWork

# The same limit as a fetched body (models.evidence.fetch, which loads requests).
MAX_BODY_BYTES = 25 * 1024 * 1024
LOCAL_PREFIX = "local:sha256:"
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
FILE_FILTER = "Documents (*.pdf *.docx *.xlsx *.png *.jpg *.jpeg)"


def is_local_url(url: str | None) -> bool:
    """True for the URL of a local evidence file."""
    return bool(url) and str(url).startswith(LOCAL_PREFIX)


def local_url(sha256: str) -> str:
    """Return the evidence URL of the local file with this SHA-256."""
    return f"{LOCAL_PREFIX}{sha256}"


def describe_local(file_name: str | None, received: datetime | None) -> str:
    """Return how a local item is shown: ``local file soc2.pdf, received 2026-12-01``."""
    when = f"{received:%Y-%m-%d}" if received else "on an unknown date"
    return f"local file {file_name or 'unnamed'}, received {when}"


@dataclass(frozen=True)
class LocalFile:
    """A file copied into the snapshot store."""

    sha256: str
    snapshot_path: str
    size: int
    content_type: str
    file_name: str


def read_local_file(path: Path) -> tuple[bytes, str]:
    """Read a document to attach and return its bytes and content type.

    Raises:
        UserError: Missing, not a file, an unsupported type, empty or larger than the cap.
    """
    path = Path(path)
    content_type = CONTENT_TYPES.get(path.suffix.lower())
    if content_type is None:
        raise UserError(f"{path.name}: attach a PDF, DOCX, XLSX, PNG or JPEG file")
    if not path.is_file():
        raise UserError(f"{path.name}: no such file")
    size = path.stat().st_size
    if size > MAX_BODY_BYTES:
        raise UserError(
            f"{path.name}: {size / 1048576:.1f} MB is over the "
            f"{MAX_BODY_BYTES // 1048576} MB evidence limit"
        )
    body = path.read_bytes()
    if not body:
        raise UserError(f"{path.name}: the file is empty")
    if content_type == "application/pdf" and not body.startswith(b"%PDF"):
        raise UserError(f"{path.name}: not a PDF file")
    return body, content_type


def store_local_file(data_dir: Path, path: Path) -> LocalFile:
    """Copy ``path`` into the snapshot store (identical files are kept once).

    Raises:
        UserError: See :func:`read_local_file`.
    """
    body, content_type = read_local_file(path)
    digest, relative = store_bytes(data_dir, body, content_type)
    name = " ".join(Path(path).name.split())[:200]
    return LocalFile(digest, relative, len(body), content_type, name)


def link_local_file(
    unit: UnitOfWork, claim_id: int, claim_key: str, stored: LocalFile, title: str, kind: str
) -> str:
    """Make a claim cite a stored local file, inside the caller's transaction.

    Returns:
        The evidence URL.

    Raises:
        UserError: A bad kind, or the claim already cites this file.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from sqlmodel import select

    from models.storage.tables import EVIDENCE_KINDS, ClaimEvidence, Evidence, stored_id, utcnow

    if kind not in EVIDENCE_KINDS:
        raise UserError(f"kind must be one of {', '.join(EVIDENCE_KINDS)}, not {kind!r}")
    session = unit.session
    url = local_url(stored.sha256)
    row = session.exec(select(Evidence).where(Evidence.url == url)).first()
    now = utcnow()
    if row is None:
        row = Evidence(
            url=url,
            title=" ".join(title.split())[:500] or stored.file_name,
            kind=kind,
            access="public",
            origin="local",
            last_checked=now,
            received_at=now,
            file_name=stored.file_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            snapshot_path=stored.snapshot_path,
        )
        session.add(row)
        session.flush()
    elif session.get(ClaimEvidence, (claim_id, row.id)) is not None:
        raise UserError(f"claim {claim_key!r} already cites {stored.file_name}")
    position = len(
        session.exec(select(ClaimEvidence).where(ClaimEvidence.claim_id == claim_id)).all()
    )
    session.add(ClaimEvidence(claim_id=claim_id, evidence_id=stored_id(row), position=position))
    unit.record(
        "evidence.attach",
        "evidence",
        url,
        {
            "claim": claim_key,
            "file_name": stored.file_name,
            "sha256": stored.sha256,
            "size": stored.size,
        },
    )
    session.flush()
    return url


def attach_file(
    database: Database,
    claim_key: str,
    path: Path,
    actor: str,
    *,
    title: str = "",
    kind: str = "report",
    vendor: str | None = None,
) -> tuple[str, LocalFile]:
    """Copy a document into the store and make ``claim_key`` cite it (one transaction).

    Returns:
        The evidence URL and what was stored.

    Raises:
        UserError: Unknown claim, a bad file or kind, or the claim already cites the file.
    """
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.evidence.records import find_claim
    from models.storage.tables import EVIDENCE_KINDS, stored_id

    if kind not in EVIDENCE_KINDS:
        raise UserError(f"kind must be one of {', '.join(EVIDENCE_KINDS)}, not {kind!r}")
    stored = store_local_file(database.data_dir, path)
    with database.write(" ".join(actor.split()) or "app") as unit:
        claim = find_claim(unit.session, claim_key, vendor)
        url = link_local_file(unit, stored_id(claim), claim.key, stored, title, kind)
    return url, stored


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file (tests and the CLI compare it with the pack's copy)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()

"""The content-addressed snapshot store: every fetched evidence body, named by its SHA-256.

Layout inside ``snapshots_dir(data_dir)``::

    ab/ab12…ef.pdf      # first two hex digits as a folder; the extension follows the content
    .incoming/          # bodies being downloaded; moved into place only once complete

Identical bodies are stored once. A file only ever appears under its final name complete
(written beside it and renamed), so a crash or a cancelled refresh leaves at most a stray
``.incoming`` file, never a truncated snapshot. Paths kept in the database are relative to the
data directory, so a moved data directory keeps working.
"""

import hashlib
import os
import re
import tempfile
import time
from pathlib import Path

from models.storage.datadir import snapshots_dir

INCOMING = ".incoming"
STORE_FOLDER = snapshots_dir(Path()).name
_HEX64 = re.compile(r"^[0-9a-f]{64}$")
# Extensions let the operating system open a snapshot with the right application.
_EXTENSIONS = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/csv": ".csv",
    "application/json": ".json",
    "application/xml": ".xml",
    "text/xml": ".xml",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/svg+xml": ".svg",
    "application/zip": ".zip",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def extension_for(content_type: str | None) -> str:
    """Return a file extension for a Content-Type header (``.bin`` when unknown)."""
    if not content_type:
        return ".bin"
    media_type = content_type.split(";", 1)[0].strip().lower()
    return _EXTENSIONS.get(media_type, ".bin")


def incoming_dir(data_dir: Path) -> Path:
    """Return (creating it) the folder where bodies are written while they download."""
    directory = snapshots_dir(data_dir) / INCOMING
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def new_incoming_file(data_dir: Path) -> Path:
    """Create an empty, uniquely named file in the incoming folder and return its path."""
    handle, name = tempfile.mkstemp(prefix="fetch-", suffix=".partial", dir=incoming_dir(data_dir))
    os.close(handle)
    return Path(name)


def relative_snapshot_path(sha256: str, content_type: str | None) -> str:
    """Return where a body with this hash lives, relative to the data directory (POSIX form)."""
    if not _HEX64.match(sha256):
        raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
    return f"{STORE_FOLDER}/{sha256[:2]}/{sha256}{extension_for(content_type)}"


def commit_incoming(data_dir: Path, incoming: Path, sha256: str, content_type: str | None) -> str:
    """Move a complete download into the store under its hash; return its relative path.

    When the store already holds this body, the download is simply deleted.
    """
    relative = relative_snapshot_path(sha256, content_type)
    target = data_dir / relative
    if target.exists() and target.stat().st_size == incoming.stat().st_size:
        incoming.unlink(missing_ok=True)
        return relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with incoming.open("rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(incoming, target)
    return relative


def store_bytes(data_dir: Path, body: bytes, content_type: str | None) -> tuple[str, str]:
    """Store ``body`` and return ``(sha256, relative path)``."""
    digest = hashlib.sha256(body).hexdigest()
    incoming = new_incoming_file(data_dir)
    try:
        incoming.write_bytes(body)
        return digest, commit_incoming(data_dir, incoming, digest, content_type)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise


def snapshot_file(data_dir: Path, relative: str | None) -> Path | None:
    """Return the absolute path of a stored snapshot when the file exists, else None.

    A path that would lead outside the store (a hand-edited database) is treated as missing.
    """
    if not relative:
        return None
    store = snapshots_dir(data_dir).resolve()
    path = (data_dir / relative).resolve()
    if store not in path.parents or not path.is_file():
        return None
    return path


def read_verified(path: Path, sha256: str) -> bytes | None:
    """Return the snapshot's bytes when they still hash to ``sha256``, else None (damaged)."""
    body = path.read_bytes()
    return body if hashlib.sha256(body).hexdigest() == sha256 else None


def discard_incoming(path: Path | None) -> None:
    """Delete an unfinished or unwanted download (nothing happens when it is already gone)."""
    if path is not None:
        path.unlink(missing_ok=True)


def sweep_incoming(data_dir: Path, older_than_seconds: float = 3600.0) -> int:
    """Delete downloads left behind by a crash (older than an hour); return how many."""
    directory = snapshots_dir(data_dir) / INCOMING
    if not directory.is_dir():
        return 0
    cutoff = time.time() - older_than_seconds
    removed = 0
    for path in directory.glob("*.partial"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed

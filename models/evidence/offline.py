"""Opening evidence without the network: local snapshots and the choice between link and copy.

The app never fetches anything at start-up or during a review; only a refresh does. When a
reviewer opens an evidence link, :func:`evidence_link` decides what to open:

- the local snapshot, when one exists and the machine is offline, or when the
  ``evidence.prefer_snapshots`` setting is on;
- otherwise the URL itself (the system browser does the fetching, not DDQ Desk).

Whether the machine is online is the caller's knowledge (the GUI asks Qt); this module never
probes the network to find out.
"""

from dataclasses import dataclass
from pathlib import Path

from sqlmodel import select

from models.evidence.local_files import is_local_url
from models.evidence.store import snapshot_file
from models.settings import EVIDENCE_PREFER_SNAPSHOTS
from models.storage.database import Database
from models.storage.tables import Evidence


def local_snapshot_path(database: Database, url: str) -> Path | None:
    """Return the local snapshot of ``url`` when one is stored and present, else None."""
    with database.session() as session:
        relative = session.exec(
            select(Evidence.snapshot_path).where(Evidence.url == url.strip())
        ).first()
    return snapshot_file(database.data_dir, relative)


@dataclass(frozen=True)
class EvidenceLink:
    """What to open for an evidence link.

    Attributes:
        target: A ``file://`` URI of the snapshot, or the original URL.
        is_snapshot: True when ``target`` is the local snapshot.
        note: One line to show beside the link (why this target was chosen).
        snapshot: The snapshot file when ``target`` is it (opened as a local file; only a
            web URL is ever opened as a link).
    """

    target: str
    is_snapshot: bool
    note: str
    snapshot: Path | None = None


def choose_evidence_link(
    url: str, snapshot: Path | None, *, online: bool, prefer_snapshots: bool
) -> EvidenceLink:
    """Decide between the local snapshot and the URL (a pure function; no I/O).

    Args:
        url: The evidence URL.
        snapshot: Its local snapshot, if any (see :func:`local_snapshot_path`).
        online: Whether the machine has a network connection.
        prefer_snapshots: The ``evidence.prefer_snapshots`` setting.
    """
    if snapshot is not None and (prefer_snapshots or not online):
        reason = "snapshots preferred in Settings" if online else "offline"
        return EvidenceLink(snapshot.as_uri(), True, f"local snapshot ({reason})", snapshot)
    if snapshot is None and not online:
        return EvidenceLink(url, False, "offline and no local snapshot: the link may not open")
    return EvidenceLink(url, False, "live page")


def evidence_link(database: Database, url: str, *, online: bool) -> EvidenceLink:
    """Return what to open for ``url``, reading the snapshot and the setting from ``database``."""
    if is_local_url(url):
        stored = local_snapshot_path(database, url)
        if stored is None:
            return EvidenceLink(url, False, "local file missing from the data folder")
        return EvidenceLink(stored.as_uri(), True, "local file", stored)
    return choose_evidence_link(
        url,
        local_snapshot_path(database, url),
        online=online,
        prefer_snapshots=EVIDENCE_PREFER_SNAPSHOTS.read(database),
    )

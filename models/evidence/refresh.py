"""Refreshing evidence: fetch many URLs four at a time, store snapshots, record what changed.

:func:`refresh_evidence` is a generator: it yields a :class:`RefreshProgress` after each item
is *recorded*, so a progress bar (GUI) or a line printer (CLI) consumes the same engine.
Fetching happens on worker threads; every database write happens on the thread iterating the
generator, one ``database.write`` per item with its AuditEvent. That gives cancellation a
plain meaning: when the cancel hook fires (or the consumer stops iterating), every item
already reported stays saved and every other item is left exactly as it was; downloads in
flight are stopped at their next chunk and thrown away.

Gated evidence (behind a trust-portal login) is reported as gated and never fetched. A failed
fetch (unreachable, refused, 404, timeout, too large) is recorded on its row (``error``,
``http_status``, ``last_checked``) and keeps the last good snapshot; the refresh goes on.

Which evidence is refreshed is the caller's choice (:func:`select_evidence`): everything, the
evidence of some claims, or URLs under a prefix. Refreshing everything reaches the internet.
"""

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import col, select

from models.errors import UserError
from models.evidence.fetch import FetchLimits, FetchOutcome, fetch
from models.evidence.records import flag_evidence_change
from models.evidence.store import commit_incoming, discard_incoming, sweep_incoming
from models.storage.database import Database
from models.storage.tables import Claim, ClaimEvidence, Evidence, stored_id, utcnow

WORKERS = 4
POLL_SECONDS = 0.1
CANCEL_GRACE_SECONDS = 2.0
RESULTS = ("first-snapshot", "unchanged", "changed", "failed", "gated")

CancelHook = threading.Event | Callable[[], bool] | None


@dataclass(frozen=True)
class EvidenceTarget:
    """One evidence item to refresh."""

    id: int
    url: str
    access: str


@dataclass(frozen=True)
class ItemResult:
    """What refreshing one item did.

    Attributes:
        url: The evidence URL.
        result: ``first-snapshot``, ``unchanged``, ``changed``, ``failed`` or ``gated``.
        http_status: The HTTP status of the last response, if any.
        sha256: The new snapshot's hash (None unless a body was stored).
        size: The body size in bytes.
        error: One line saying what went wrong (``failed`` only).
        claims: Keys of the claims citing the evidence (``changed`` only).
        answers_flagged: Open answers newly flagged (``changed`` only).
    """

    url: str
    result: str
    http_status: int | None = None
    sha256: str | None = None
    size: int | None = None
    error: str | None = None
    claims: list[str] = field(default_factory=list)
    answers_flagged: int = 0

    @property
    def needs_attention(self) -> bool:
        """True for items a reviewer should read about: failures and changes."""
        return self.result in ("failed", "changed")

    def describe(self) -> str:
        """Return one line for this item."""
        if self.result == "failed":
            return f"{self.url}: {self.error}"
        if self.result == "changed":
            claims = ", ".join(self.claims) or "no claims"
            return (
                f"{self.url}: changed since the last snapshot (claims: {claims}; "
                f"{self.answers_flagged} open answers flagged)"
            )
        if self.result == "gated":
            return f"{self.url}: gated (behind a login); not fetched"
        return f"{self.url}: {self.result} (HTTP {self.http_status}, {self.size:,} bytes)"


@dataclass(frozen=True)
class RefreshProgress:
    """One step of a refresh: ``done`` of ``total`` items recorded, the latest being ``item``."""

    done: int
    total: int
    item: ItemResult


def summarise(items: Iterable[ItemResult], total: int) -> str:
    """Return the one-line summary of a refresh (``total``: the items it was asked to do)."""
    items = list(items)
    counts = {name: sum(1 for item in items if item.result == name) for name in RESULTS}
    fetched = len(items) - counts["gated"]
    parts = [
        f"{counts['first-snapshot']} new",
        f"{counts['unchanged']} unchanged",
        f"{counts['changed']} changed",
        f"{counts['failed']} failed",
    ]
    noun = "item" if fetched == 1 else "items"
    line = f"checked {fetched} evidence {noun}: {', '.join(parts)}"
    if counts["gated"]:
        line += f"; {counts['gated']} gated not fetched"
    if len(items) < total:
        line += f"; cancelled, {total - len(items)} left as they were"
    return line


def select_evidence(
    database: Database,
    claim_keys: Iterable[str] | None = None,
    url_prefix: str | None = None,
) -> list[EvidenceTarget]:
    """Return the evidence to refresh: all of it, or only what the filters keep.

    Args:
        database: The open database.
        claim_keys: Only evidence cited by these claims.
        url_prefix: Only evidence whose URL starts with this text.

    Raises:
        UserError: A claim key that is not in the knowledge base.
    """
    with database.session() as session:
        query = select(Evidence).order_by(col(Evidence.id))
        if claim_keys is not None:
            keys = list(dict.fromkeys(claim_keys))
            found = set(session.exec(select(col(Claim.key)).where(col(Claim.key).in_(keys))).all())
            missing = [key for key in keys if key not in found]
            if missing:
                raise UserError(f"no claim with key {missing[0]!r}")
            cited = (
                select(ClaimEvidence.evidence_id)
                .join(Claim, col(Claim.id) == col(ClaimEvidence.claim_id))
                .where(col(Claim.key).in_(keys))
            )
            query = query.where(col(Evidence.id).in_(cited))
        rows = session.exec(query).all()
    return [
        EvidenceTarget(stored_id(row), row.url, row.access)
        for row in rows
        # A local file was received, not published: there is nothing to fetch.
        if row.origin != "local" and (url_prefix is None or row.url.startswith(url_prefix))
    ]


def _cancel_check(cancel: CancelHook) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


def _record(
    database: Database, target: EvidenceTarget, outcome: FetchOutcome, actor: str, now: datetime
) -> ItemResult:
    """Write one fetch outcome (and any changed-evidence flags) in one transaction."""
    try:
        with database.write(actor) as unit:
            row = unit.session.get(Evidence, target.id)
            if row is None:
                discard_incoming(outcome.body_file)
                return ItemResult(target.url, "failed", error="removed during the refresh")
            row.last_checked = now
            row.http_status = outcome.http_status
            if not outcome.ok:
                row.error = outcome.error
                unit.session.add(row)
                unit.record(
                    "evidence.check-failed",
                    "evidence",
                    row.url,
                    {"http_status": outcome.http_status, "error": outcome.error},
                )
                return ItemResult(
                    row.url, "failed", http_status=outcome.http_status, error=outcome.error
                )
            # A fetch that went well always has its body and hash (FetchOutcome.ok).
            assert outcome.body_file is not None and outcome.sha256 is not None
            relative = commit_incoming(
                database.data_dir, outcome.body_file, outcome.sha256, outcome.content_type
            )
            before = row.sha256
            changed = before is not None and before != outcome.sha256
            if changed and not row.changed:
                # Keep the hash the reviewer last accepted until they clear the change.
                row.previous_sha256 = before
            row.changed = row.changed or changed
            row.sha256 = outcome.sha256
            row.snapshot_path = relative
            row.content_type = outcome.content_type
            row.size = outcome.size
            row.error = None
            unit.session.add(row)
            unit.record(
                "evidence.snapshot",
                "evidence",
                row.url,
                {
                    "http_status": outcome.http_status,
                    "sha256": outcome.sha256,
                    "before": before,
                    "size": outcome.size,
                    "changed": changed,
                },
            )
            claims, answers = flag_evidence_change(unit, row) if changed else ([], 0)
            result = "changed" if changed else ("unchanged" if before else "first-snapshot")
            return ItemResult(
                row.url,
                result,
                http_status=outcome.http_status,
                sha256=outcome.sha256,
                size=outcome.size,
                claims=claims,
                answers_flagged=answers,
            )
    except BaseException:
        discard_incoming(outcome.body_file)
        raise


def _discard_result(future: Future[FetchOutcome]) -> None:
    if not future.cancelled() and future.exception() is None:
        discard_incoming(future.result().body_file)


def _fetch_safely(
    target: EvidenceTarget, database: Database, limits: FetchLimits, stop: threading.Event
) -> FetchOutcome:
    try:
        return fetch(target.url, database.data_dir, limits, stop)
    except Exception as error:  # a fault in one fetch must not end the whole refresh
        return FetchOutcome(target.url, target.url, error=f"fetch failed: {error}"[:200])


def refresh_evidence(
    database: Database,
    targets: Iterable[EvidenceTarget] | None = None,
    *,
    limits: FetchLimits = FetchLimits(),
    workers: int = WORKERS,
    cancel: CancelHook = None,
    actor: str = "refresh",
) -> Iterator[RefreshProgress]:
    """Refresh evidence, yielding progress after each item is recorded.

    Args:
        database: The open database.
        targets: What to refresh (see :func:`select_evidence`); None means every item.
        limits: Network limits for each fetch.
        workers: Fetches running at once.
        cancel: A ``threading.Event`` or a callable; once it is set (returns True) nothing
            more is recorded and the generator ends.
        actor: Who the AuditEvents name.

    Yields:
        One :class:`RefreshProgress` per item, gated items first, then fetches as they finish.
    """
    chosen = list(select_evidence(database) if targets is None else targets)
    cancelled = _cancel_check(cancel)
    total = len(chosen)
    done = 0
    for target in chosen:
        if target.access == "gated":
            if cancelled():
                return
            done += 1
            yield RefreshProgress(done, total, ItemResult(target.url, "gated"))
    to_fetch = [target for target in chosen if target.access != "gated"]
    if not to_fetch or cancelled():
        return
    sweep_incoming(database.data_dir)
    stop = threading.Event()
    executor = ThreadPoolExecutor(max_workers=max(1, workers), thread_name_prefix="evidence")
    order: dict[Future[FetchOutcome], int] = {}
    for index, target in enumerate(to_fetch):
        order[executor.submit(_fetch_safely, target, database, limits, stop)] = index
    recorded: set[Future[FetchOutcome]] = set()
    try:
        ready: deque[Future[FetchOutcome]] = deque()
        waiting = set(order)
        while ready or waiting:
            if cancelled():
                return
            if not ready:
                finished, waiting = wait(waiting, POLL_SECONDS, return_when=FIRST_COMPLETED)
                ready.extend(sorted(finished, key=order.__getitem__))
                continue
            future = ready.popleft()
            recorded.add(future)
            item = _record(database, to_fetch[order[future]], future.result(), actor, utcnow())
            done += 1
            yield RefreshProgress(done, total, item)
    finally:
        stop.set()
        unrecorded = [future for future in order if future not in recorded]
        for future in unrecorded:
            future.cancel()
        # Running fetches stop at their next chunk; give them a moment so their downloads are
        # deleted before we return. One stuck on a silent server is not waited for: it ends
        # at its own timeout and the callback deletes whatever it downloaded.
        wait(unrecorded, CANCEL_GRACE_SECONDS)
        for future in unrecorded:
            if future.done():
                _discard_result(future)
            else:
                future.add_done_callback(_discard_result)
        executor.shutdown(wait=False, cancel_futures=True)

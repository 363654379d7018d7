"""Reading claims: plain records (safe to hand to any thread or widget), listing, full-text
search (FTS5 on SQLite, a tsvector column on PostgreSQL, the same ranking rules), and the
flags a reviewer needs to see (superseded, stale, changed).

This is the hot read path, so it runs on plain sqlite3 (``Database.read``) and never imports
the ORM: ``ddq kb list`` costs little more than starting Python.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from models.errors import UserError
from models.evidence.local_files import describe_local
from models.storage.database import Database
from models.storage.reading import ReadConnection, ReadRow

DEFAULT_MAX_AGE_DAYS = 365
# bm25 weights per FTS column: key, title, statement, conditions, keywords.
FTS_WEIGHTS = (4.0, 6.0, 1.0, 0.5, 3.0)
# The same on PostgreSQL, where the search vector weighs title A, key and keywords B,
# statement C, conditions D (migration 0001): ts_rank's weights for D, C, B, A, in the ratio
# of FTS_WEIGHTS (B is between key's 4 and keywords' 3).
TS_RANK_WEIGHTS = "{0.05, 0.1, 0.35, 0.6}"


@dataclass(frozen=True)
class SourceRecord:
    """A source as a claim cites it."""

    key: str
    title: str
    url: str | None
    published: date | None
    date_note: str

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        return {
            "key": self.key,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "date_note": self.date_note,
        }


@dataclass(frozen=True)
class EvidenceRecord:
    """An evidence link with what the last check found."""

    id: int
    url: str
    title: str
    kind: str
    access: str
    last_checked: datetime | None
    http_status: int | None
    sha256: str | None
    snapshot_path: str | None
    changed: bool
    error: str | None
    origin: str = "web"
    received_at: datetime | None = None
    file_name: str | None = None

    @property
    def is_local(self) -> bool:
        """True for a file a reviewer attached (never fetched)."""
        return self.origin == "local"

    def describe(self) -> str:
        """Return the link's label: its URL, or ``local file X, received <date>``."""
        if self.is_local:
            return describe_local(self.file_name, self.received_at)
        return self.url

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        local = (
            {"origin": "local", "file_name": self.file_name,
             "received": self.received_at.isoformat() if self.received_at else None}
            if self.is_local else {}
        )  # fmt: skip
        return local | {
            "url": self.url,
            "title": self.title,
            "kind": self.kind,
            "access": self.access,
            "last_checked": self.last_checked.isoformat() if self.last_checked else None,
            "http_status": self.http_status,
            "sha256": self.sha256,
            "changed": self.changed,
            "error": self.error,
        }


@dataclass(frozen=True)
class AnnotationRecord:
    """A reviewer's dated note on a claim."""

    id: int
    author: str
    created: date
    disposition: str
    note: str
    dismissed_reason: str | None
    version: int

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON types."""
        return {
            "id": self.id,
            "author": self.author,
            "date": self.created.isoformat(),
            "disposition": self.disposition,
            "note": self.note,
            "dismissed_reason": self.dismissed_reason,
            "version": self.version,
        }


@dataclass(frozen=True)
class ClaimRecord:
    """A claim with everything a reader needs, detached from any session."""

    id: int
    vendor: str
    key: str
    title: str
    statement: str
    status: str
    conditions: dict[str, Any]
    watch_out: str | None
    as_of: date | None
    keywords: list[str]
    stored_flags: list[str]
    updated_at: datetime
    updated_by: str
    # The row version this record was read at: an edit based on it is refused once another
    # change has landed (models.storage.versions).
    version: int
    superseded_by: str | None = None
    supersedes: list[str] = field(default_factory=list)
    sources: list[SourceRecord] = field(default_factory=list)
    evidence: list[EvidenceRecord] = field(default_factory=list)
    annotations: list[AnnotationRecord] = field(default_factory=list)
    answers: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_superseded(self) -> bool:
        """True when a newer claim replaced this one."""
        return self.superseded_by is not None

    def is_stale(self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS) -> bool:
        """True when the claim's as-of date is older than ``max_age_days`` (or unknown)."""
        if self.as_of is None:
            return True
        return ((today or date.today()) - self.as_of).days > max_age_days

    def flags(
        self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
    ) -> list[str]:
        """Return what a reviewer should notice: watch-out, superseded, stale, evidence changed."""
        result = list(self.stored_flags)
        if self.watch_out:
            result.append("watch-out")
        if self.is_superseded:
            result.append("superseded")
        if self.is_stale(today, max_age_days):
            result.append("stale")
        if any(item.changed for item in self.evidence) and "evidence-changed" not in result:
            result.append("evidence-changed")
        return result

    def to_json(
        self, today: date | None = None, max_age_days: int = DEFAULT_MAX_AGE_DAYS
    ) -> dict[str, Any]:
        """Return the claim as the command line prints it (``kb show --json``)."""
        return {
            "vendor": self.vendor,
            "key": self.key,
            "title": self.title,
            "status": self.status,
            "statement": self.statement,
            "conditions": self.conditions,
            "watch_out": self.watch_out,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "superseded_by": self.superseded_by,
            "supersedes": self.supersedes,
            "keywords": self.keywords,
            "sources": [source.to_json() for source in self.sources],
            "evidence": [item.to_json() for item in self.evidence],
            "annotations": [note.to_json() for note in self.annotations],
            "flags": self.flags(today, max_age_days),
            "updated_at": self.updated_at.isoformat(),
            "updated_by": self.updated_by,
            "version": self.version,
        }


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _datetime(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    # Stored naive in UTC by SQLAlchemy; hand out aware values.
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# json.loads(text) is this decoder's decode(text) after checks that stored text never needs.
_decode_json = json.JSONDecoder().decode


def _json(text: str | None, empty: str) -> Any:
    # Most claims have no flags or rules: an empty list or object needs no JSON parser.
    if not text or text == empty:
        return [] if empty == "[]" else {}
    return _decode_json(text)


def _stamp(value: str) -> datetime:
    moment = _datetime(value)
    if moment is None:
        raise ValueError("a stored timestamp is empty")
    return moment


def _placeholders(values: list[int]) -> str:
    return ",".join("?" for _ in values)


def _records(connection: ReadConnection, rows: list[ReadRow]) -> list[ClaimRecord]:
    """Build full records for claim rows with one query per related table (never N+1)."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    marks = _placeholders(ids)
    vendors = dict(connection.execute("SELECT id, slug FROM vendor").fetchall())
    replaced_by_ids = [row["superseded_by_id"] for row in rows if row["superseded_by_id"]]
    key_by_id = (
        dict(
            connection.execute(
                f"SELECT id, key FROM claim WHERE id IN ({_placeholders(replaced_by_ids)})",
                replaced_by_ids,
            ).fetchall()
        )
        if replaced_by_ids
        else {}
    )
    supersedes: dict[int, list[str]] = {}
    for replaced_by, key in connection.execute(
        f"SELECT superseded_by_id, key FROM claim WHERE superseded_by_id IN ({marks}) ORDER BY id",
        ids,
    ):
        supersedes.setdefault(replaced_by, []).append(key)
    sources: dict[int, list[SourceRecord]] = {}
    for row in connection.execute(
        "SELECT cs.claim_id, s.key, s.title, s.url, s.published, s.date_note "
        f"FROM claimsource cs JOIN source s ON s.id = cs.source_id "
        f"WHERE cs.claim_id IN ({marks}) ORDER BY cs.position",
        ids,
    ):
        sources.setdefault(row[0], []).append(
            SourceRecord(row[1], row[2], row[3], _date(row[4]), row[5])
        )
    evidence: dict[int, list[EvidenceRecord]] = {}
    for row in connection.execute(
        "SELECT ce.claim_id, e.id, e.url, e.title, e.kind, e.access, e.last_checked, "
        "e.http_status, e.sha256, e.snapshot_path, e.changed, e.error, e.origin, "
        "e.received_at, e.file_name FROM claimevidence ce JOIN evidence e ON e.id = ce.evidence_id "
        f"WHERE ce.claim_id IN ({marks}) ORDER BY ce.position",
        ids,
    ):
        evidence.setdefault(row[0], []).append(
            EvidenceRecord(
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                _datetime(row[6]),
                row[7],
                row[8],
                row[9],
                bool(row[10]),
                row[11],
                row[12] or "web",
                _datetime(row[13]),
                row[14],
            )
        )
    notes: dict[int, list[AnnotationRecord]] = {}
    for row in connection.execute(
        "SELECT claim_id, id, author, created, disposition, note, dismissed_reason, version "
        f"FROM annotation WHERE claim_id IN ({marks}) ORDER BY id",
        ids,
    ):
        notes.setdefault(row[0], []).append(
            AnnotationRecord(
                row[1], row[2], date.fromisoformat(row[3]), row[4], row[5], row[6], row[7]
            )
        )
    # Columns by position, looked up once: a row (sqlite3.Row) finds a name by comparing it with
    # every column name in turn, and this runs for every row a search returns.
    column = {name: position for position, name in enumerate(rows[0].keys())}
    (id_, vendor_id, key, title, statement, status, conditions, watch_out, as_of, keywords,
     flags, updated_at, updated_by, replaced_by, answers, version) = (
        column[name] for name in (
            "id", "vendor_id", "key", "title", "statement", "status", "conditions",
            "watch_out", "as_of", "keywords", "flags", "updated_at", "updated_by",
            "superseded_by_id", "answers", "version",
        )
    )  # fmt: skip
    return [
        ClaimRecord(
            id=row[id_],
            vendor=vendors.get(row[vendor_id], ""),
            key=row[key],
            title=row[title],
            statement=row[statement],
            status=row[status],
            conditions=_json(row[conditions], "{}"),
            watch_out=row[watch_out],
            as_of=_date(row[as_of]),
            keywords=_json(row[keywords], "[]"),
            stored_flags=_json(row[flags], "[]"),
            updated_at=_stamp(row[updated_at]),
            updated_by=row[updated_by],
            version=row[version],
            superseded_by=key_by_id.get(row[replaced_by]),
            supersedes=supersedes.get(row[id_], []),
            sources=sources.get(row[id_], []),
            evidence=evidence.get(row[id_], []),
            annotations=notes.get(row[id_], []),
            answers=_json(row[answers], "[]"),
        )
        for row in rows
    ]


def _vendor_id(connection: ReadConnection, vendor: str | None) -> int | None:
    if vendor is None:
        return None
    row = connection.execute("SELECT id FROM vendor WHERE slug = ?", (vendor,)).fetchone()
    if row is None:
        raise UserError(f"unknown vendor {vendor!r}")
    return row[0]


def list_claims(database: Database, vendor: str | None = None) -> list[ClaimRecord]:
    """Return every claim (optionally of one vendor) in knowledge-base order.

    Raises:
        UserError: ``vendor`` is not in the knowledge base.
    """
    with database.read() as connection:
        vendor_id = _vendor_id(connection, vendor)
        if vendor_id is None:
            rows = connection.execute("SELECT * FROM claim ORDER BY id").fetchall()
        else:
            rows = connection.execute(
                "SELECT * FROM claim WHERE vendor_id = ? ORDER BY id", (vendor_id,)
            ).fetchall()
        return _records(connection, rows)


def get_claim(database: Database, key: str, vendor: str | None = None) -> ClaimRecord:
    """Return one claim by key (of ``vendor`` when given).

    Raises:
        UserError: No claim has that key, or several vendors have one and none was named.
    """
    with database.read() as connection:
        vendor_id = _vendor_id(connection, vendor)
        sql = "SELECT * FROM claim WHERE key = ?"
        parameters: list[object] = [key]
        if vendor_id is not None:
            sql += " AND vendor_id = ?"
            parameters.append(vendor_id)
        rows = connection.execute(sql + " ORDER BY id LIMIT 2", parameters).fetchall()
        if not rows:
            raise UserError(f"no claim with key {key!r} (try: ddq kb search {key})")
        if len(rows) > 1:
            raise UserError(f"several vendors have a claim {key!r}; name one with --vendor")
        return _records(connection, [rows[0]])[0]


_TOKEN = re.compile(r"\w+", re.UNICODE)
# FTS5 query cost grows quickly with the number of terms; a pasted page of text must not hang
# the search box or auto-fill, and no question needs more distinct words than this to match.
MAX_QUERY_WORDS = 64
MAX_RESULTS = 10_000


def fts_query(user_text: str, prefix_last: bool = True, join: str = "AND") -> str:
    """Turn free text into a safe FTS5 query: every word quoted, the last one as a prefix.

    Args:
        user_text: What the user typed; any punctuation or FTS syntax is treated as text.
        prefix_last: Match the last word as a prefix (search as you type).
        join: ``AND`` (every word) or ``OR`` (any word).

    Returns:
        The FTS5 query, or an empty string when the text has no words. Repeated words count
        once, and only the first ``MAX_QUERY_WORDS`` distinct words are used.
    """
    words = list(dict.fromkeys(_TOKEN.findall(user_text.lower())))[:MAX_QUERY_WORDS]
    if not words:
        return ""
    parts = [f'"{word}"' for word in words]
    if prefix_last:
        parts[-1] += "*"
    return f" {join} ".join(parts)


_RANK_SQL = (
    "SELECT rowid, bm25(claim_fts, {weights}) AS rank FROM claim_fts WHERE claim_fts MATCH ? "
    "ORDER BY rank LIMIT ?"
).format(weights=", ".join(str(weight) for weight in FTS_WEIGHTS))
# Negated, so that lower is better as bm25's rank is; ties in id order.
_PG_RANK_SQL = (
    f"SELECT id, -ts_rank('{TS_RANK_WEIGHTS}', search_vector, query) AS rank "
    "FROM claim, to_tsquery('ddq_search', ?) AS query WHERE search_vector @@ query "
    "ORDER BY rank, id LIMIT ?"
)
_SUPERSEDED_SQL = "SELECT id FROM claim WHERE superseded_by_id IS NOT NULL"


def ts_query(user_text: str) -> str:
    """Turn free text into a safe PostgreSQL tsquery, as ``fts_query`` does for FTS5.

    Every word must match and the last one matches as a prefix; the words are only letters,
    digits and underscores, so none can be read as tsquery syntax.
    """
    words = list(dict.fromkeys(_TOKEN.findall(user_text.lower())))[:MAX_QUERY_WORDS]
    if not words:
        return ""
    return " & ".join([*words[:-1], f"{words[-1]}:*"])


def _search(
    connection: ReadConnection, user_text: str, limit: int, backend: str = "sqlite"
) -> list[tuple[int, float]]:
    postgres = backend == "postgresql"
    query = ts_query(user_text) if postgres else fts_query(user_text)
    if not query:
        return []
    limit = max(1, min(int(limit), MAX_RESULTS))
    # Current claims come before the ones a newer source superseded, then by relevance.
    # Superseded claims are few (an indexed lookup): the best ``limit`` plus that many by
    # rank hold every claim of the answer, so no match is joined to its claim row.
    superseded = {row[0] for row in connection.execute(_SUPERSEDED_SQL)}
    rank_sql = _PG_RANK_SQL if postgres else _RANK_SQL
    rows = connection.execute(rank_sql, (query, limit + len(superseded))).fetchall()
    rows.sort(key=lambda row: row[0] in superseded)
    return [(int(row[0]), float(row[1])) for row in rows[:limit]]


def search_claim_ids(
    database: Database, user_text: str, limit: int = 50
) -> list[tuple[int, float]]:
    """Return (claim id, bm25 rank) pairs best first; every word must match (as you type)."""
    with database.read() as connection:
        return _search(connection, user_text, limit, database.backend)


def search_claims(database: Database, user_text: str, limit: int = 50) -> list[ClaimRecord]:
    """Return the claims matching ``user_text``, most relevant first."""
    with database.read() as connection:
        ranked = _search(connection, user_text, limit, database.backend)
        if not ranked:
            return []
        ids = [claim_id for claim_id, _rank in ranked]
        rows = connection.execute(
            f"SELECT * FROM claim WHERE id IN ({_placeholders(ids)})", ids
        ).fetchall()
        order = {claim_id: position for position, claim_id in enumerate(ids)}
        rows.sort(key=lambda row: order[row["id"]])
        return _records(connection, rows)

"""One line per review for the list of reviews: how far each has got (no Qt)."""

from dataclasses import dataclass, field
from pathlib import PurePath

from models.storage.database import Database
from models.storage.reading import ReadRow
from models.verdicts import VERDICTS


@dataclass(frozen=True)
class ReviewOverview:
    """A review as the list of reviews shows it."""

    id: int
    title: str
    vendor_name: str
    source: str
    total: int
    resolved: int
    flagged: int
    updated_at: str
    finished: bool
    vendor: str = ""
    verdicts: dict[str, int] = field(default_factory=dict)


def review_overview(database: Database) -> list[ReviewOverview]:
    """Return every review with its answer counts, most recently changed first."""
    sql = (
        "SELECT review.id, review.title, vendor.name, "
        "COALESCE(review.template_id, review.source_file, ''), "
        "COUNT(answer.id), "
        "SUM(CASE WHEN answer.state IN ('accepted', 'edited') THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN answer.state = 'flagged' THEN 1 ELSE 0 END), "
        "review.updated_at, review.finished_at IS NOT NULL, vendor.slug, "
        + ", ".join(
            f"SUM(CASE WHEN answer.verdict = '{verdict}' THEN 1 ELSE 0 END)" for verdict in VERDICTS
        )
        + " "
        "FROM review JOIN vendor ON vendor.id = review.vendor_id "
        "LEFT JOIN answer ON answer.review_id = review.id "
        # Every selected column named (review's key alone suffices for SQLite, not for SQL).
        "GROUP BY review.id, vendor.id ORDER BY review.updated_at DESC, review.id DESC"
    )
    with database.read() as connection:
        rows = connection.execute(sql).fetchall()
    return [_overview(row) for row in rows]


def _overview(row: ReadRow) -> ReviewOverview:
    return ReviewOverview(
        id=row[0], title=row[1], vendor_name=row[2], source=PurePath(row[3]).name, total=row[4],
        resolved=row[5] or 0, flagged=row[6] or 0, updated_at=str(row[7])[:16],
        finished=bool(row[8]), vendor=row[9],
        verdicts={verdict: row[10 + index] or 0 for index, verdict in enumerate(VERDICTS)},
    )  # fmt: skip

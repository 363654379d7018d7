"""Where reviewed answers go in the customer's own workbook, and which words they may use.

The reviewer picks a column for the verdict and one for the answer text among the headers of
the questionnaire (suggested from their names: "Yes/No", "Response", "Vendor Response",
"Answer", "Comments"…), or lets new columns be added as ``ddq answer --out`` does. When the
verdict column's cells carry a list data validation (Yes / No / N/A / Partial…), or its header
names the choices ("Yes/No"), the verdict is written as one of those values through a
mapping the reviewer sees and may edit. ``unknown`` is never mapped to a value: it stays
blank and what to request goes in the answer text. "N/A" claims the question does not apply,
which is an answer; an unknown is not one.

The choice is remembered per review in the Setting table (``review.<id>.workbook``).
"""

import json
import re
from dataclasses import dataclass, field
from typing import Any

from models.errors import UserError
from models.storage.database import Database
from models.storage.tables import Setting
from models.verdicts import VERDICTS
from questionnaires.importers.headers import header_key

VERDICT_HEADERS = ("yes/no", "yes / no", "y/n", "yes/no/n/a", "compliant", "compliance", "status")
TEXT_HEADERS = (
    "vendor response",
    "response",
    "answer",
    "vendor answer",
    "comments",
    "comment",
    "vendor comments",
    "explanation",
    "details",
    "remarks",
    "notes",
)
SYNONYMS = {
    "yes": ("yes", "y", "compliant", "true", "met", "in place", "implemented", "fully compliant"),
    "no": ("no", "n", "non-compliant", "not compliant", "false", "not met", "not implemented"),
    "partial": (
        "partial",
        "partially",
        "partly",
        "partially compliant",
        "partially met",
        "in progress",
        "conditional",
    ),
}
NOT_APPLICABLE = ("n/a", "na", "not applicable", "n.a.", "none")
VERDICT_ORDER = VERDICTS  # the contract's order


@dataclass(frozen=True)
class WorkbookChoice:
    """Which existing columns take the verdict and the answer text, and how verdicts map.

    Attributes:
        verdict_column: Header of the verdict column, or None for a new column.
        text_column: Header of the answer-text column, or None for a new column.
        mapping: Our verdict → the value written, for a verdict column with a list of
            values; ``""`` leaves the cell blank. Missing verdicts use the default.
    """

    verdict_column: str | None = None
    text_column: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return plain JSON."""
        return {"verdict": self.verdict_column, "text": self.text_column, "mapping": self.mapping}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "WorkbookChoice":
        """Build from :meth:`to_json` output (unknown keys ignored)."""
        mapping = data.get("mapping") or {}
        return cls(
            verdict_column=data.get("verdict") or None,
            text_column=data.get("text") or None,
            mapping={str(k): str(v) for k, v in mapping.items() if k in VERDICT_ORDER},
        )


def suggest_columns(headers: list[str]) -> WorkbookChoice:
    """Suggest the verdict and text columns among ``headers`` from their names."""
    keys = {header_key(header): header for header in headers if header_key(header)}
    verdict = next((keys[k] for k in VERDICT_HEADERS if k in keys), None)
    text = next((keys[k] for k in TEXT_HEADERS if k in keys and keys[k] != verdict), None)
    return WorkbookChoice(verdict_column=verdict, text_column=text)


def implied_values(header: str) -> list[str]:
    """Return the choices a header names, e.g. ``"Yes/No/N/A"`` → Yes, No, N/A."""
    key = header_key(header)
    if not re.fullmatch(r"[a-z]+(?:\s*/\s*(?:n/a|[a-z]+))+", key):
        return []
    words = re.findall(r"n/a|[a-z]+", str(header), flags=re.IGNORECASE)
    known = {w for values in SYNONYMS.values() for w in values} | set(NOT_APPLICABLE)
    return words if all(header_key(word) in known for word in words) else []


def _is_not_applicable(value: str) -> bool:
    return header_key(value) in NOT_APPLICABLE


def default_mapping(allowed: list[str]) -> dict[str, str]:
    """Map our verdicts onto a list of allowed values by meaning; blank where none fits."""
    mapping: dict[str, str] = {}
    for verdict in VERDICT_ORDER:
        found = ""
        for value in allowed:
            if verdict != "unknown" and header_key(value) in SYNONYMS.get(verdict, ()):
                found = value
                break
        mapping[verdict] = found
    return mapping


def check_mapping(mapping: dict[str, str], allowed: list[str] | None) -> dict[str, str]:
    """Return ``mapping`` completed with defaults, after refusing values the list rejects.

    Raises:
        UserError: A value is not in ``allowed``, or ``unknown`` maps to a value (N/A claims
            the question does not apply; unknown stays blank).
    """
    defaults = default_mapping(allowed or [])
    result: dict[str, str] = {}
    for verdict in VERDICT_ORDER:
        value = str(mapping.get(verdict, defaults[verdict]) or "")
        if verdict == "unknown" and value:
            kind = "N/A" if _is_not_applicable(value) else repr(value)
            raise UserError(
                f"unknown cannot be written as {kind}: an unknown answer leaves the verdict blank "
                "and the request goes in the answer text"
            )
        if value and allowed is not None and value not in allowed:
            raise UserError(
                f"{value!r} for {verdict} is not one of the values the workbook allows "
                f"({', '.join(allowed)})"
            )
        result[verdict] = value
    return result


def _key(review_id: int) -> str:
    return f"review.{review_id}.workbook"


def load_choice(database: Database, review_id: int) -> WorkbookChoice | None:
    """Return the column choice remembered for a review, or None."""
    with database.read() as connection:
        row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (_key(review_id),)
        ).fetchone()
    if row is None:
        return None
    try:
        return WorkbookChoice.from_json(json.loads(row["value"]))
    except (ValueError, AttributeError):
        return None


def save_choice(database: Database, review_id: int, choice: WorkbookChoice, actor: str) -> None:
    """Remember the column choice for a review (audited)."""

    text = json.dumps(choice.to_json(), ensure_ascii=False)
    with database.write(actor) as unit:
        row = unit.session.get(Setting, _key(review_id)) or Setting(key=_key(review_id))
        if row.value == text:
            return
        row.value = text
        unit.session.add(row)
        unit.record(
            "review.workbook-columns", "review", str(review_id), choice.to_json(), review_id
        )

"""Every user setting, declared once with its type, default and converter (Picard-style).

A :class:`Setting` knows its key, its default and how stored text becomes its value, so
reading one is typed at every call site: ``REVIEWER_NAME.read(db)`` is a
``str``, ``MAX_EVIDENCE_AGE_DAYS.read(db)`` an ``int``. The Settings dialog, the evidence
refresh and the signed pack read settings only through this module, so a default lives in
exactly one place.

On SQLite the values live in the database's Setting table. A team database on PostgreSQL is
shared by everyone, but these settings are each person's own (their name, organisation,
signing identity file…), so there they live in ``settings.json`` in that person's data
directory; every change is still recorded as an AuditEvent in the team database.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from models.errors import UserError
from models.storage.database import Database
from models.storage.files import atomic_output

T = TypeVar("T", str, int, bool)

PERSONAL_SETTINGS_NAME = "settings.json"

MAX_TEXT = 500
_TRUE_WORDS = frozenset({"1", "true", "yes", "on"})


def _text(raw: str) -> str:
    return raw


def _whole_number(raw: str) -> int:
    return int(raw)


def _flag(raw: str) -> bool:
    return raw.strip().lower() in _TRUE_WORDS


@dataclass(frozen=True)
class Setting(Generic[T]):
    """A declared setting.

    Attributes:
        key: Its name (stored as ``user.<key>`` in the Setting table).
        kind: ``str``, ``int`` or ``bool``: what the Settings dialog edits it with.
        default: The value until someone stores another.
        convert: Turns stored text into the value; a ``ValueError`` means the default.
        label: What the Settings dialog calls it.
    """

    key: str
    kind: type[T]
    default: T
    convert: Callable[[str], T]
    label: str

    def read(self, database: Database) -> T:
        """Return the stored value, or the default when none is stored or it is unreadable."""
        stored = _stored_text(database, self.key)
        if stored is None:
            return self.default
        try:
            return self.convert(stored)
        except ValueError:
            return self.default

    def stored_text(self, value: object) -> str:
        """Return ``value`` as it is stored, refusing what does not fit.

        Raises:
            UserError: Not a non-negative whole number (int settings) or too long (text).
        """
        if self.kind is int:
            try:
                number = int(value)  # type: ignore[call-overload]  # any object may be typed in
            except (TypeError, ValueError):
                raise UserError(f"{self.label}: {value!r} is not a whole number") from None
            if number < 0:
                raise UserError(f"{self.label}: must not be negative")
            return str(number)
        if self.kind is bool:
            # Text from a command line or a file means what it says: "false" is False.
            flag = _flag(value) if isinstance(value, str) else bool(value)
            return "true" if flag else "false"
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise UserError(f"{self.label}: at most {MAX_TEXT} characters")
        return text


def personal_settings_path(data_dir: Path) -> Path:
    """Return the file of one person's settings when the database is a shared team database."""
    return data_dir / PERSONAL_SETTINGS_NAME


def _personal_values(database: Database) -> dict[str, str]:
    """Return the person's stored settings; a missing or unreadable file is no settings."""
    try:
        data = json.loads(personal_settings_path(database.data_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(key): value for key, value in data.items() if isinstance(value, str)}


def _stored_text(database: Database, key: str) -> str | None:
    if database.backend != "sqlite":
        return _personal_values(database).get(key)
    # Plain sqlite3, like the claims read path: `ddq kb show` reads the stale age here.
    with database.read() as connection:
        row = connection.execute("SELECT value FROM setting WHERE key = ?", (f"user.{key}",))
        found = row.fetchone()
    return None if found is None else str(found["value"])


REVIEWER_NAME = Setting("reviewer.name", str, "", _text, "Reviewer name")
REVIEWER_ORGANISATION = Setting("reviewer.organisation", str, "", _text, "Organisation")
SIGNING_IDENTITY = Setting("signing.identity", str, "", _text, "Signing identity")
SIGNING_TSA_URL = Setting(
    "signing.tsa_url", str, "", _text, "Timestamp authority (RFC 3161 URL, optional)"
)
EVIDENCE_MAX_AGE_DAYS = Setting(
    "evidence.max_age_days", int, 365, _whole_number, "Evidence counts as stale after (days)"
)
EVIDENCE_PREFER_SNAPSHOTS = Setting(
    "evidence.prefer_snapshots", bool, False, _flag, "Always open local snapshots"
)
PACK_SNAPSHOT_CAP_MB = Setting(
    "pack.snapshot_cap_mb", int, 20, _whole_number, "Snapshots embedded in a pack, at most (MB)"
)

# Every setting, in the order the Settings dialog shows them.
SETTINGS: dict[str, Setting[Any]] = {
    setting.key: setting
    for setting in (
        REVIEWER_NAME,
        REVIEWER_ORGANISATION,
        SIGNING_IDENTITY,
        SIGNING_TSA_URL,
        EVIDENCE_MAX_AGE_DAYS,
        EVIDENCE_PREFER_SNAPSHOTS,
        PACK_SNAPSHOT_CAP_MB,
    )
}


def setting_named(key: str) -> Setting[Any]:
    """Return the setting declared as ``key``.

    Raises:
        UserError: No setting has that key.
    """
    try:
        return SETTINGS[key]
    except KeyError:
        raise UserError(f"unknown setting {key!r}") from None


def set_setting(database: Database, setting: Setting[Any] | str, value: object, actor: str) -> None:
    """Validate and store ``value`` for ``setting`` (or the setting of that key), audited.

    Raises:
        UserError: The key is unknown or the value does not fit the setting's type.
    """
    if isinstance(setting, str):
        setting = setting_named(setting)
    text = setting.stored_text(value)
    # deferred: start-up time (reading a setting never loads the ORM)
    from models.storage.tables import Setting as SettingRow

    key = f"user.{setting.key}"
    with database.write(actor) as unit:
        if database.backend == "sqlite":
            row = unit.session.get(SettingRow, key) or SettingRow(key=key)
            before: str | None = row.value
            row.value = text
            unit.session.add(row)
        else:
            values = _personal_values(database)
            before = values.get(setting.key)
            values[setting.key] = text
            # Written before the audit event commits: a file that cannot be written rolls
            # the event back, so the log never names a change that did not happen.
            with atomic_output(personal_settings_path(database.data_dir)) as temporary:
                temporary.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")
        unit.record("setting.change", "setting", setting.key, {"before": before, "after": text})

"""Every user setting, declared once with its type and default, stored in the Setting table.

The GUI's Settings dialog, the evidence refresh and the signed pack read settings only through
this module, so a default lives in exactly one place.
"""

from dataclasses import dataclass

from models.errors import UserError
from models.storage.database import Database


@dataclass(frozen=True)
class SettingSpec:
    """A declared setting: its key, type, default and a label for the Settings dialog."""

    key: str
    kind: type
    default: object
    label: str


SETTINGS: dict[str, SettingSpec] = {
    spec.key: spec
    for spec in (
        SettingSpec("reviewer.name", str, "", "Reviewer name"),
        SettingSpec("reviewer.organisation", str, "", "Organisation"),
        SettingSpec("signing.identity", str, "", "Signing identity"),
        SettingSpec("signing.tsa_url", str, "", "Timestamp authority (RFC 3161 URL, optional)"),
        SettingSpec("evidence.max_age_days", int, 365, "Evidence counts as stale after (days)"),
        SettingSpec("evidence.prefer_snapshots", bool, False, "Always open local snapshots"),
        SettingSpec("pack.snapshot_cap_mb", int, 20, "Snapshots embedded in a pack, at most (MB)"),
    )
}


def _spec(key: str) -> SettingSpec:
    try:
        return SETTINGS[key]
    except KeyError:
        raise UserError(f"unknown setting {key!r}") from None


def _decode(spec: SettingSpec, raw: str) -> object:
    if spec.kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if spec.kind is int:
        try:
            return int(raw)
        except ValueError:
            return spec.default
    return raw


def get_setting(database: Database, key: str) -> object:
    """Return the stored value of ``key`` (typed), or its declared default."""
    spec = _spec(key)
    # Plain sqlite3, like the claims read path: `ddq kb show` reads the stale age here.
    with database.read() as connection:
        row = connection.execute(
            "SELECT value FROM setting WHERE key = ?", (f"user.{key}",)
        ).fetchone()
    return spec.default if row is None else _decode(spec, row["value"])


def set_setting(database: Database, key: str, value: object, actor: str) -> None:
    """Validate and store ``value`` for ``key``, recording an AuditEvent.

    Raises:
        UserError: The key is unknown or the value does not fit its type.
    """
    spec = _spec(key)
    if spec.kind is int:
        try:
            number = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            raise UserError(f"{spec.label}: {value!r} is not a whole number") from None
        if number < 0:
            raise UserError(f"{spec.label}: must not be negative")
        text = str(number)
    elif spec.kind is bool:
        # Text from a command line or a file means what it says: "false" is False.
        flag = _decode(spec, value) if isinstance(value, str) else bool(value)
        text = "true" if flag else "false"
    else:
        text = str(value).strip()
        if len(text) > 500:
            raise UserError(f"{spec.label}: at most 500 characters")
    # deferred: start-up time (the ORM loads on the first write, never for reads)
    from models.storage.tables import Setting

    with database.write(actor) as unit:
        row = unit.session.get(Setting, f"user.{key}") or Setting(key=f"user.{key}")
        before = row.value
        row.value = text
        unit.session.add(row)
        unit.record("setting.change", "setting", key, {"before": before, "after": text})

"""Settings: typed defaults, persistence, validation."""

import pytest

from models.bootstrap import open_database
from models.errors import UserError
from models.settings import (
    EVIDENCE_MAX_AGE_DAYS,
    EVIDENCE_PREFER_SNAPSHOTS,
    REVIEWER_NAME,
    SETTINGS,
    Setting,
    set_setting,
    setting_named,
)

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


def test_defaults_then_persisted_values(data_dir) -> None:
    database = open_database(data_dir)
    assert EVIDENCE_MAX_AGE_DAYS.read(database) == 365
    assert EVIDENCE_PREFER_SNAPSHOTS.read(database) is False
    set_setting(database, EVIDENCE_MAX_AGE_DAYS, "90", actor="alice")
    set_setting(database, "reviewer.name", "  Alice Example ", actor="alice")
    database.close()
    reopened = open_database(data_dir)
    assert EVIDENCE_MAX_AGE_DAYS.read(reopened) == 90
    assert REVIEWER_NAME.read(reopened) == "Alice Example"
    reopened.close()


def test_bad_values_are_refused(database) -> None:
    with pytest.raises(UserError, match="not a whole number"):
        set_setting(database, EVIDENCE_MAX_AGE_DAYS, "soon", actor="x")
    with pytest.raises(UserError, match="must not be negative"):
        set_setting(database, EVIDENCE_MAX_AGE_DAYS, -1, actor="x")
    with pytest.raises(UserError, match="unknown setting"):
        setting_named("no.such")
    with pytest.raises(UserError, match="unknown setting"):
        set_setting(database, "no.such", "x", actor="x")
    assert EVIDENCE_MAX_AGE_DAYS.read(database) == 365


def test_boolean_settings_read_text_as_meant(database) -> None:
    set_setting(database, EVIDENCE_PREFER_SNAPSHOTS, "true", actor="x")
    assert EVIDENCE_PREFER_SNAPSHOTS.read(database) is True
    set_setting(database, EVIDENCE_PREFER_SNAPSHOTS, "false", actor="x")
    assert EVIDENCE_PREFER_SNAPSHOTS.read(database) is False


def test_unreadable_stored_text_reads_as_the_default(database) -> None:
    database.write_row(
        "INSERT INTO setting (key, value) VALUES (?, ?)", ("user.evidence.max_age_days", "soon")
    )
    assert EVIDENCE_MAX_AGE_DAYS.read(database) == 365


def test_every_setting_is_declared_once_with_a_default_of_its_kind() -> None:
    assert all(isinstance(setting, Setting) for setting in SETTINGS.values())
    assert all(isinstance(setting.default, setting.kind) for setting in SETTINGS.values())
    assert all(SETTINGS[key].key == key for key in SETTINGS)

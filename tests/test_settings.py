"""Settings: typed defaults, persistence, validation."""

import pytest

from models.bootstrap import open_database
from models.errors import UserError
from models.settings import get_setting, set_setting


def test_defaults_then_persisted_values(data_dir) -> None:
    database = open_database(data_dir)
    assert get_setting(database, "evidence.max_age_days") == 365
    assert get_setting(database, "evidence.prefer_snapshots") is False
    set_setting(database, "evidence.max_age_days", "90", actor="alice")
    set_setting(database, "reviewer.name", "  Alice Example ", actor="alice")
    database.close()
    reopened = open_database(data_dir)
    assert get_setting(reopened, "evidence.max_age_days") == 90
    assert get_setting(reopened, "reviewer.name") == "Alice Example"
    reopened.close()


def test_bad_values_are_refused(database) -> None:
    with pytest.raises(UserError, match="not a whole number"):
        set_setting(database, "evidence.max_age_days", "soon", actor="x")
    with pytest.raises(UserError, match="unknown setting"):
        get_setting(database, "no.such")
    assert get_setting(database, "evidence.max_age_days") == 365


def test_boolean_settings_read_text_as_meant(database) -> None:
    set_setting(database, "evidence.prefer_snapshots", "true", actor="x")
    assert get_setting(database, "evidence.prefer_snapshots") is True
    set_setting(database, "evidence.prefer_snapshots", "false", actor="x")
    assert get_setting(database, "evidence.prefer_snapshots") is False

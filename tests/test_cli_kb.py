"""``ddq kb`` as a user runs it, in a real subprocess."""

import json
from pathlib import Path

import pytest

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py),
# from a seeded database (on SQLite a copy of the session's: conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("backend", "seeded")


def test_list_prints_every_claim(ddq) -> None:
    result = ddq("kb", "list")
    assert result.code == 0, result.stderr
    assert "hipaa-baa" in result.stdout
    assert "41 claims" in result.stdout or "claims" in result.stdout.splitlines()[-1]


def test_list_json_has_the_documented_fields(ddq) -> None:
    claims = json.loads(ddq("kb", "list", "--json").stdout)
    for field in (
        "key",
        "title",
        "status",
        "statement",
        "conditions",
        "sources",
        "evidence",
        "annotations",
        "flags",
    ):
        assert field in claims[0]


def test_show_and_search(ddq) -> None:
    shown = json.loads(ddq("kb", "show", "zdr", "--json").stdout)
    assert shown["conditions"]["default"] == "requires-approval"
    assert "watch-out" in shown["flags"]
    found = ddq("kb", "search", "pen test")
    assert found.code == 0
    assert found.stdout.splitlines()[1].startswith("penetration-testing")


def test_unknown_claim_is_one_line_and_exit_2(ddq) -> None:
    result = ddq("kb", "show", "no-such-claim")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "no claim with key 'no-such-claim'" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_are_one_line_and_exit_2(ddq) -> None:
    result = ddq("kb", "frobnicate")
    assert result.code == 2
    assert result.stderr.count("\n") == 1


def test_export_import_round_trip_through_the_cli(ddq, tmp_path: Path) -> None:
    out = tmp_path / "kb.json"
    assert ddq("kb", "export", str(out)).code == 0
    other = tmp_path / "other"
    assert ddq("kb", "import", str(out), "--data-dir", str(other)).code == 0
    again = tmp_path / "again.json"
    assert ddq("kb", "export", str(again), "--data-dir", str(other)).code == 0
    assert json.loads(out.read_text()) == json.loads(again.read_text())


def test_failed_import_exits_2_and_changes_nothing(ddq, tmp_path: Path) -> None:
    before = ddq("kb", "list", "--json").stdout
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "ddq-kb/1", "vendors": [], "claims": [{"key": 1}]}')
    result = ddq("kb", "import", str(bad))
    assert result.code == 2
    assert "claims[0]" in result.stderr
    assert ddq("kb", "list", "--json").stdout == before


def test_export_to_a_missing_folder_leaves_no_file(ddq, tmp_path: Path) -> None:
    result = ddq("kb", "export", str(tmp_path / "nope" / "kb.json"))
    assert result.code == 2
    assert not (tmp_path / "nope").exists()

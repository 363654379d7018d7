"""Team roles on PostgreSQL (``ddq team init``): a reviewer writes, an auditor only reads,
verifies and exports unsigned, and nobody rewrites the audit trail."""

import json
from pathlib import Path

import psycopg
import pytest

from models.bootstrap import open_database
from models.errors import UserError
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim
from questionnaires.review_records import load_review
from questionnaires.reviews import edit_answer
from tests.helpers.cli_runner import run_ddq
from tests.helpers.team_logins import login_role as _login
from tests.helpers.team_logins import role_of
from tests.review_factory import make_review


@pytest.fixture
def team(postgres_url: str, tmp_path: Path) -> dict[str, str]:
    """A team database with its roles, and the URLs of one reviewer and one auditor."""
    initialised = run_ddq(["--data-dir", str(tmp_path / "admin"), "--database", postgres_url,
                           "team", "init"])  # fmt: skip
    assert initialised.code == 0, initialised.stderr
    assert "ddq_reviewer" in initialised.stdout
    return {
        "owner": postgres_url,
        "reviewer": _login(postgres_url, "ddq_reviewer"),
        "auditor": _login(postgres_url, "ddq_auditor"),
    }


def _as(team: dict[str, str], who: str, tmp_path: Path, *args: str):
    return run_ddq(["--data-dir", str(tmp_path / who), "--database", team[who], *args])


def test_init_prints_its_sql_to_read_first() -> None:
    result = run_ddq(["team", "init", "--print"])
    assert result.code == 0
    for statement in (
        "CREATE ROLE ddq_reviewer",
        "CREATE ROLE ddq_auditor",
        "GRANT INSERT ON auditevent",
        "BEFORE UPDATE OR DELETE ON auditevent",
    ):
        assert statement in result.stdout  # fmt: skip


def test_init_on_sqlite_says_it_needs_a_team_database(ddq) -> None:
    result = ddq("team", "init")
    assert result.code == 2
    assert "works on a team database" in result.stderr


def test_init_runs_twice_without_harm(team: dict[str, str], tmp_path: Path) -> None:
    again = _as(team, "owner", tmp_path, "team", "init")
    assert again.code == 0, again.stderr


def test_a_reviewer_changes_reviews_and_claims(team: dict[str, str], tmp_path: Path) -> None:
    review = _as(team, "reviewer", tmp_path, "review", "new", "--vendor", "openai-api",
                 "--template", "soc2")  # fmt: skip
    assert review.code == 0, review.stderr
    changed = _as(team, "reviewer", tmp_path, "review", "set", review.stdout.strip(),
                  "SOC2-CC1.1-a", "--verdict", "no", "--text", "Not in the report.")  # fmt: skip
    assert changed.code == 0, changed.stderr
    added = _as(team, "reviewer", tmp_path, "vendor", "add", "acme", "--name", "Acme",
                "--product", "Acme Cloud")  # fmt: skip
    assert added.code == 0, added.stderr
    database = open_database(tmp_path / "r", database_url=team["reviewer"])
    try:
        assert not database.read_only
    finally:
        database.close()


def test_an_auditor_reads_verifies_and_exports_but_every_change_is_refused(
    team: dict[str, str], tmp_path: Path
) -> None:
    review = _as(team, "reviewer", tmp_path, "review", "new", "--vendor", "openai-api",
                 "--template", "hipaa")  # fmt: skip
    review_id = review.stdout.strip()
    listed = _as(team, "auditor", tmp_path, "review", "show", review_id, "--json")
    assert listed.code == 0, listed.stderr
    assert json.loads(listed.stdout)["answers"]
    assert _as(team, "auditor", tmp_path, "kb", "search", "encryption").code == 0
    pack = tmp_path / "audit.pdf"
    exported = _as(team, "auditor", tmp_path, "export", "--review", review_id, "--out",
                   str(pack), "--unsigned")  # fmt: skip
    assert exported.code == 0, exported.stderr
    assert _as(team, "auditor", tmp_path, "verify", str(pack)).code == 2  # unsigned, intact
    for change in (
        ("review", "set", review_id, "HIPAA-164.308-a1iiA", "--verdict", "no"),
        ("vendor", "add", "acme", "--name", "Acme", "--product", "Acme Cloud"),
        ("review", "new", "--vendor", "openai-api", "--template", "soc2"),
    ):
        refused = _as(team, "auditor", tmp_path, *change)
        assert refused.code == 2, change
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
        assert "refused the change" in refused.stderr and "nothing was changed" in refused.stderr
    with psycopg.connect(team["owner"]) as connection:
        (vendors,) = connection.execute(
            "SELECT count(*) FROM vendor WHERE slug = 'acme'"
        ).fetchone()
    assert vendors == 0
    database = open_database(tmp_path / "a", database_url=team["auditor"])
    try:
        assert database.read_only
    finally:
        database.close()


@pytest.mark.parametrize("who", ["reviewer", "auditor", "owner"])
def test_nobody_changes_or_deletes_audit_events(team: dict[str, str], who: str) -> None:
    with psycopg.connect(team["owner"]) as connection:
        (before,) = connection.execute("SELECT count(*) FROM auditevent").fetchone()
    assert before > 0
    for statement in ("UPDATE auditevent SET actor = 'someone else'", "DELETE FROM auditevent"):
        with (
            psycopg.connect(team[who]) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute(statement)
    with psycopg.connect(team["owner"]) as connection:
        (after,) = connection.execute("SELECT count(*) FROM auditevent").fetchone()
        actors = {row[0] for row in connection.execute("SELECT actor FROM auditevent")}
    assert after == before and "someone else" not in actors


@pytest.mark.gui
def test_an_auditors_window_says_read_only_and_offers_no_changes(
    qtbot, data_dir: Path, team: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui_helpers import open_desk

    monkeypatch.setenv("DDQ_DATABASE_URL", team["auditor"])
    desk = open_desk(qtbot, data_dir)
    try:
        assert "read-only" in desk.window.windowTitle()
        assert "127.0.0.1" in desk.window.windowTitle()
        assert not desk.window.new_review_action.isEnabled()
        assert not desk.window.new_claim_action.isEnabled()
        assert desk.window.kb_page.table.model().rowCount() > 30  # still reads everything
    finally:
        desk.close()


VERSIONED = ("vendor", "claim", "evidence", "annotation", "review", "answer")


def test_a_reviewer_raises_row_versions_and_an_auditor_may_not(
    team: dict[str, str], tmp_path: Path
) -> None:
    reviewer = open_database(tmp_path / "r", database_url=team["reviewer"])
    try:
        answer = load_review(reviewer, make_review(reviewer, [{"question": "At rest?"}])).answers[0]
        edited = edit_answer(reviewer, answer.id, "Rita", text="AES-256", base_version=1)
        claim = get_claim(reviewer, "soc2-type2")
        edit_claim(reviewer, claim.id, "Rita", base_version=claim.version, status="unclear")
        assert (edited.version, get_claim(reviewer, "soc2-type2").version) == (2, claim.version + 1)
    finally:
        reviewer.close()
    with psycopg.connect(team["owner"]) as connection:
        events = connection.execute(
            "SELECT actor, database_role FROM auditevent WHERE action IN ('answer.edit', "
            "'claim.edit') ORDER BY id"
        ).fetchall()
    assert events == [("Rita", role_of(team["reviewer"]))] * 2

    auditor = open_database(tmp_path / "a", database_url=team["auditor"])
    try:
        with pytest.raises(UserError, match="refused the change"):
            edit_answer(auditor, answer.id, "Olga", text="mine", base_version=2)
    finally:
        auditor.close()
    for table in VERSIONED:
        bump = f"UPDATE {table} SET version = version + 1 WHERE id = (SELECT min(id) FROM {table})"
        with psycopg.connect(team["reviewer"]) as connection:
            assert connection.execute(bump).rowcount == 1, table
            connection.rollback()
        with (
            psycopg.connect(team["auditor"]) as connection,
            pytest.raises(psycopg.errors.InsufficientPrivilege),
        ):
            connection.execute(bump)

"""Offline checkout (issue 16, point 4) against a real PostgreSQL server and a real SQLite file:
``ddq team checkout`` copies a review and its vendor's knowledge base into the data directory,
the team copy is read-only until ``ddq team checkin`` (or ``release``), and check-in lands what
is still based on the current version and lists the rest as conflicts."""

import multiprocessing
import sqlite3
import time
from pathlib import Path

import psycopg
import pytest

from models.bootstrap import open_database, open_local_database
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim
from models.storage.datadir import DATABASE_NAME
from questionnaires.review_records import load_review
from questionnaires.reviews import edit_answer
from tests.helpers.cli_runner import run_ddq
from tests.helpers.team_logins import login_role, role_of
from tests.helpers.version_race import edit_while_checked_out
from tests.review_factory import make_review

CLAIM = "soc2-type2"


@pytest.fixture
def team(postgres_url: str, tmp_path: Path) -> dict[str, str]:
    """A team database with its roles; two reviewers (dana, erin) and an auditor, and one
    three-question review on it (``review``)."""
    initialised = run_ddq(["--data-dir", str(tmp_path / "owner"), "--database", postgres_url,
                           "team", "init"])  # fmt: skip
    assert initialised.code == 0, initialised.stderr
    people = {
        "owner": postgres_url,
        "dana": login_role(postgres_url, "ddq_reviewer"),
        "erin": login_role(postgres_url, "ddq_reviewer"),
        "auditor": login_role(postgres_url, "ddq_auditor"),
    }
    database = open_database(tmp_path / "setup", database_url=people["dana"])
    try:
        questions = [{"question": f"Question {n}?", "text": f"auto {n}"} for n in (1, 2, 3)]
        people["review"] = str(make_review(database, questions))
    finally:
        database.close()
    return people


def _as(team: dict[str, str], who: str, tmp_path: Path, *args: str, named: bool = True):
    person = ["--reviewer", who.capitalize()] if named else []
    return run_ddq(["--data-dir", str(tmp_path / who), "--database", team[who], *args, *person])


def _offline(tmp_path: Path, *args: str):
    return run_ddq(["--data-dir", str(tmp_path / "dana"), *args, "--reviewer", "Dana"])


def _team_rows(url: str, sql: str) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return list(connection.execute(sql).fetchall())


def _answers(url: str, review: str) -> dict[str, tuple[str, int]]:
    rows = _team_rows(url, f"SELECT qid, text, version FROM answer WHERE review_id = {review}")
    return {qid: (text, version) for qid, text, version in rows}


def test_a_checked_out_review_is_copied_read_only_on_the_team_and_checked_in(
    team: dict[str, str], tmp_path: Path
) -> None:
    review = team["review"]
    taken = _as(team, "dana", tmp_path, "team", "checkout", review)
    assert taken.code == 0, taken.stderr
    assert "as local review 1 (3 answers" in taken.stdout
    local = open_local_database(tmp_path / "dana")
    try:
        copy = load_review(local, 1)
        assert [(a.qid, a.text) for a in copy.answers] == [
            ("Q1", "auto 1"), ("Q2", "auto 2"), ("Q3", "auto 3"),
        ]  # fmt: skip
        assert get_claim(local, CLAIM).version == 1
    finally:
        local.close()
    (mark,) = _team_rows(team["owner"], "SELECT checked_out_by, database_role FROM reviewcheckout")
    assert mark == ("Dana", role_of(team["dana"]))

    # Everyone else (and dana herself, online) reads it but may not change it.
    for who in ("erin", "dana"):
        refused = _as(team, who, tmp_path, "review", "set", review, "Q1", "--text", "online")
        assert refused.code == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert f"review {review} is checked out for offline work by Dana (database role " in (
            refused.stderr
        )
        assert "nothing was changed" in refused.stderr and "Traceback" not in refused.stderr
    assert _as(team, "erin", tmp_path, "review", "show", review, named=False).code == 0
    with psycopg.connect(team["erin"]) as connection:  # any SQL client: moving through it only
        connection.execute(f"UPDATE review SET current_position = 2 WHERE id = {review}")
        connection.commit()
        with pytest.raises(psycopg.Error, match="checked out for offline") as refused:
            connection.execute(f"UPDATE review SET title = 'mine' WHERE id = {review}")
        assert refused.value.sqlstate == "DDQ01"
    again = _as(team, "erin", tmp_path, "team", "checkout", review)
    assert again.code == 2 and "already checked out by Dana" in again.stderr

    worked = _offline(tmp_path, "review", "set", "1", "Q2", "--text", "offline answer")
    assert worked.code == 0, worked.stderr
    assert _answers(team["owner"], review)["Q2"] == ("auto 2", 1)

    back = _as(team, "dana", tmp_path, "team", "checkin", review)
    assert back.code == 0, back.stderr
    assert "1 change landed; it is no longer checked out" in back.stdout
    assert _answers(team["owner"], review)["Q2"] == ("offline answer", 2)
    (event,) = _team_rows(
        team["owner"],
        "SELECT actor, database_role, entity_key FROM auditevent WHERE action = 'answer.checkin'",
    )
    assert event == ("Dana", role_of(team["dana"]), "Q2")
    assert _team_rows(team["owner"], "SELECT count(*) FROM reviewcheckout") == [(0,)]
    after = _as(team, "erin", tmp_path, "review", "set", review, "Q1", "--text", "online")
    assert after.code == 0, after.stderr


def test_a_change_made_on_the_team_meanwhile_is_listed_not_overwritten(
    team: dict[str, str], tmp_path: Path
) -> None:
    review = team["review"]
    assert _as(team, "dana", tmp_path, "team", "checkout", review).code == 0
    for args in (("1", "Q1", "--text", "dana offline"), ("1", "Q2", "--text", "dana Q2")):
        assert _offline(tmp_path, "review", "set", *args).code == 0
    local = open_local_database(tmp_path / "dana")
    try:
        edit_claim(local, get_claim(local, CLAIM).id, "Dana", statement="Dana's statement.")
    finally:
        local.close()

    # Claims are not locked by a checkout: erin changes the same claim meanwhile.
    erin = open_database(tmp_path / "erin-core", database_url=team["erin"])
    try:
        edit_claim(erin, get_claim(erin, CLAIM).id, "Erin", statement="Erin's statement.")
        refused = _as(team, "erin", tmp_path, "team", "release", review)
        assert refused.code == 2
        assert "only they or a member of ddq_owner may release it" in refused.stderr
        # The schema owner releases it (say dana's laptop was thought lost); erin then edits Q1.
        released = _as(team, "owner", tmp_path, "team", "release", review)
        assert released.code == 0 and "released on the team database" in released.stdout
        edit_answer(erin, load_review(erin, int(review)).answers[0].id, "Erin", text="erin online")
    finally:
        erin.close()

    back = _as(team, "dana", tmp_path, "team", "checkin", review)
    assert back.code == 1
    assert back.stdout.splitlines() == [
        'Q1: theirs (Erin): text="erin online" | yours: text="dana offline"',
        f'claim {CLAIM}: theirs (Erin): statement="Erin\'s statement." | '
        'yours: statement="Dana\'s statement."',
    ]
    assert back.stderr.count("\n") == 1
    assert back.stderr.startswith(f"ddq: review {review}: 1 change landed, 2 conflicts not pushed")
    answers = _answers(team["owner"], review)
    assert answers["Q1"][0] == "erin online" and answers["Q2"] == ("dana Q2", 2)
    assert _team_rows(team["owner"], f"SELECT statement FROM claim WHERE key = '{CLAIM}'") == [
        ("Erin's statement.",)
    ]

    # Having seen the conflicts, dana checks in again: hers now goes on top of erin's.
    again = _as(team, "dana", tmp_path, "team", "checkin", review)
    assert again.code == 0, again.stdout + again.stderr
    assert "2 changes landed" in again.stdout
    assert _answers(team["owner"], review)["Q1"] == ("dana offline", 3)
    assert _team_rows(team["owner"], f"SELECT statement FROM claim WHERE key = '{CLAIM}'") == [
        ("Dana's statement.",)
    ]
    assert _as(team, "dana", tmp_path, "team", "checkin", review).code == 2  # nothing held now


def test_checkout_refuses_what_it_cannot_do_in_one_line(
    team: dict[str, str], tmp_path: Path
) -> None:
    for who, args, expected in (
        ("auditor", ("team", "checkout", team["review"]), "refused the change"),
        ("dana", ("team", "checkout", "999"), "no review 999 on postgresql://"),
        ("dana", ("team", "release", team["review"]), "is not checked out"),
    ):
        refused = _as(team, who, tmp_path, *args)
        assert refused.code == 2 and refused.stderr.count("\n") == 1, refused.stderr
        assert expected in refused.stderr and "nothing was changed" in refused.stderr
    # A role that may lock the review but not mark it (say, team init not run again after an
    # upgrade) is refused before anything changes in its data directory.
    with psycopg.connect(team["owner"]) as connection:
        connection.execute("REVOKE INSERT ON reviewcheckout FROM ddq_reviewer")
    refused = _as(team, "erin", tmp_path, "team", "checkout", team["review"])
    assert refused.code == 2 and "refused the change" in refused.stderr
    with psycopg.connect(team["owner"]) as connection:
        connection.execute("GRANT INSERT ON reviewcheckout TO ddq_reviewer")
    erin_file = sqlite3.connect(tmp_path / "erin" / DATABASE_NAME)
    try:
        assert erin_file.execute("SELECT count(*) FROM review").fetchone() == (0,)
    finally:
        erin_file.close()
    on_sqlite = _offline(tmp_path, "team", "checkout", "1")
    assert on_sqlite.code == 2 and "works from a team database" in on_sqlite.stderr
    assert _team_rows(team["owner"], "SELECT count(*) FROM reviewcheckout") == [(0,)]
    # Released by the one who checked it out, the local copy stays as an ordinary review.
    assert _as(team, "dana", tmp_path, "team", "checkout", team["review"]).code == 0
    assert _offline(tmp_path, "review", "set", "1", "Q3", "--text", "kept").code == 0
    released = _as(team, "dana", tmp_path, "team", "release", team["review"])
    assert released.code == 0 and "stays as local review 1" in released.stdout
    assert _answers(team["owner"], team["review"])["Q3"] == ("auto 3", 1)
    shown = run_ddq(["--data-dir", str(tmp_path / "dana"), "review", "show", "1"])
    assert "kept" in shown.stdout
    # Finished offline, the review comes back finished.
    assert _as(team, "dana", tmp_path, "team", "checkout", team["review"]).code == 0
    assert _offline(tmp_path, "review", "finish", "2", "--with-open").code == 0
    back = _as(team, "dana", tmp_path, "team", "checkin", team["review"])
    assert back.code == 0 and "1 change landed" in back.stdout, back.stderr
    (finished,) = _team_rows(
        team["owner"], f"SELECT finished_at FROM review WHERE id = {team['review']}"
    )
    assert finished[0] is not None


def test_a_change_racing_the_checkout_from_another_process_lands_before_it_or_is_refused(
    team: dict[str, str], tmp_path: Path
) -> None:
    review = team["review"]
    (answer_id,) = _team_rows(
        team["owner"], f"SELECT min(id) FROM answer WHERE review_id = {review}"
    )[0]
    context = multiprocessing.get_context("spawn")
    ready, stop, results = context.Event(), context.Event(), context.Queue()
    erin = context.Process(
        target=edit_while_checked_out,
        args=(str(tmp_path / "erin"), team["erin"], answer_id, ready, stop, results),
    )
    erin.start()
    try:
        assert ready.wait(timeout=120)
        time.sleep(0.2)  # erin's edits land meanwhile
        taken = _as(team, "dana", tmp_path, "team", "checkout", review)
        time.sleep(0.2)  # and are refused now
    finally:
        stop.set()
        landed, refused = results.get(timeout=120)
        erin.join(timeout=60)
    assert taken.code == 0, taken.stderr
    assert len(landed) > 1 and refused > 0  # erin's edits landed, then were refused
    # The copy holds the last change that landed, and nothing landed after it was taken.
    assert _answers(team["owner"], review)["Q1"][0] == landed[-1]
    local = open_local_database(tmp_path / "dana")
    try:
        assert load_review(local, 1).answers[0].text == landed[-1]
    finally:
        local.close()
    edits = _team_rows(
        team["owner"], "SELECT count(*) FROM auditevent WHERE action = 'answer.edit'"
    )
    assert edits == [(len(landed),)]


@pytest.mark.gui
def test_the_review_menu_checks_a_review_out_and_back_in(
    qtbot, team: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.gui_helpers import open_desk

    monkeypatch.setenv("DDQ_DATABASE_URL", team["dana"])
    desk = open_desk(qtbot, tmp_path / "dana")
    window, review = desk.window, int(team["review"])
    try:
        desk.controller.open_review(review)
        assert window.checkout_action.isVisible() and window.checkout_action.isEnabled()
        desk.dialogs.script("confirm", True)
        window.checkout_action.trigger()
        qtbot.waitUntil(lambda: bool(desk.dialogs.infos or desk.dialogs.errors), timeout=20_000)
        assert desk.dialogs.errors == []
        assert "are in local review 1 of" in desk.dialogs.infos[-1][1]
        assert _team_rows(team["owner"], "SELECT count(*) FROM reviewcheckout") == [(1,)]
        # The team copy is read-only now, in this window too: a change is refused in a dialog.
        desk.controller.open_review(review)
        window.review_page.accept_action.trigger()
        qtbot.waitUntil(lambda: bool(desk.dialogs.errors), timeout=20_000)
        assert f"review {review} is checked out for offline work by " in desk.dialogs.errors[0][1]
        assert _answers(team["owner"], team["review"])["Q1"] == ("auto 1", 1)

        local = open_local_database(tmp_path / "dana")
        try:
            edit_answer(local, load_review(local, 1).answers[2].id, "Dana", text="from the GUI")
        finally:
            local.close()
        window.checkin_action.trigger()
        qtbot.waitUntil(lambda: len(desk.dialogs.infos) == 2, timeout=20_000)
        assert desk.dialogs.infos[-1] == (
            "Checked in",
            f"Review {review}: 1 change landed; it is no longer checked out.",
        )
        assert _answers(team["owner"], team["review"])["Q3"] == ("from the GUI", 2)
    finally:
        desk.close()

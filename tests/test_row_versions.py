"""No lost updates (issue 16, point 2): every edited row carries a version; a change based on
an older version is refused with who changed it and when, and changes nothing; two processes
editing one answer and one claim at once never lose a change. Every test runs on a real SQLite
file and on a real PostgreSQL server (the ``backend`` fixture), where two transactions can
read one version at the same time."""

import itertools
import json
import multiprocessing
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import col, select

from models.bootstrap import open_database
from models.errors import ConflictError, UserError
from models.kb.annotations import add_annotation, dismiss_annotation, edit_annotation
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim
from models.settings import set_setting
from models.storage.database import Database
from models.storage.datadir import DATABASE_NAME
from models.storage.tables import AuditEvent, Claim
from models.storage.versions import RaceLostError, write_versioned
from questionnaires.refill import apply_refill, refill_changes
from questionnaires.review_records import find_stored_answer, load_review
from questionnaires.reviews import accept_answer, edit_answer, flag_answer
from tests.helpers.cli_runner import run_ddq
from tests.helpers.pg_server import SUPERUSER
from tests.helpers.version_race import race
from tests.review_factory import make_review

pytestmark = pytest.mark.usefixtures("backend")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CLAIM = "soc2-type2"
QUESTIONS = [{"question": "Is data encrypted at rest?"}, {"question": "MFA?"}]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database with one two-question review, made once; each test gets a copy."""
    folder = tmp_path_factory.mktemp("versions")
    database = open_database(folder)
    make_review(database, QUESTIONS)
    database.close()
    connection = sqlite3.connect(folder / DATABASE_NAME)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return folder / DATABASE_NAME


@pytest.fixture
def db(backend: str, data_dir: Path, request: pytest.FixtureRequest):
    """The database with one two-question review: a copy of ``seeded`` on SQLite; on
    PostgreSQL a fresh database (``DDQ_DATABASE_URL``, set by ``backend``) given the review."""
    if backend == "sqlite":
        shutil.copyfile(request.getfixturevalue("seeded"), data_dir / DATABASE_NAME)
    database = open_database(data_dir)
    if backend == "postgresql":
        make_review(database, QUESTIONS)
    yield database
    database.close()


def _first_answer(database: Database):
    return load_review(database, 1).answers[0]


def _events(database: Database, action: str) -> list[AuditEvent]:
    with database.session() as session:
        return list(
            session.exec(
                select(AuditEvent).where(AuditEvent.action == action).order_by(col(AuditEvent.id))
            ).all()
        )


def test_a_change_based_on_an_older_answer_version_is_refused_naming_who_and_when(db) -> None:
    seen = _first_answer(db)
    assert seen.version == 1
    bob = edit_answer(db, seen.id, "bob", verdict="no", text="Not at rest.", base_version=1)
    assert bob.version == 2
    with pytest.raises(ConflictError) as refused:
        edit_answer(db, seen.id, "alice", text="AES-256 at rest.", base_version=seen.version)
    message = str(refused.value)
    assert message.startswith("answer Q1 was changed by bob at ")
    assert message.endswith("since you read it; nothing was changed: run the command again")
    conflict = refused.value.conflict
    assert (conflict.by, conflict.version) == ("bob", 2)
    assert (conflict.theirs["verdict"], conflict.theirs["text"]) == ("no", "Not at rest.")
    stored = _first_answer(db)
    assert (stored.text, stored.verdict, stored.version, stored.reviewer) == (
        "Not at rest.", "no", 2, "bob",
    )  # fmt: skip
    assert len(_events(db, "answer.edit")) == 1  # alice's refused change left no event
    for refused_change in (
        lambda: accept_answer(db, seen.id, "alice", base_version=1),
        lambda: flag_answer(db, seen.id, "alice", "check", base_version=1),
    ):
        with pytest.raises(ConflictError):
            refused_change()
    assert _first_answer(db).state == "edited"
    # Redone on top of the version the refusal named, it lands and keeps bob's verdict.
    redone = edit_answer(db, seen.id, "alice", text="AES-256 at rest.", base_version=2)
    assert (redone.text, redone.verdict, redone.version) == ("AES-256 at rest.", "no", 3)


def test_an_answer_change_leaves_the_reviews_own_version_alone(db) -> None:
    answer = _first_answer(db)
    edit_answer(db, answer.id, "bob", text="x", base_version=answer.version)
    review = load_review(db, 1)
    assert review.version == 1 and review.current_position == 0


def test_claim_and_note_edits_from_an_older_version_are_refused(db) -> None:
    claim = get_claim(db, CLAIM)
    edit_claim(db, claim.id, "bob", base_version=claim.version, status="unclear")
    with pytest.raises(ConflictError, match=f"^claim {CLAIM} was changed by bob at "):
        edit_claim(db, claim.id, "alice", base_version=claim.version, title="Alice's title")
    stored = get_claim(db, CLAIM)
    assert (stored.title, stored.status, stored.version) == (claim.title, "unclear", 2)

    note_id = add_annotation(db, claim.id, "carol", "Check the bridge letter.")
    note = next(n for n in get_claim(db, CLAIM).annotations if n.id == note_id)
    assert note.version == 1
    edit_annotation(db, note_id, "bob", note="Bridge letter received.", base_version=1)
    with pytest.raises(ConflictError, match=f"^the note on claim {CLAIM} was changed by bob "):
        dismiss_annotation(db, note_id, "alice", "no longer needed", base_version=1)
    note = next(n for n in get_claim(db, CLAIM).annotations if n.id == note_id)
    assert (note.note, note.disposition, note.version) == (
        "Bridge letter received.", "needs-verification", 2,
    )  # fmt: skip


def test_a_write_that_loses_the_race_is_rolled_back_and_run_again_on_top(db) -> None:
    claim_id = get_claim(db, CLAIM).id
    with db.session() as session:
        stale = session.get(Claim, claim_id)  # read at version 1, kept past its session
    edit_claim(db, claim_id, "bob", statement="Bob's statement.")  # version 2 lands meanwhile
    attempts: list[int] = []

    def change(unit) -> None:
        attempts.append(1)
        # The first attempt writes from the row it read before bob's change, as a
        # read-committed server transaction would after losing the race; the retry reads anew.
        row = unit.session.merge(stale) if len(attempts) == 1 else unit.session.get(Claim, claim_id)
        row.statement = f"Alice's statement, attempt {len(attempts)}."
        unit.session.add(row)
        unit.record("claim.edit", "claim", CLAIM, {"attempt": len(attempts)})

    write_versioned(db, "alice", change)
    assert len(attempts) == 2
    stored = get_claim(db, CLAIM)
    assert (stored.statement, stored.version) == ("Alice's statement, attempt 2.", 3)
    assert [event.detail.get("attempt") for event in _events(db, "claim.edit")][-1] == 2

    with db.session() as session:
        stale = session.get(Claim, claim_id)
    edit_claim(db, claim_id, "bob", statement="Bob again.")
    with pytest.raises(RaceLostError, match="nothing was changed"), db.write("alice") as unit:
        row = unit.session.merge(stale)
        row.statement = "lost?"
        unit.session.add(row)
        unit.record("claim.edit", "claim", CLAIM, {})
    assert get_claim(db, CLAIM).statement == "Bob again."


def test_the_cli_reads_versions_and_refuses_a_stale_base_in_one_line(db, data_dir: Path) -> None:
    def ddq(*args: str):
        return run_ddq([*args, "--data-dir", str(data_dir)])

    shown = json.loads(ddq("review", "show", "1", "--json").stdout)
    assert (shown["version"], shown["answers"][0]["version"]) == (1, 1)
    assert json.loads(ddq("kb", "show", CLAIM, "--json").stdout)["version"] == 1
    landed = ddq("review", "set", "1", "Q1", "--text", "Bob's", "--reviewer", "bob",
                 "--base-version", "1")  # fmt: skip
    assert landed.code == 0, landed.stderr
    before = _first_answer(db)
    refused = ddq("review", "set", "1", "Q1", "--verdict", "yes", "--accept",
                  "--reviewer", "alice", "--base-version", "1")  # fmt: skip
    assert refused.code == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1
    assert refused.stderr.startswith("ddq: error: answer Q1 was changed by bob at ")
    assert "nothing was changed: run the command again" in refused.stderr
    assert _first_answer(db) == before
    shown = json.loads(ddq("review", "show", "1", "--json").stdout)["answers"][0]
    assert (shown["version"], shown["answer"], shown["reviewer"]) == (2, "Bob's", "bob")


def test_the_audit_trail_names_the_settings_user_and_the_database_role(
    db, data_dir: Path, backend: str
) -> None:
    set_setting(db, "reviewer.name", "Dana Reviewer", "test")
    result = run_ddq(["review", "set", "1", "Q2", "--accept", "--data-dir", str(data_dir)])
    assert result.code == 0, result.stderr
    event = _events(db, "answer.accept")[-1]
    role = None if backend == "sqlite" else SUPERUSER  # SQLite has no roles
    assert (event.actor, event.database_role) == ("Dana Reviewer", role)
    assert event.detail["version"] == 2


def test_two_processes_editing_one_answer_and_one_claim_lose_nothing(db, data_dir: Path) -> None:
    answer_id = _first_answer(db).id
    url = os.environ.get("DDQ_DATABASE_URL")  # the PostgreSQL run's database, else None
    rounds = 20
    start_at = time.time() + 2.0  # both interpreters started and imported by then
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        runs = [
            pool.apply_async(
                race, (str(data_dir), url, name, 1, answer_id, CLAIM, rounds, start_at)
            )
            for name in ("alice", "bob")
        ]
        outcomes = [run.get(timeout=240) for run in runs]
    refused = [outcome.refused for outcome in outcomes]
    landed_texts = dict(pair[::-1] for outcome in outcomes for pair in outcome.answer_texts)
    landed_statements = dict(pair[::-1] for outcome in outcomes for pair in outcome.statements)
    assert len(landed_texts) == len(landed_statements) == 2 * rounds  # every change landed

    # Every change is in the audit trail once, and replaced exactly what its author had read:
    # no one overwrote a change they had not seen.
    events = _events(db, "answer.edit")
    actors = [event.actor for event in events]
    # They did race: the trail alternates between them (not all of alice's, then bob's).
    assert sum(1 for a, b in itertools.pairwise(actors) if a != b) > 1, (actors, refused)
    assert sum(refused) > 0  # and changes were refused, then redone on top
    edits = [event.detail for event in events]
    assert sorted(detail["after"]["text"] for detail in edits) == sorted(landed_texts)
    for detail in edits:
        assert detail["before"]["text"] == landed_texts[detail["after"]["text"]]
    for earlier, later in itertools.pairwise(edits):
        assert later["before"]["text"] == earlier["after"]["text"]
        assert later["version"] == earlier["version"] + 1
    claim_edits = [event.detail for event in _events(db, "claim.edit")]
    assert sorted(d["after"]["statement"] for d in claim_edits) == sorted(landed_statements)
    for detail in claim_edits:
        assert detail["before"]["statement"] == landed_statements[detail["after"]["statement"]]
    for earlier, later in itertools.pairwise(claim_edits):
        assert later["before"]["statement"] == earlier["after"]["statement"]
    stored = find_stored_answer(db, 1, answer_id)
    assert stored.version == 1 + 2 * rounds and stored.text == edits[-1]["after"]["text"]
    claim = get_claim(db, CLAIM)
    assert claim.version == 1 + 2 * rounds
    assert claim.statement == claim_edits[-1]["after"]["statement"]


# Two whole ddq processes once, on SQLite; the race above covers PostgreSQL with two processes.
@pytest.mark.sqlite_only
@pytest.mark.real_ddq
def test_two_ddq_processes_setting_one_answer_at_once_both_land(db, data_dir: Path) -> None:
    def start(name: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "review", "set", "1", "Q1", "--text",
             f"{name}'s answer", "--reviewer", name, "--data-dir", str(data_dir)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    processes = [start("alice"), start("bob")]
    results = [(process.wait(timeout=120), process.stderr.read()) for process in processes]
    for process in processes:
        process.stdout.close()
        process.stderr.close()
    assert [code for code, _stderr in results] == [0, 0], results
    edits = [event.detail for event in _events(db, "answer.edit")]
    assert sorted(detail["after"]["text"] for detail in edits) == ["alice's answer", "bob's answer"]
    assert edits[1]["before"]["text"] == edits[0]["after"]["text"]  # the second saw the first
    assert _first_answer(db).version == 3


def test_a_refill_read_before_another_refill_landed_is_refused(db) -> None:
    alice_sees = refill_changes(db, 1).changes
    bob_sees = refill_changes(db, 1).changes
    assert alice_sees and {change.kind for change in alice_sees} == {"update"}
    assert apply_refill(db, 1, bob_sees, "bob") == len(bob_sees)
    after_bob = load_review(db, 1)
    with pytest.raises(UserError, match="Q1 was changed meanwhile; re-fill again"):
        apply_refill(db, 1, alice_sees, "alice")
    assert load_review(db, 1) == after_bob
    assert after_bob.version == 1  # re-filling answers leaves the review's own version

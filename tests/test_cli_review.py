"""``ddq review new|list|show|set|finish`` as a user runs them: a real subprocess for the
commands a script starts with, the rest in-process through the same ``main`` (real streams,
real SQLite file in tmp_path)."""

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import select

from models.bootstrap import open_database
from models.kb.phrasings import list_phrasings
from models.storage.datadir import DATABASE_NAME
from models.storage.tables import VERDICTS, AuditEvent
from questionnaires import review_overview
from questionnaires.reviews import load_review
from questionnaires.templates import template_questions
from tests.helpers.cli_runner import run_ddq

UNANSWERED = "Have you completed a risk analysis of the threats to the ePHI"


def _ddq(data_dir: Path, *args: str):
    return run_ddq([*args, "--data-dir", str(data_dir)])


@pytest.fixture(scope="module")
def reviewed_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding one HIPAA review started through ``ddq review new`` (made once:
    auto-fill and seeding take seconds; each test gets its own copy)."""
    folder = tmp_path_factory.mktemp("reviewed")
    result = _ddq(folder, "review", "new", "--vendor", "openai-api", "--template", "hipaa")
    assert (result.code, result.stdout) == (0, "1\n"), result.stderr
    connection = sqlite3.connect(folder / DATABASE_NAME)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return folder / DATABASE_NAME


@pytest.fixture
def review_id(data_dir: Path, reviewed_database: Path) -> int:
    """Review 1, a HIPAA review, in this test's own data directory."""
    shutil.copyfile(reviewed_database, data_dir / DATABASE_NAME)
    return 1


def _answer(data_dir: Path, review: int, starts: str):
    database = open_database(data_dir)
    try:
        return next(
            a for a in load_review(database, review).answers if a.question.startswith(starts)
        )
    finally:
        database.close()


def _events(data_dir: Path) -> list[tuple[str, str]]:
    database = open_database(data_dir)
    with database.session() as session:
        rows = session.exec(select(AuditEvent).order_by(AuditEvent.id)).all()
        events = [(row.action, row.actor) for row in rows]
    database.close()
    return events


def _digest(data_dir: Path) -> str:
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    digest = hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    connection.close()
    return digest


def test_review_new_prints_only_the_id_of_an_auto_filled_review(ddq, data_dir: Path) -> None:
    result = ddq("review", "new", "--vendor", "openai-api", "--template", "soc2", "--title", "Q3")
    assert result.code == 0, result.stderr
    assert result.stdout == "1\n" and result.stderr == ""
    database = open_database(data_dir)
    review = load_review(database, 1)
    assert review.title == "Q3" and review.template_id == "soc2"
    assert len(review.answers) == len(template_questions(database, "soc2"))
    assert {answer.state for answer in review.answers} == {"auto"}
    assert {answer.match["method"] for answer in review.answers} == {"template"}
    database.close()


def test_review_new_reads_a_questions_file_and_names_the_review_after_it(
    data_dir: Path, tmp_path: Path
) -> None:
    questions = tmp_path / "customer.csv"
    questions.write_text("id,question\nQ1,Is customer data encrypted at rest?\n", encoding="utf-8")
    result = _ddq(
        data_dir, "review", "new", "--vendor", "openai-api", "--questions", str(questions)
    )
    assert result.code == 0, result.stderr
    database = open_database(data_dir)
    review = load_review(database, int(result.stdout))
    database.close()
    assert review.title == "OpenAI API — customer.csv"
    assert review.source_file == str(questions)
    assert [(a.qid, a.verdict) for a in review.answers] == [("Q1", "yes")]


def test_review_list_shows_vendor_source_state_and_counts(data_dir: Path, review_id: int) -> None:
    listed = json.loads(_ddq(data_dir, "review", "list", "--json").stdout)
    assert len(listed) == 1
    item = listed[0]
    assert (item["id"], item["vendor"], item["source"], item["state"]) == (
        review_id, "openai-api", "hipaa", "open",
    )  # fmt: skip
    assert item["questions"] == sum(item["verdicts"].values()) > 0
    assert (item["resolved"], item["flagged"]) == (0, 0)
    table = _ddq(data_dir, "review", "list").stdout.splitlines()
    assert table[0].split() == ["ID", "VENDOR", "SOURCE", "STATE", "RESOLVED", "FLAGGED", "TITLE"]
    assert table[1].split()[:5] == [
        str(review_id),
        "openai-api",
        "hipaa",
        "open",
        f"0/{item['questions']}",
    ]


def test_review_show_json_passes_each_answers_match_through(data_dir: Path, review_id: int) -> None:
    shown = json.loads(_ddq(data_dir, "review", "show", str(review_id), "--json").stdout)
    database = open_database(data_dir)
    stored = load_review(database, review_id).answers
    database.close()
    assert shown["id"] == review_id and shown["vendor"] == "openai-api"
    assert [answer["id"] for answer in shown["answers"]] == [answer.qid for answer in stored]
    for printed, answer in zip(shown["answers"], stored, strict=True):
        assert printed["match"] == answer.match
        assert (printed["verdict"], printed["answer"], printed["state"]) == (
            answer.verdict, answer.text, answer.state,
        )  # fmt: skip
        assert printed["citations"] == answer.citations and printed["flags"] == answer.flags
        assert printed["confidence"] == round(answer.confidence, 3)
    text = _ddq(data_dir, "review", "show", str(review_id)).stdout
    assert stored[0].qid in text and "confidence" in text


def test_review_set_cite_learns_the_phrasing_and_answers_from_the_claims(
    data_dir: Path, review_id: int
) -> None:
    before = _answer(data_dir, review_id, UNANSWERED)
    assert before.verdict == "unknown"
    result = _ddq(
        data_dir, "review", "set", str(review_id), before.qid,
        "--cite", "soc2-type2", "--cite", "iso-27001", "--reviewer", "Alice",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    assert result.stdout == f"{before.qid}: partial (edited, learned)\n"
    after = _answer(data_dir, review_id, UNANSWERED)
    assert (after.verdict, after.state, after.reviewer) == ("partial", "edited", "Alice")
    assert after.match["method"] == "learned" and after.match["score"] == 0.9
    assert after.match["claims"] == ["soc2-type2", "iso-27001"]
    assert [citation["claim"] for citation in after.citations] == ["soc2-type2", "iso-27001"]
    assert after.confidence == 0.9
    assert after.proposed_verdict == "unknown"  # what auto-fill said stays on record
    database = open_database(data_dir)
    [phrasing] = list_phrasings(database, "openai-api")
    database.close()
    assert phrasing.text == before.question
    assert (phrasing.claim_keys, phrasing.author) == (("soc2-type2", "iso-27001"), "Alice")
    assert _events(data_dir)[-2:] == [("phrasing.add", "Alice"), ("answer.cite", "Alice")]


def test_review_set_verdict_and_text_win_over_the_cited_answer(
    data_dir: Path, review_id: int
) -> None:
    qid = _answer(data_dir, review_id, UNANSWERED).qid
    result = _ddq(
        data_dir, "review", "set", str(review_id), qid,
        "--cite", "soc2-type2", "--verdict", "yes", "--text", "Covered by the SOC 2 report.",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    after = _answer(data_dir, review_id, UNANSWERED)
    assert (after.verdict, after.text, after.state) == (
        "yes", "Covered by the SOC 2 report.", "edited",
    )  # fmt: skip
    assert after.match["method"] == "learned" and after.citations[0]["claim"] == "soc2-type2"
    assert [action for action, _actor in _events(data_dir)[-3:]] == [
        "phrasing.add", "answer.cite", "answer.edit",
    ]  # fmt: skip


def test_review_set_flag_accept_and_finish(data_dir: Path, review_id: int) -> None:
    database = open_database(data_dir)
    answers = load_review(database, review_id).answers
    database.close()
    first, second = answers[0].qid, answers[1].qid
    flagged = _ddq(data_dir, "review", "set", str(review_id), first, "--flag", "ask for the BCP")
    assert flagged.code == 0 and flagged.stdout.startswith(f"{first}: ")
    assert _ddq(data_dir, "review", "set", str(review_id), second, "--accept").code == 0
    refused = _ddq(data_dir, "review", "finish", str(review_id), "--reviewer", "Bob")
    assert refused.code == 2 and "1 flagged" in refused.stderr  # the sign-off gate
    finished = _ddq(
        data_dir, "review", "finish", str(review_id), "--reviewer", "Bob", "--with-open"
    )
    assert finished.code == 0
    assert finished.stdout.startswith(f"review {review_id} finished: Signed draft: ")
    database = open_database(data_dir)
    review = load_review(database, review_id)
    database.close()
    assert (review.answers[0].state, review.answers[0].flag_reason) == (
        "flagged",
        "ask for the BCP",
    )
    assert review.answers[1].state == "accepted"
    assert review.finished_at is not None
    assert [action for action, _actor in _events(data_dir)[-3:]] == [
        "answer.flag", "answer.accept", "review.finish",
    ]  # fmt: skip
    assert _events(data_dir)[-1] == ("review.finish", "Bob")


BAD_SETS = {
    "unknown review": (["review", "set", "4242", "Q1", "--accept"], "no review with id 4242"),
    "unknown question": (["review", "set", "{id}", "NOPE", "--accept"], "has no question 'NOPE'"),
    "unknown claim": (
        ["review", "set", "{id}", "{qid}", "--cite", "soc2-type2", "--cite", "no-such-claim"],
        "unknown claim 'no-such-claim'",
    ),
    "bad verdict": (["review", "set", "{id}", "{qid}", "--verdict", "maybe"], "verdict must be one of"),
    "bad verdict after a good cite": (
        ["review", "set", "{id}", "{qid}", "--cite", "soc2-type2", "--verdict", "maybe"],
        "verdict must be one of",
    ),
    "empty flag reason": (["review", "set", "{id}", "{qid}", "--flag", "  "], "needs a reason"),
    "flag and accept": (["review", "set", "{id}", "{qid}", "--flag", "x", "--accept"], "not both"),
    "nothing to change": (["review", "set", "{id}", "{qid}"], "nothing to change"),
    "show unknown review": (["review", "show", "4242"], "no review with id 4242"),
    "finish unknown review": (["review", "finish", "4242"], "no review with id 4242"),
    "new unknown vendor": (["review", "new", "--vendor", "acme", "--template", "soc2"], "unknown vendor"),
    "new unknown template": (
        ["review", "new", "--vendor", "openai-api", "--template", "iso"], "unknown template 'iso'",
    ),
    "new sheet with template": (
        ["review", "new", "--vendor", "openai-api", "--template", "soc2", "--sheet", "A"],
        "--questions files only",
    ),
}  # fmt: skip


@pytest.mark.parametrize("row", list(BAD_SETS))
def test_bad_review_input_is_one_line_exit_2_and_changes_nothing(
    row: str, data_dir: Path, review_id: int
) -> None:
    qid = _answer(data_dir, review_id, UNANSWERED).qid
    args, says = BAD_SETS[row]
    before = _digest(data_dir)
    result = _ddq(data_dir, *(arg.format(id=review_id, qid=qid) for arg in args))
    assert result.code == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("ddq")
    assert says in result.stderr, result.stderr
    assert _digest(data_dir) == before


def test_the_overview_knows_the_verdicts_the_tables_declare() -> None:
    assert review_overview.VERDICTS == VERDICTS

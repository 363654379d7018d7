"""Guided review operations: accept, edit, flag, resume, summary — each saved at once."""

import pytest
from sqlmodel import select

from models.bootstrap import open_database
from models.errors import UserError
from models.storage.tables import AuditEvent
from questionnaires.reviews import (
    accept_answer,
    edit_answer,
    finish_review,
    flag_answer,
    load_review,
    next_unresolved,
    set_position,
    summarise,
)
from tests.review_factory import make_review

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

QUESTIONS = [
    {"question": "Do you encrypt data at rest?", "verdict": "yes", "text": "AES-256.", "section": "Security"},
    {"question": "Will you sign a BAA?", "verdict": "partial", "text": "On approval.", "section": "HIPAA",
     "flags": ["BAA covers only zero-data-retention endpoints"]},
    {"question": "What is your RTO?", "verdict": "unknown", "text": "Not known.", "section": "Security"},
]  # fmt: skip


def test_accept_edit_flag_survive_reopening(data_dir) -> None:
    database = open_database(data_dir)
    review_id = make_review(database, QUESTIONS)
    answers = load_review(database, review_id).answers
    accept_answer(database, answers[0].id, "alice")
    edit_answer(database, answers[1].id, "alice", verdict="no", text="We do not use PHI.")
    flag_answer(database, answers[2].id, "alice", "  ask for the BCP  ")
    database.close()

    reopened = open_database(data_dir)
    review = load_review(reopened, review_id)
    assert [answer.state for answer in review.answers] == ["accepted", "edited", "flagged"]
    assert review.answers[1].verdict == "no"
    assert review.answers[1].proposed_verdict == "partial"
    assert review.answers[1].edited_by_reviewer
    assert review.answers[2].flag_reason == "ask for the BCP"
    assert review.current_position == 2
    with reopened.session() as session:
        actions = [
            row.action
            for row in session.exec(select(AuditEvent).where(AuditEvent.review_id == review_id))
        ]
    assert actions == ["answer.accept", "answer.edit", "answer.flag"]
    reopened.close()


def test_accepting_an_edited_answer_keeps_it_edited(database) -> None:
    review_id = make_review(database, QUESTIONS)
    answer = load_review(database, review_id).answers[0]
    edit_answer(database, answer.id, "bob", text="AES-256 at rest, per the 2024 source.")
    assert accept_answer(database, answer.id, "bob").state == "edited"


def test_bad_edits_change_nothing(database) -> None:
    review_id = make_review(database, QUESTIONS)
    answer = load_review(database, review_id).answers[0]
    with pytest.raises(UserError, match="verdict must be one of"):
        edit_answer(database, answer.id, "bob", verdict="maybe")
    with pytest.raises(UserError, match="needs a reason"):
        flag_answer(database, answer.id, "bob", "   ")
    assert load_review(database, review_id).answers[0].state == "auto"


def test_next_unresolved_wraps_and_summary_counts(database) -> None:
    review_id = make_review(database, QUESTIONS)
    answers = load_review(database, review_id).answers
    accept_answer(database, answers[1].id, "carol")
    review = load_review(database, review_id)
    assert next_unresolved(review, 0) == 2
    assert next_unresolved(review, 2) == 0
    summary = summarise(review)
    assert summary.by_verdict == {"yes": 1, "partial": 1, "no": 0, "unknown": 1}
    assert summary.by_state["accepted"] == 1
    assert summary.unresolved == 2
    assert summary.by_section["Security"] == {"yes": 1, "unknown": 1}
    assert summary.watch_outs == ["BAA covers only zero-data-retention endpoints"]
    set_position(database, review_id, 1)
    finish_review(database, review_id, "carol", with_open=True)
    review = load_review(database, review_id)
    assert review.current_position == 1
    assert review.finished_at is not None

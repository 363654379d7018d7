"""The sign-off gate: open answers counted apart, finishing refused or recorded, read-only
finished reviews, reopening with a reason."""

import pytest
from sqlmodel import select

from models.errors import UserError
from models.storage.tables import AuditEvent
from questionnaires.reviews import accept_answer, edit_answer, flag_answer, load_review
from questionnaires.signoff import (
    OpenAnswersError,
    finish_review,
    reopen_review,
    review_counts,
    signoff_statement,
)
from tests.review_factory import make_review

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

QUESTIONS = [
    {"question": "Do you encrypt data at rest?", "verdict": "yes", "text": "AES-256."},
    {"question": "Will you sign a BAA?", "verdict": "partial", "text": "On approval."},
    {"question": "What is your RTO?", "verdict": "unknown", "text": "Request the BCP."},
    {"question": "Do you train on our data?", "verdict": "no", "text": "No."},
]


def _events(database, review_id: int, action: str) -> list[AuditEvent]:
    with database.session() as session:
        return list(
            session.exec(
                select(AuditEvent).where(
                    AuditEvent.review_id == review_id, AuditEvent.action == action
                )
            ).all()
        )


def test_counts_keep_accepted_unknown_apart_from_resolved(database) -> None:
    review_id = make_review(database, QUESTIONS)
    answers = load_review(database, review_id).answers
    accept_answer(database, answers[0].id, "dana")
    accept_answer(database, answers[2].id, "dana")
    flag_answer(database, answers[1].id, "dana", "ask legal")
    counts = review_counts(database, review_id)
    assert (counts.resolved, counts.accepted_unknown, counts.flagged, counts.not_reviewed) == (
        1,
        1,
        1,
        1,
    )
    assert counts.open == 3
    assert signoff_statement(counts, None) == (
        "Signed draft: 1 of 4 answers not reviewed, 1 flagged, 1 accepted as unknown, "
        "review not marked finished"
    )


def test_finishing_with_open_answers_is_refused_unless_asked(database) -> None:
    review_id = make_review(database, QUESTIONS)
    with pytest.raises(OpenAnswersError, match="4 of 4 answers not reviewed") as caught:
        finish_review(database, review_id, "dana")
    assert caught.value.counts.not_reviewed == 4
    assert load_review(database, review_id).finished_at is None
    assert _events(database, review_id, "review.finish") == []

    counts = finish_review(database, review_id, "dana", with_open=True)
    assert counts.open == 4
    [event] = _events(database, review_id, "review.finish")
    assert event.detail["with_open"] is True
    assert event.detail["counts"]["not_reviewed"] == 4
    with pytest.raises(UserError, match="already finished"):
        finish_review(database, review_id, "dana", with_open=True)


def test_a_fully_reviewed_review_finishes_and_is_approved(database) -> None:
    review_id = make_review(database, [q for q in QUESTIONS if q["verdict"] != "unknown"])
    for answer in load_review(database, review_id).answers:
        accept_answer(database, answer.id, "dana")
    counts = finish_review(database, review_id, "dana")
    finished = load_review(database, review_id).finished_at
    assert signoff_statement(counts, finished) == "Reviewed and approved: all 3 answers reviewed"
    assert signoff_statement(counts, finished, signed=False).startswith("Unsigned draft")


def test_a_finished_review_is_read_only_until_reopened_with_a_reason(database) -> None:
    review_id = make_review(database, QUESTIONS)
    finish_review(database, review_id, "dana", with_open=True)
    answer = load_review(database, review_id).answers[0]
    for change in (
        lambda: accept_answer(database, answer.id, "dana"),
        lambda: edit_answer(database, answer.id, "dana", verdict="no"),
        lambda: flag_answer(database, answer.id, "dana", "why"),
    ):
        with pytest.raises(UserError, match="finished and read-only"):
            change()
    assert load_review(database, review_id).answers[0].state == "auto"
    with pytest.raises(UserError, match="needs a reason"):
        reopen_review(database, review_id, "dana", "   ")
    reopen_review(database, review_id, "dana", "customer  sent a new\nversion")
    assert load_review(database, review_id).finished_at is None
    [event] = _events(database, review_id, "review.reopen")
    assert event.detail["reason"] == "customer sent a new version"
    assert event.actor == "dana"
    assert edit_answer(database, answer.id, "dana", verdict="no").verdict == "no"
    with pytest.raises(UserError, match="is not finished"):
        reopen_review(database, review_id, "dana", "again")


def test_unknown_review_is_refused(database) -> None:
    with pytest.raises(UserError, match="no review with id 999"):
        finish_review(database, 999, "dana")
    with pytest.raises(UserError, match="no review with id 999"):
        reopen_review(database, 999, "dana", "x")


def test_citing_claims_on_a_finished_review_learns_nothing(database) -> None:
    from models.kb.phrasings import list_phrasings
    from questionnaires.citing import cite_claims

    review_id = make_review(database, QUESTIONS)
    finish_review(database, review_id, "dana", with_open=True)
    answer = load_review(database, review_id).answers[0]
    before = list_phrasings(database, "openai-api")
    with pytest.raises(UserError, match="finished and read-only"):
        cite_claims(database, "openai-api", answer, ["encryption-at-rest"], "dana")
    assert list_phrasings(database, "openai-api") == before

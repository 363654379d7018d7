"""Starting a review: progress, one Review with its Answers, one audit event, all or nothing."""

import pytest
from sqlmodel import select

from models.errors import UserError
from models.storage.tables import Answer, AuditEvent, Review
from questionnaires.questions import Question
from questionnaires.review_builder import review_answers, start_review
from questionnaires.templates import template_questions

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


def test_start_review_yields_progress_then_the_review_id(database) -> None:
    questions = template_questions(database, "hipaa")
    steps = list(
        start_review(
            database,
            "openai-api",
            questions,
            title="HIPAA for Acme",
            template_id="hipaa",
            reviewer="Dana",
            organisation="Acme",
        )
    )
    total = len(questions)
    assert [done for done, _total, _id in steps[:-1]] == list(range(1, total + 1))
    assert all(review_id is None for _d, _t, review_id in steps[:-1])
    done, last_total, review_id = steps[-1]
    assert (done, last_total) == (total, total) and review_id is not None
    with database.session() as session:
        review = session.get(Review, review_id)
        assert review.title == "HIPAA for Acme" and review.template_id == "hipaa"
        answers = session.exec(
            select(Answer).where(Answer.review_id == review_id).order_by(Answer.position)
        ).all()
        events = session.exec(select(AuditEvent).where(AuditEvent.review_id == review_id)).all()
    assert len(answers) == total
    baa = next(answer for answer in answers if answer.qid == "HIPAA-164.314-a1")
    assert baa.state == "auto"
    assert baa.verdict == baa.proposed_verdict == "partial"
    assert baa.text == baa.proposed_text and "Zero Data Retention" in baa.text
    assert baa.citations[0]["claim"] == "hipaa-baa"
    assert baa.match["method"] == "template"
    assert [event.action for event in events] == ["review.create"]
    assert events[0].actor == "Dana"
    assert events[0].detail["questions"] == total


def test_unknown_vendor_writes_nothing(database) -> None:
    with pytest.raises(UserError, match="unknown vendor 'nobody'"):
        list(start_review(database, "nobody", [Question("Q1", "Do you encrypt?")], title="x"))
    with database.session() as session:
        assert session.exec(select(Review)).all() == []


def test_imported_questions_keep_their_location(database) -> None:
    question = Question("R2", "Is customer data encrypted at rest?", location={"row": 2})
    *_progress, (_done, _total, review_id) = start_review(
        database, "openai-api", [question], title="csv", source_file="in.csv"
    )
    with database.session() as session:
        answer = session.exec(select(Answer).where(Answer.review_id == review_id)).one()
    assert answer.location == {"row": 2}
    assert answer.verdict == "yes" and "AES-256" in answer.text
    assert answer.match["rule"] == "encryption-at-rest"


def test_reviewed_answers_are_read_back_for_write_back(database) -> None:
    from sqlmodel import select as query

    questions = [Question("R2", "Do you offer ZDR?", location={"row": 2})]
    *_progress, (_done, _total, review_id) = start_review(
        database, "openai-api", questions, title="csv"
    )
    with database.write("Dana") as unit:
        answer = unit.session.exec(query(Answer).where(Answer.review_id == review_id)).one()
        answer.verdict, answer.text, answer.state = "yes", "Approved for our org.", "edited"
        unit.session.add(answer)
    (read,) = review_answers(database, review_id)
    assert (read.qid, read.verdict, read.text) == ("R2", "yes", "Approved for our org.")
    assert read.location == {"row": 2} and read.citations[0]["claim"] == "zdr"
    with pytest.raises(UserError, match="no review with id 999"):
        review_answers(database, 999)

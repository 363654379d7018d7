"""The learning action without a window: answering from cited claims, and citing claims for a
stored answer (phrasing kept, answer recomputed, both audited), against a real SQLite file."""

from datetime import date

import pytest
from sqlmodel import select

from models.errors import UserError
from models.kb.phrasings import list_phrasings
from models.storage.tables import AuditEvent
from questionnaires.citing import cite_claims
from questionnaires.knowledge import load_knowledge_base
from questionnaires.learned import answer_with_claims
from questionnaires.questions import Question
from questionnaires.reviews import load_review
from tests.review_factory import make_review

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

TODAY = date(2026, 8, 1)


def test_answer_with_claims_computes_the_verdict_from_the_cited_claims(database) -> None:
    kb = load_knowledge_base(database, "openai-api")
    question = Question("Q1", "Can we get a business associate agreement signed?")
    answer = answer_with_claims(question, kb, ["hipaa-baa", "hipaa-baa"], TODAY)
    assert answer.verdict == "partial"  # approval and the ZDR scope still apply
    assert answer.match["method"] == "learned"
    assert answer.match["claims"] == ["hipaa-baa"] and answer.match["score"] == 0.9
    assert answer.confidence == 0.9
    assert [citation["claim"] for citation in answer.citations] == ["hipaa-baa"]


def test_answer_with_claims_follows_superseded_and_refuses_unclear_claims(database) -> None:
    kb = load_knowledge_base(database, "openai-api")
    followed = answer_with_claims(Question("Q1", "Do you sign a BAA?"), kb, ["hipaa-baa-2024"])
    assert followed.match["followed_superseded"] == {"hipaa-baa-2024": "hipaa-baa"}
    assert followed.citations[0]["claim"] == "hipaa-baa"
    unclear = answer_with_claims(
        Question("Q2", "Have you published the training-content summary?"),
        kb,
        ["eu-ai-act-art53-summary"],
    )
    assert unclear.verdict == "unknown" and unclear.match["method"] == "learned"


def test_cite_claims_stores_the_phrasing_and_the_recomputed_answer(database) -> None:
    review_id = make_review(database, [{"question": "Is stored data encrypted?", "text": "?"}])
    answer = load_review(database, review_id).answers[0]
    updated = cite_claims(database, "openai-api", answer, ["encryption-at-rest"], "Alice", TODAY)
    assert (updated.verdict, updated.state, updated.reviewer) == ("yes", "edited", "Alice")
    assert "AES-256" in updated.text
    assert updated.match["method"] == "learned"
    assert load_review(database, review_id).answers[0] == updated
    [phrasing] = list_phrasings(database, "openai-api")
    assert (phrasing.text, phrasing.claim_keys) == (
        "Is stored data encrypted?",
        ("encryption-at-rest",),
    )
    with database.session() as session:
        actions = [row.action for row in session.exec(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-2:] == ["phrasing.add", "answer.cite"]


def test_citing_an_unknown_claim_changes_nothing(database) -> None:
    review_id = make_review(database, [{"question": "Is stored data encrypted?", "text": "?"}])
    answer = load_review(database, review_id).answers[0]
    with pytest.raises(UserError, match="unknown claim 'no-such-claim'"):
        cite_claims(database, "openai-api", answer, ["encryption-at-rest", "no-such-claim"], "Al")
    assert load_review(database, review_id).answers[0] == answer
    assert list_phrasings(database, "openai-api") == []

"""Build reviews for export tests: every verdict and review state, markup and non-Latin text."""

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from models.storage.database import Database
from models.storage.tables import Answer, Evidence, Review, Vendor

MARKUP_TEXT = '<b>bold?</b> <a href="javascript:alert(1)">click</a> & < 5'
CHINESE_TEXT = "数据保护与加密"
ARABIC_TEXT = "حماية البيانات"
ACCENTED_TEXT = "Überprüfung der Datenschutz-Folgenabschätzung, façade, Ærø"


def sample_answers() -> list[dict[str, Any]]:
    """Answers covering every verdict and review state, citing real seed claims."""
    return [
        {
            "qid": "SOC2-CC6.1-a",
            "section": "CC6 Logical access",
            "reference": "CC6.1",
            "question": "Is customer data encrypted at rest?",
            "verdict": "yes",
            "text": "Yes: data at rest is encrypted with AES-256 and in transit with TLS 1.2+.",
            "confidence": 0.91,
            "citations": [
                {
                    "claim": "encryption-at-rest",
                    "url": "https://trust.openai.com",
                    "as_of": "2026-07-05",
                }
            ],
            "state": "accepted",
            "reviewer": "Jane Reviewer",
        },
        {
            "qid": "HIPAA-1",
            "section": "HIPAA safeguards",
            "reference": "164.312(a)(2)(iv)",
            "question": "Will you sign a Business Associate Agreement?",
            "verdict": "partial",
            "text": "A BAA is available after approval; it covers zero-data-retention endpoints.",
            "confidence": 0.8,
            "citations": [{"claim": "hipaa-baa", "url": None, "as_of": "2026-07-05"}],
            "flags": ["BAA covers only zero-data-retention endpoints"],
            "state": "edited",
            "proposed_verdict": "yes",
            "proposed_text": "Yes, a BAA is available.",
            "reviewer": "Jane Reviewer",
        },
        {
            "qid": "X-1",
            "section": "Imported 数据 section",
            "reference": "",
            "question": f"Vendor says {MARKUP_TEXT} — {CHINESE_TEXT} / {ARABIC_TEXT}",
            "verdict": "unknown",
            "text": f"Request the policy. {ACCENTED_TEXT}",
            "confidence": 0.1,
            "citations": [],
            "state": "flagged",
            "flag_reason": "Needs legal <review> & sign-off",
            "reviewer": "Jane Reviewer",
        },
        {
            "qid": "X-2",
            "section": "Imported 数据 section",
            "question": "Do you train models on our API data?",
            "verdict": "no",
            "text": "No: API data is not used for training by default.",
            "confidence": 0.88,
            "citations": [{"claim": "training-on-api-data", "as_of": "2026-07-05"}],
            "state": "auto",
        },
    ]


def create_review(
    database: Database,
    answers: list[dict[str, Any]] | None = None,
    *,
    title: str = "SOC 2 vendor security questionnaire",
    reviewer: str = "Jane Reviewer",
    organisation: str = "Acme Legal LLP",
    vendor_slug: str = "openai-api",
) -> int:
    """Insert a review with ``answers`` (default: :func:`sample_answers`); return its id."""
    rows = sample_answers() if answers is None else answers
    start = datetime(2026, 7, 6, 9, 0, tzinfo=UTC)
    with database.write(reviewer or "test") as unit:
        vendor = unit.session.exec(select(Vendor).where(Vendor.slug == vendor_slug)).one()
        review = Review(
            vendor_id=vendor.id,
            title=title,
            template_id="soc2",
            reviewer=reviewer,
            organisation=organisation,
            created_at=start,
        )
        unit.session.add(review)
        unit.session.flush()
        for position, data in enumerate(rows):
            answer = Answer(review_id=review.id, position=position, **data)
            answer.proposed_verdict = data.get("proposed_verdict", answer.verdict)
            answer.proposed_text = data.get("proposed_text", answer.text)
            answer.updated_at = start + timedelta(minutes=position)
            unit.session.add(answer)
        unit.record("review.start", "review", str(review.id), {"questions": len(rows)}, review.id)
        unit.record(
            "answer.edit",
            "answer",
            "HIPAA-1",
            {"before": "yes", "after": "partial <b>"},
            review.id,
        )
        review_id = review.id
    return review_id


def mark_evidence(database: Database) -> None:
    """Give evidence items snapshot hashes and one a changed flag, as a refresh would."""
    with database.write("test") as unit:
        items = unit.session.exec(select(Evidence).order_by(Evidence.id)).all()
        for index, item in enumerate(items):
            item.last_checked = datetime(2026, 7, 5, 12, 0, tzinfo=UTC)
            item.http_status = 200
            item.sha256 = f"{index:02x}" * 32
            item.changed = index == 0
            unit.session.add(item)

"""Build reviews directly in the database for tests that do not need auto-fill."""

from sqlmodel import select

from models.storage.database import Database
from models.storage.tables import Answer, Review, Vendor


def make_review(database: Database, answers: list[dict], title: str = "Test review") -> int:
    """Create a review for ``openai-api`` with the given answer fields; return its id.

    Each dict needs at least ``question``; ``verdict`` and ``text`` default to unknown/"".
    """
    with database.write("test") as unit:
        vendor = unit.session.exec(select(Vendor).where(Vendor.slug == "openai-api")).one()
        review = Review(vendor_id=vendor.id, title=title, reviewer="tester")
        unit.session.add(review)
        unit.session.flush()
        for position, fields in enumerate(answers):
            verdict = fields.get("verdict", "unknown")
            text = fields.get("text", "")
            unit.session.add(
                Answer(
                    review_id=review.id,
                    position=position,
                    qid=fields.get("qid", f"Q{position + 1}"),
                    section=fields.get("section", ""),
                    reference=fields.get("reference", ""),
                    question=fields["question"],
                    verdict=verdict,
                    text=text,
                    proposed_verdict=verdict,
                    proposed_text=text,
                    confidence=fields.get("confidence", 0.5),
                    citations=fields.get("citations", []),
                    flags=fields.get("flags", []),
                )
            )
        return review.id

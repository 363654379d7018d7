"""The reviewer's learning action: "this question is answered by these claims".

The question's text is stored as a phrasing of the cited claims (``models.kb.phrasings``) and the
answer is recomputed from those claims by auto-fill's own engine, so the verdict still comes
from their current status and conditions. ``ddq review set --cite`` and the guided review's
*Cite claim…* both call :func:`cite_claims`.
"""

from datetime import date

from models.kb.phrasings import add_phrasing
from models.storage.database import Database
from questionnaires.knowledge import load_knowledge_base
from questionnaires.learned import answer_with_claims
from questionnaires.questions import Question
from questionnaires.reviews import AnswerRecord, save_cited_answer
from questionnaires.signoff import ensure_review_open


def question_of(answer: AnswerRecord) -> Question:
    """Return the question an answer answers, as auto-fill takes it."""
    return Question(
        qid=answer.qid,
        text=answer.question,
        section=answer.section,
        reference=answer.reference,
        location=dict(answer.location),
    )


def cite_claims(
    database: Database,
    vendor_slug: str,
    answer: AnswerRecord,
    claim_keys: list[str],
    actor: str,
    today: date | None = None,
) -> AnswerRecord:
    """Learn that ``answer``'s question is answered by ``claim_keys`` and answer it from them.

    Args:
        database: The open database.
        vendor_slug: The review's vendor (whose claims are cited).
        answer: The answer to change (its id and question are used).
        claim_keys: Keys of the vendor's claims, in citing order.
        actor: The reviewer; author of the phrasing and actor of both audit events.
        today: The date staleness is judged on; today by default.

    Returns:
        The answer as stored now: verdict, text, citations and ``match`` (method
        ``learned``) from the cited claims, state ``edited``.

    Raises:
        UserError: A key names no claim of the vendor, or no key was given; nothing is
            written then.
    """

    ensure_review_open(database, answer.review_id)  # before the phrasing is learned
    keys = list(dict.fromkeys(key.strip() for key in claim_keys if key.strip()))
    kb = load_knowledge_base(database, vendor_slug)
    proposed = answer_with_claims(question_of(answer), kb, keys, today)
    # The phrasing is written first: it checks every key, so a bad one changes nothing.
    add_phrasing(database, vendor_slug, answer.question, keys, actor)
    return save_cited_answer(
        database,
        answer.id,
        actor,
        verdict=proposed.verdict,
        text=proposed.text,
        confidence=proposed.confidence,
        citations=proposed.citations,
        flags=proposed.flags,
        match=proposed.match,
    )

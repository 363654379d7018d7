"""The reviewer's learning action: "this question is answered by these claims".

The question's text is stored as a phrasing of the cited claims (``models.kb.phrasings``) and the
answer is recomputed from those claims by auto-fill's own engine, so the verdict still comes
from their current status and conditions. ``ddq review set --cite`` and the guided review's
*Cite claim…* both call :func:`cite_claims`.
"""

from datetime import date

from models.kb.phrasings import add_phrasing
from models.storage.database import Database
from models.storage.versions import check_base
from questionnaires.knowledge import load_knowledge_base
from questionnaires.learned import answer_with_claims
from questionnaires.questions import Question
from questionnaires.review_records import find_stored_answer
from questionnaires.reviews import SHOWN_FIELDS, AnswerRecord, save_cited_answer
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
    base_version: int | None = None,
) -> AnswerRecord:
    """Learn that ``answer``'s question is answered by ``claim_keys`` and answer it from them.

    Args:
        database: The open database.
        vendor_slug: The review's vendor (whose claims are cited).
        answer: The answer to change (its id and question are used).
        claim_keys: Keys of the vendor's claims, in citing order.
        actor: The reviewer; author of the phrasing and actor of both audit events.
        today: The date staleness is judged on; today by default.
        base_version: The answer's version the reviewer saw; None to answer on top of
            whatever is stored.

    Returns:
        The answer as stored now: verdict, text, citations and ``match`` (method
        ``learned``) from the cited claims, state ``edited``.

    Raises:
        UserError: A key names no claim of the vendor, or no key was given; nothing is
            written then.
        ConflictError: The answer changed since ``base_version``. Checked before the
            phrasing is learned and again when the answer is written; should another change
            land between the two, the phrasing (a fact about the question's wording, true
            whatever the answer says) stays learned and the answer is left as the other
            person made it.
    """

    ensure_review_open(database, answer.review_id)  # before the phrasing is learned
    if base_version is not None:
        stored = find_stored_answer(database, answer.review_id, answer.id)
        check_base(
            stored.version, base_version, f"answer {stored.qid}", stored.reviewer,
            stored.updated_at, {name: getattr(stored, name) for name in SHOWN_FIELDS},
        )  # fmt: skip
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
        base_version=base_version,
    )

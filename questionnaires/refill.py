"""Re-fill an open review after the knowledge base changed.

Auto-fill runs again over the review's questions. An answer nobody has touched yet (state
``auto``) is offered the new proposal when it differs (verdict, text, cited claims or their
evidence); an answer the reviewer accepted, edited or flagged is never overwritten: when a
claim it cites, or a claim the new proposal would cite, changed after the reviewer's decision,
it gets the flag "Knowledge base changed since you accepted this: <claim>" instead.
:func:`refill_changes` only computes; :func:`apply_refill` writes the chosen changes in one
transaction, each with its audit event.
"""

from dataclasses import dataclass, field
from datetime import UTC, date
from typing import Any

from sqlalchemy import update
from sqlmodel import col

from models.errors import UserError
from models.kb.claims import list_claims
from models.storage.database import Database
from models.storage.tables import Answer, Review, utcnow
from questionnaires.autofill import answer_question
from questionnaires.knowledge import load_knowledge_base
from questionnaires.learned import answer_with_claims, learned_claims
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.reviews import AnswerRecord, ReviewRecord, load_review
from questionnaires.signoff import ensure_open
from questionnaires.templates import template_questions, vendor_wording

KB_CHANGED_PREFIX = "Knowledge base changed since you accepted this: "


def kb_changed_flag(claim_key: str) -> str:
    """Return the flag an accepted answer gets when a claim it relies on changed."""
    return f"{KB_CHANGED_PREFIX}{claim_key}"


@dataclass(frozen=True)
class RefillChange:
    """One change re-fill offers.

    Attributes:
        answer_id: The answer.
        qid: Its question id.
        question: The question.
        kind: ``update`` (a new proposal for an untouched answer) or ``flag`` (a reviewed
            answer whose claims changed).
        old_verdict: The verdict now.
        old_text: The text now.
        proposal: The new proposal (``update``).
        claims: The changed claims (``flag``).
        version: The answer's version re-fill read; an update is refused once it changed.
    """

    answer_id: int
    qid: str
    question: str
    kind: str
    old_verdict: str
    old_text: str
    proposal: ProposedAnswer | None = None
    claims: tuple[str, ...] = ()
    version: int | None = None

    def describe(self) -> str:
        """One line: ``HIPAA-3: unknown → yes``, ``HIPAA-4: yes, citations updated`` (the same
        answer citing other claims or new evidence) or ``HIPAA-5: knowledge base changed…``."""
        if self.kind == "update" and self.proposal is not None:
            if (self.old_verdict, self.old_text) == (self.proposal.verdict, self.proposal.text):
                return f"{self.qid}: {self.old_verdict}, citations updated"
            return f"{self.qid}: {self.old_verdict} → {self.proposal.verdict}"
        return (
            f"{self.qid}: knowledge base changed since it was accepted ({', '.join(self.claims)})"
        )


@dataclass
class RefillResult:
    """What re-fill offers for one review."""

    review_id: int
    changes: list[RefillChange] = field(default_factory=list)


def _questions(database: Database, review: ReviewRecord) -> list[Question]:
    by_qid: dict[str, Question] = {}
    if review.template_id:
        by_qid = {
            question.qid: question
            for question in vendor_wording(
                database, review.vendor, template_questions(database, review.template_id)
            )
        }
    return [
        by_qid.get(answer.qid)
        or Question(
            answer.qid,
            answer.question,
            section=answer.section,
            reference=answer.reference,
            location=dict(answer.location),
        )
        for answer in review.answers
    ]


def propose_answers(
    database: Database, vendor: str, questions: list[Question]
) -> list[ProposedAnswer]:
    """Auto-fill ``questions``; a template question left unknown is also tried against the
    phrasings reviewers stored (an accepted vendor response stores its question's wording),
    since a template's own claim mapping names claims a new vendor may not have."""
    kb = load_knowledge_base(database, vendor)
    today = date.today()
    answers = []
    for question in questions:
        answer = answer_question(question, kb, today)
        if answer.verdict == "unknown" and question.claim_keys is not None:
            learned = learned_claims(question, kb)
            if learned is not None:
                answer = answer_with_claims(question, kb, learned[0], today, score=learned[1])
        answers.append(answer)
    return answers


def _cited(citations: list[dict[str, Any]]) -> list[str]:
    keys = [str(item.get("claim") or "") for item in citations if isinstance(item, dict)]
    return [key for key in dict.fromkeys(keys) if key]


def _evidence(citations: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    return [
        (str(item.get("url") or ""), *map(str, item.get("evidence") or []))
        for item in citations
        if isinstance(item, dict)
    ]


def _differs(answer: AnswerRecord, proposal: ProposedAnswer) -> bool:
    # Evidence counts: a file attached to a cited claim is cited by the answer (and its pack).
    return (
        answer.verdict != proposal.verdict
        or answer.text != proposal.text
        or _cited(answer.citations) != _cited(proposal.citations)
        or _evidence(answer.citations) != _evidence(proposal.citations)
    )


def refill_changes(database: Database, review_id: int) -> RefillResult:
    """Return what re-filling the review would change (nothing is written).

    Raises:
        UserError: Unknown or finished review.
    """

    review = load_review(database, review_id)
    if review.finished_at is not None:
        raise UserError(f"review {review_id} is finished; reopen it to re-fill it")
    proposals = propose_answers(database, review.vendor, _questions(database, review))
    updated = {claim.key: claim.updated_at for claim in list_claims(database, review.vendor)}
    result = RefillResult(review_id)
    for answer, proposal in zip(review.answers, proposals, strict=True):
        if answer.state == "auto":
            if _differs(answer, proposal):
                result.changes.append(
                    RefillChange(
                        answer.id, answer.qid, answer.question, "update",
                        answer.verdict, answer.text, proposal=proposal,
                        version=answer.version,
                    )
                )  # fmt: skip
            continue
        keys = dict.fromkeys(_cited(answer.citations) + _cited(proposal.citations))
        changed = tuple(
            key
            for key in keys
            if key in updated
            and _after(updated[key], answer.updated_at)
            and kb_changed_flag(key) not in answer.flags
        )
        if changed:
            result.changes.append(
                RefillChange(
                    answer.id, answer.qid, answer.question, "flag",
                    answer.verdict, answer.text, claims=changed, version=answer.version,
                )
            )  # fmt: skip
    return result


def _after(claim_time: Any, answer_time: Any) -> bool:

    def aware(value: Any) -> Any:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value

    return aware(claim_time) > aware(answer_time)


def apply_refill(
    database: Database, review_id: int, changes: list[RefillChange], actor: str
) -> int:
    """Write the chosen re-fill changes in one transaction; return how many were made.

    An update replaces an untouched answer with its new proposal (still ``auto``); a flag is
    added to a reviewed answer and its verdict and text stay as the reviewer left them.

    Raises:
        UserError: The review was finished, or an answer was changed by the reviewer since
            re-fill looked (nothing is written then).
    """

    if not changes:
        return 0
    with database.write(" ".join(actor.split()) or "app") as unit:
        ensure_open(unit.session.get(Review, review_id))
        now = utcnow()
        for change in changes:
            row = unit.session.get(Answer, change.answer_id)
            if row is None or row.review_id != review_id:
                raise UserError(f"review {review_id} has no answer {change.qid!r}")
            if change.kind == "update" and change.proposal is not None:
                if row.state != "auto":
                    raise UserError(f"{change.qid} was reviewed meanwhile; re-fill again")
                if change.version is not None and row.version != change.version:
                    raise UserError(f"{change.qid} was changed meanwhile; re-fill again")
                proposal = change.proposal
                before = {"verdict": row.verdict, "text": row.text}
                row.verdict = row.proposed_verdict = proposal.verdict
                row.text = row.proposed_text = proposal.text
                row.confidence = proposal.confidence
                row.citations = list(proposal.citations)
                row.flags = list(proposal.flags)
                row.match = dict(proposal.match)
                detail: dict[str, Any]
                action, detail = "answer.refill", {
                    "answer_id": row.id, "before": before,
                    "after": {"verdict": proposal.verdict, "text": proposal.text},
                }  # fmt: skip
            else:
                flags = [kb_changed_flag(key) for key in change.claims]
                row.flags = [*(row.flags or []), *(f for f in flags if f not in row.flags)]
                action, detail = "answer.flag-kb-changed", {
                    "answer_id": row.id, "claims": list(change.claims),
                }  # fmt: skip
            row.updated_at = now
            unit.session.add(row)
            unit.record(action, "answer", row.qid, detail, review_id=review_id)
        # Bookkeeping, not a change to the review's own fields: its version stays.
        unit.session.execute(
            update(Review)
            .where(col(Review.id) == review_id)
            .values(updated_at=now)
            .execution_options(synchronize_session=False)
        )
    return len(changes)

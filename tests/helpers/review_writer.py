"""A reviewer who never stops: the real headless review write path, run until it is killed.

Usage: ``python -m tests.helpers.review_writer DATA_DIR SEED``. Opens the database (creating
and seeding it if needed), creates the review "Kill test" once, then applies the planned
changes — accept, edit text, edit verdict, revert, flag — through
``questionnaires.reviews``. After each change's commit has returned it prints
``saved INDEX ANSWER_ID STATE`` and flushes: that line is what "the UI showed as saved" means.
It resumes after the last committed change (counted from the audit log), so the plan is one
sequence however often the process is killed. The test replays the same plan to know exactly
what the database must hold.
"""

import random
import sys
from dataclasses import dataclass

ANSWERS = 12
REVIEW_TITLE = "Kill test"
MAX_CHANGES_PER_RUN = 5000  # a writer the test forgot to kill still ends
VERDICT_CHOICES = ("yes", "partial", "no", "unknown")


@dataclass(frozen=True)
class PlannedChange:
    """Change number ``index`` of the plan: what to do to the answer at ``position``."""

    index: int
    position: int
    kind: str  # accept | edit-text | edit-verdict | revert | flag
    verdict: str = ""
    text: str = ""


@dataclass
class ExpectedAnswer:
    """What an answer must look like after some prefix of the plan."""

    verdict: str
    text: str
    state: str
    flag_reason: str | None


def proposed(position: int) -> tuple[str, str]:
    """The verdict and text auto-fill proposed for the answer at ``position``."""
    return VERDICT_CHOICES[position % 4], f"Proposed answer {position}: see the SOC 2 report."


def planned_change(seed: int, index: int) -> PlannedChange:
    """Return change ``index`` of the plan for ``seed`` (random, but the same every time)."""
    rng = random.Random(f"{seed}:{index}")
    position = rng.randrange(ANSWERS)
    kind = rng.choices(
        ("accept", "edit-text", "edit-verdict", "revert", "flag"), weights=(4, 3, 2, 1, 2)
    )[0]
    text = (
        f"Edited #{index}: <b>AES-256</b> at rest & TLS 1.2+ "
        f'<a href="javascript:alert({index})">x</a> \u202eRTL\u202c \u00e9'
    )
    return PlannedChange(
        index=index,
        position=position,
        kind=kind,
        verdict=rng.choice(VERDICT_CHOICES),
        text=text if kind == "edit-text" else f"follow up on change {index}",
    )


def apply_planned(state: dict[int, ExpectedAnswer], change: PlannedChange) -> None:
    """Apply ``change`` to the expected answers (the model the test checks against)."""
    answer = state[change.position]
    proposed_verdict, proposed_text = proposed(change.position)
    if change.kind == "accept":
        edited = (answer.verdict, answer.text) != (proposed_verdict, proposed_text)
        answer.state = "edited" if edited else "accepted"
    elif change.kind == "edit-text":
        answer.text, answer.state = change.text, "edited"
    elif change.kind == "edit-verdict":
        answer.verdict, answer.state = change.verdict, "edited"
    elif change.kind == "revert":
        answer.verdict, answer.text, answer.state = proposed_verdict, proposed_text, "edited"
    else:
        answer.state = "flagged"
        answer.flag_reason = change.text
        return
    answer.flag_reason = None


def expected_after(seed: int, count: int) -> dict[int, ExpectedAnswer]:
    """Return the expected answers by position after the first ``count`` planned changes."""
    state = {
        position: ExpectedAnswer(*proposed(position), state="auto", flag_reason=None)
        for position in range(ANSWERS)
    }
    for index in range(count):
        apply_planned(state, planned_change(seed, index))
    return state


def main() -> None:
    """Open the database and apply planned changes until killed."""
    from sqlmodel import func, select

    from models.bootstrap import open_database
    from models.storage.tables import AuditEvent, Review
    from questionnaires.reviews import accept_answer, edit_answer, flag_answer, load_review
    from tests.review_factory import make_review

    data_dir, seed = sys.argv[1], int(sys.argv[2])
    database = open_database(data_dir)
    with database.session() as session:
        review = session.exec(select(Review).where(Review.title == REVIEW_TITLE)).first()
    if review is None:
        fields = []
        for position in range(ANSWERS):
            verdict, text = proposed(position)
            fields.append({"question": f"Question {position}?", "verdict": verdict, "text": text})
        review_id = make_review(database, fields, title=REVIEW_TITLE)
    else:
        review_id = review.id
    ids = [answer.id for answer in load_review(database, review_id).answers]
    with database.session() as session:
        done = session.exec(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.review_id == review_id, AuditEvent.action.like("answer.%"))
        ).one()
    for index in range(done, done + MAX_CHANGES_PER_RUN):
        change = planned_change(seed, index)
        answer_id = ids[change.position]
        if change.kind == "accept":
            record = accept_answer(database, answer_id, "reviewer")
        elif change.kind == "edit-text":
            record = edit_answer(database, answer_id, "reviewer", text=change.text)
        elif change.kind == "edit-verdict":
            record = edit_answer(database, answer_id, "reviewer", verdict=change.verdict)
        elif change.kind == "revert":
            verdict, text = proposed(change.position)
            record = edit_answer(database, answer_id, "reviewer", verdict=verdict, text=text)
        else:
            record = flag_answer(database, answer_id, "reviewer", change.text)
        sys.stdout.write(f"saved {index} {answer_id} {record.state}\n")
        sys.stdout.flush()
    database.close()


if __name__ == "__main__":
    main()

"""Starting a review: auto-fill a questionnaire and store it as a Review with its Answers.

The whole review is written in one transaction with a ``review.create`` audit event, so a
failure leaves nothing behind. Progress is yielded as ``(done, total, None)`` during
auto-fill and ``(total, total, review_id)`` at the end, for the GUI's progress wrapper.
``review_answers`` reads a review back in the shape write-back takes, so reviewed answers
can be written into the customer's workbook. ``new_review_steps`` is the whole New review
(read the template or the file, then ``start_review``), for the GUI and ``ddq review new``.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

from sqlmodel import col, select

from models.errors import UserError
from models.kb.vendors import list_vendors
from models.storage.database import Database
from models.storage.tables import Answer, Review, Template, Vendor, stored_id, utcnow
from questionnaires.autofill import iter_autofill
from questionnaires.importers import load_questions
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.templates import list_templates, template_questions, vendor_wording


def _is_utf8(text: str) -> bool:
    """True when ``text`` can be stored: no lone surrogates (undecodable bytes of a name)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def start_review(
    database: Database,
    vendor_slug: str,
    questions: Iterable[Question],
    *,
    title: str,
    template_id: str | None = None,
    source_file: str | None = None,
    reviewer: str = "",
    organisation: str = "",
) -> Iterator[tuple[int, int, int | None]]:
    """Auto-fill ``questions`` for a vendor and store the review.

    Yields:
        ``(done, total, None)`` after each answer, then ``(total, total, review_id)``.

    Raises:
        UserError: Unknown vendor or template, no questions, or a file name that is not
            UTF-8 (it reaches us surrogate-escaped, and the database stores UTF-8 only).
    """
    if source_file is not None and not _is_utf8(source_file):
        raise UserError(
            f"{source_file!a}: the questionnaire's file name is not valid UTF-8; "
            "rename the file and try again (nothing was stored)"
        )
    items = list(questions)
    if not items:
        raise UserError("the questionnaire has no questions")
    answers: list[ProposedAnswer] = []
    total = len(items)
    for done, _total, answer in iter_autofill(database, vendor_slug, items):
        answers.append(answer)
        yield done, total, None
    with database.write(reviewer or "ddq") as unit:
        session = unit.session
        vendor = session.exec(select(Vendor).where(Vendor.slug == vendor_slug)).first()
        if vendor is None:
            raise UserError(f"unknown vendor {vendor_slug!r}")
        if template_id is not None and session.get(Template, template_id) is None:
            raise UserError(f"unknown template {template_id!r}")
        now = utcnow()
        review = Review(
            vendor_id=stored_id(vendor),
            title=title,
            template_id=template_id,
            source_file=source_file,
            reviewer=reviewer,
            organisation=organisation,
            created_at=now,
            updated_at=now,
        )
        session.add(review)
        session.flush()
        for position, (question, answer) in enumerate(zip(items, answers, strict=True)):
            session.add(
                Answer(
                    review_id=stored_id(review),
                    position=position,
                    qid=answer.qid,
                    section=question.section,
                    reference=question.reference,
                    question=answer.question,
                    location=dict(answer.location),
                    verdict=answer.verdict,
                    text=answer.text,
                    confidence=answer.confidence,
                    citations=list(answer.citations),
                    flags=list(answer.flags),
                    match=dict(answer.match),
                    proposed_verdict=answer.verdict,
                    proposed_text=answer.text,
                    state="auto",
                    updated_at=now,
                )
            )
        counts = {verdict: 0 for verdict in ("yes", "partial", "no", "unknown")}
        for answer in answers:
            counts[answer.verdict] += 1
        unit.record(
            "review.create",
            "review",
            str(review.id),
            detail={
                "title": title,
                "vendor": vendor_slug,
                "template": template_id,
                "source_file": source_file,
                "questions": total,
                "verdicts": counts,
            },
            review_id=review.id,
        )
        review_id = review.id
    yield total, total, review_id


def new_review_steps(
    database: Database,
    vendor_slug: str,
    *,
    title: str = "",
    template_id: str | None = None,
    path: Path | None = None,
    sheet: str | None = None,
    column: str | None = None,
    reviewer: str = "",
    organisation: str = "",
) -> Iterator[tuple[int, int, int | None]]:
    """Read a template's or a file's questions, then auto-fill and store the review.

    Args:
        database: The open database.
        vendor_slug: The vendor to answer for.
        title: The review's title; empty gives "<vendor> — <template or file name>".
        template_id: A template to answer (used when no ``path`` is given).
        path: A customer questionnaire (.csv, .xlsx, VSAQ .json).
        sheet: XLSX: read only this sheet.
        column: The question column's header (or XLSX letter).
        reviewer: Who reviews it (Settings' reviewer name).
        organisation: The reviewer's organisation.

    Yields:
        ``start_review``'s progress; the last step carries the new review's id.

    Raises:
        UserError: Neither a template nor a file, an unreadable file, an unknown template or
            vendor, or no questions; nothing is stored then.
    """
    if path is not None:
        questions = load_questions(path, sheet=sheet, column=column)
        source_file, label = str(path), Path(path).name
    elif template_id:
        questions = vendor_wording(database, vendor_slug, template_questions(database, template_id))
        source_file = None
        label = next(t.title for t in list_templates(database) if t.id == template_id)
    else:
        raise UserError("choose a template or a questionnaire file")
    if not title.strip():
        names = dict(list_vendors(database))
        title = f"{names.get(vendor_slug, vendor_slug)} — {label}"
    yield from start_review(
        database, vendor_slug, questions, title=title.strip(), template_id=template_id,
        source_file=source_file, reviewer=reviewer, organisation=organisation,
    )  # fmt: skip


def review_answers(database: Database, review_id: int) -> list[ProposedAnswer]:
    """Return a review's answers as they stand now (accepted, edited or flagged by the
    reviewer), in question order, in the shape write-back and JSON output take.

    Raises:
        UserError: No review has that id.
    """
    with database.session() as session:
        if session.get(Review, review_id) is None:
            raise UserError(f"no review with id {review_id}")
        rows = session.exec(
            select(Answer).where(col(Answer.review_id) == review_id).order_by(col(Answer.position))
        ).all()
        return [
            ProposedAnswer(
                qid=row.qid,
                question=row.question,
                verdict=row.verdict,
                text=row.text,
                confidence=row.confidence,
                citations=list(row.citations or []),
                flags=list(row.flags or []),
                match=dict(row.match or {}),
                section=row.section,
                reference=row.reference,
                location=dict(row.location or {}),
            )
            for row in rows
        ]

"""Reading a vendor's filled-in request sheet, or the customer questionnaire they filled in,
back as claim proposals, and accepting them.

Each answered row becomes a :class:`ClaimProposal`: a new claim of the review's vendor with
the source "Vendor response, <date>", its status from the vendor's Yes / No / Partial, its
statement from their explanation and the document they named attached as local evidence.
Nothing enters the knowledge base until the reviewer accepts: :func:`accept_proposals` writes
an accepted batch in one transaction (claims, source, evidence, and the question's wording as
a phrasing of the new claim, so auto-fill answers it from then on), with the rejected ones
recorded in the audit log. Rows that cannot be read are listed as problems, never guessed.

The file is our request sheet when it has its "Requests" sheet or its "Your answer
(Yes/No/Partial)" header; otherwise it is read as the review's own questionnaire with the
vendor's answers beside the questions (:mod:`questionnaires.filled_questionnaire`), matched
to the review by question id.
"""

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import select

from models.errors import UserError
from models.evidence.local_files import store_local_file
from models.kb.claim_add import NewClaims, source_key_for, write_new_claims
from models.kb.file_format import ClaimDoc, SourceDoc, describe_validation_error
from models.storage.database import Database
from models.storage.files import check_input_file
from models.storage.tables import Phrasing, Review, Source
from questionnaires.filled_questionnaire import AnsweredRow, read_filled_questionnaire
from questionnaires.importers.csv_file import read_csv_rows
from questionnaires.reviews import load_review
from questionnaires.signoff import ensure_open

STATUS_FROM_ANSWER = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "partial": "yes"}
ANSWER_WORDS = ("Yes", "No", "Partial")
# What the reviewer's Yes / No / Partial stands for: the claim's status and default.
ANSWER_STATUS = {
    "Yes": ("yes", "enabled"),
    "Partial": ("yes", "requires-configuration"),
    "No": ("no", "enabled"),
}
REQUEST_ANSWER_HEADER = "your answer (yes/no/partial)"  # the header our request sheet writes
_COLUMNS = {
    "qid": ("question id", "id", "qid"),
    "answer": ("your answer (yes/no/partial)", "your answer", "answer", "vendor answer"),
    "explanation": ("your explanation", "explanation", "comments", "vendor response"),
    "document": ("document reference", "document", "evidence"),
}


@dataclass(frozen=True)
class ClaimProposal:
    """One claim proposed from a vendor's answer; the reviewer may edit any field.

    Attributes:
        row: The sheet row it came from (1 = header).
        qid: The question it answers.
        question: The question's text.
        answer: The vendor's word (Yes, No or Partial).
        key: The new claim's key.
        title: The claim's title (the question, as asked).
        statement: What the vendor said.
        status: ``yes`` or ``no`` (Partial is ``yes`` with a condition).
        default: ``enabled``, or ``requires-configuration`` for a Partial answer.
        document: The file they named, resolved beside the response file, if any.
    """

    row: int
    qid: str
    question: str
    answer: str
    key: str
    title: str
    statement: str
    status: str
    default: str = "enabled"
    document: Path | None = None


@dataclass
class VendorResponse:
    """A response sheet read against a review."""

    review_id: int
    vendor: str
    vendor_name: str
    file_name: str
    received: date
    proposals: list[ClaimProposal] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    skipped: int = 0
    kind: str = "request sheet"

    @property
    def source_title(self) -> str:
        """The source every accepted claim cites."""
        return f"Vendor response, {self.received.isoformat()}"


def _fold(text: Any) -> str:
    return " ".join(str(text or "").split()).lower()


def _read_rows(path: Path) -> tuple[list[tuple[int, list[str]]], bool]:
    """Return the numbered rows of the sheet to read and whether it is our own request sheet
    (its "Requests" sheet, or the answer header we write, in the first row)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, _encoding, _delimiter = read_csv_rows(path)
        table = [(number, [str(cell) for cell in row]) for number, row in enumerate(rows, 1)]
        ours = False
    elif suffix == ".xlsx":
        # deferred: start-up time (openpyxl, only for .xlsx responses)
        from questionnaires.importers.sheet_limits import check_value_extent, filled_cells
        from questionnaires.importers.xlsx_file import open_workbook

        workbook = open_workbook(path, data_only=True)
        try:
            ours = "Requests" in workbook.sheetnames
            sheet = workbook["Requests"] if ours else workbook.active
            check_value_extent(path, sheet)
            # The cells really held, never the stated rectangle (see the XLSX importer).
            cells = filled_cells(sheet)
        finally:
            workbook.close()
        table = [
            (number, [str(cells[number].get(i, "")) for i in range(max(cells[number]) + 1)])
            for number in sorted(cells)
        ]
    else:
        raise UserError(
            f"{path.name}: read a vendor response from the .xlsx or .csv request sheet or "
            "questionnaire"
        )
    header = [_fold(cell) for cell in table[0][1]] if table and table[0][0] == 1 else []
    return table, ours or REQUEST_ANSWER_HEADER in header


def _columns(header: list[str]) -> dict[str, int] | None:
    folded = [_fold(cell) for cell in header]
    found: dict[str, int] = {}
    for field_name, names in _COLUMNS.items():
        for candidate in names:
            if candidate in folded:
                found[field_name] = folded.index(candidate)
                break
    if "qid" in found and "answer" in found:
        return found
    return None


def _request_sheet_rows(table: list[tuple[int, list[str]]], name: str) -> list[AnsweredRow]:
    """The rows of a request sheet (ours, or one made by hand with the same headers)."""
    if not table:
        raise UserError(f"{name}: the sheet is empty")
    columns = _columns(table[0][1]) if table[0][0] == 1 else None
    if columns is None:
        raise UserError(
            f"{name}: no 'Question Id' and 'Your Answer' columns in the first row (is it the "
            "request sheet?)"
        )

    def cell(values: list[str], field_name: str) -> str:
        index = columns.get(field_name)
        return " ".join(values[index].split()) if index is not None and index < len(values) else ""

    return [
        AnsweredRow(
            number, f"row {number}", cell(values, "qid"), cell(values, "answer"),
            cell(values, "explanation"), cell(values, "document"),
        )
        for number, values in table[1:]
    ]  # fmt: skip


def _answered_rows(database: Database, review_id: int, path: Path) -> tuple[list[AnsweredRow], str]:
    """Read the request sheet, or else the customer's questionnaire the vendor filled in.

    Returns the rows and which kind of file it was (``request sheet`` or ``questionnaire``).
    """
    table, ours = _read_rows(path)
    if ours:
        return _request_sheet_rows(table, path.name), "request sheet"
    try:
        return read_filled_questionnaire(database, review_id, path), "questionnaire"
    except UserError:
        # Not a questionnaire the importers can read: a hand-made sheet with the request
        # sheet's headers is still read; anything else gets the importer's own message.
        if table and table[0][0] == 1 and _columns(table[0][1]) is not None:
            return _request_sheet_rows(table, path.name), "request sheet"
        raise


def _claim_key(qid: str, taken: set[str]) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", qid.lower()).strip("-") or "answer"
    base = f"response-{stem}"[:100]
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    taken.add(key)
    return key


def _existing_keys(database: Database, vendor: str) -> set[str]:
    with database.read() as connection:
        rows = connection.execute(
            "SELECT claim.key FROM claim JOIN vendor ON vendor.id = claim.vendor_id "
            "WHERE vendor.slug = ?",
            (vendor,),
        ).fetchall()
    return {row[0] for row in rows}


def read_vendor_response(
    database: Database, review_id: int, path: Path, received: date | None = None
) -> VendorResponse:
    """Read a filled-in request sheet into proposals and problems (nothing is stored).

    Args:
        database: The open database.
        review_id: The review the sheet was made for.
        path: The vendor's ``.xlsx`` or ``.csv``; named documents are looked for beside it.
        received: The date to record (default: today).

    Raises:
        UserError: Unknown or finished review, an unreadable file or no question-id column.
    """
    path = Path(path)
    review = load_review(database, review_id)
    _check_open(database, review_id)
    check_input_file(path)
    rows, kind = _answered_rows(database, review_id, path)
    questions = {answer.qid: answer.question for answer in review.answers}
    response = VendorResponse(
        review.id,
        review.vendor,
        review.vendor_name,
        path.name,
        received or date.today(),
        kind=kind,
    )
    taken = _existing_keys(database, review.vendor)
    seen: set[str] = set()
    for item in rows:
        qid, answer = item.qid, item.answer
        explanation, document = item.explanation, item.document
        if not (answer or explanation or document):
            response.skipped += 1
            continue
        where = item.where + (f" ({qid})" if qid else "")
        status = STATUS_FROM_ANSWER.get(answer.lower().rstrip("."))
        problem = None
        if not qid:
            problem = "no question id"
        elif qid not in questions:
            problem = f"question id {qid!r} is not in review {review.id}"
        elif item.question and _fold(item.question) != _fold(questions[qid]):
            # Without an id column a question's id is its cell: rows moved or inserted would
            # otherwise answer another question.
            problem = f"the row's question is not question {qid} of review {review.id}"
        elif qid in seen:
            problem = "the question is answered twice"
        elif not answer:
            problem = "no answer: Yes, No or Partial"
        elif status is None:
            problem = f"answer {answer[:40]!r} is not Yes, No or Partial"
        document_path = None
        if problem is None and document:
            document_path = path.parent / Path(document).name
            if not document_path.is_file():
                problem = f"document {document[:80]!r} is not beside {path.name}"
        if problem is not None:
            response.problems.append(f"{where}: {problem}")
            continue
        seen.add(qid)
        assert status is not None  # a row without one was listed as a problem above
        word = next(each for each in ANSWER_WORDS if each.lower()[0] == answer.lower()[0])
        status, default = ANSWER_STATUS[word]
        question = questions[qid]
        statement = explanation or f"{review.vendor_name} answered {word} to: {question}"
        response.proposals.append(
            ClaimProposal(
                row=item.row, qid=qid, question=question, answer=word,
                key=_claim_key(qid, taken), title=question[:500], statement=statement[:20000],
                status=status, default=default, document=document_path,
            )
        )  # fmt: skip
    return response


def _check_open(database: Database, review_id: int) -> None:

    with database.session() as session:
        ensure_open(session.get(Review, review_id))


def edit_proposal(
    proposal: ClaimProposal, *, statement: str | None = None, answer: str | None = None
) -> ClaimProposal:
    """Return the proposal with the reviewer's changes: the claim's statement, and the answer
    (Yes, No or Partial, any case) with the status and default it stands for.

    Raises:
        UserError: An empty statement or an answer other than Yes, No or Partial.
    """
    changes: dict[str, Any] = {}
    if statement is not None:
        text = statement.strip()
        if not text:
            raise UserError(f"{proposal.qid}: the statement is empty")
        changes["statement"] = text[:20000]
    if answer is not None:
        word = next((each for each in ANSWER_WORDS if each.lower() == answer.strip().lower()), None)
        if word is None:
            raise UserError(f"{proposal.qid}: {answer[:40]!r} is not yes, no or partial")
        status, default = ANSWER_STATUS[word]
        changes.update(answer=word, status=status, default=default)
    return replace(proposal, **changes)


def proposal_edits(
    response: VendorResponse, accepted: list[ClaimProposal]
) -> dict[str, dict[str, dict[str, str]]]:
    """What the reviewer changed in each accepted proposal: qid → field → before and after."""
    originals = {proposal.qid: proposal for proposal in response.proposals}
    edits: dict[str, dict[str, dict[str, str]]] = {}
    for proposal in accepted:
        original = originals.get(proposal.qid)
        if original is None:
            continue
        changed = {
            name: {"before": getattr(original, name), "after": getattr(proposal, name)}
            for name in ("title", "statement", "answer", "status", "default")
            if getattr(original, name) != getattr(proposal, name)
        }
        if changed:
            edits[proposal.qid] = changed
    return edits


def accept_proposals(
    database: Database,
    response: VendorResponse,
    accepted: list[ClaimProposal],
    actor: str,
    rejected: list[ClaimProposal] | None = None,
) -> list[str]:
    """Add the accepted proposals to the knowledge base in one transaction.

    Each becomes a claim citing the source "Vendor response, <date>", with the named document
    attached, and the question's wording becomes a phrasing of it; rejected proposals are
    recorded as such, and the reviewer's edits (each changed field, before and after) go in
    the same ``response.review`` event. Returns the new claim keys.

    Raises:
        UserError: A proposal fails claim validation, a document cannot be attached, or the
            review was finished meanwhile; nothing is written then.
    """

    if not accepted and not rejected:
        raise UserError("no proposal was accepted or rejected")
    claims, files = [], {}
    for proposal in accepted:
        try:
            claims.append(
                ClaimDoc.model_validate(
                    {
                        "vendor": response.vendor, "key": proposal.key, "title": proposal.title,
                        "statement": proposal.statement, "status": proposal.status,
                        "conditions": {"default": proposal.default},
                        "as_of": response.received.isoformat(),
                    }
                )
            )  # fmt: skip
        except ValidationError as error:
            raise UserError(
                describe_validation_error(error, f"proposal {proposal.qid}")[0]
            ) from None
        if proposal.document is not None:
            stored = store_local_file(database.data_dir, proposal.document)
            files[proposal.key] = [
                (f"{proposal.document.name} (vendor response)", "report", stored)
            ]
    with database.write(" ".join(actor.split()) or "app") as unit:
        ensure_open(unit.session.get(Review, response.review_id))
        keys: list[str] = []
        if claims:
            taken = set(unit.session.exec(select(Source.key)).all())
            source_key = source_key_for(
                response.vendor, "vendor response", response.received, taken
            )
            source = SourceDoc(
                key=source_key, title=response.source_title, published=response.received,
                date_note=f"received as {response.file_name[:150]}",
            )  # fmt: skip
            for claim in claims:
                claim.sources = [source_key]
            new = NewClaims(response.vendor, claims, [source], files=files)
            reason = f"vendor response {response.file_name} to review {response.review_id}"
            keys = write_new_claims(unit, new, reason)
            for proposal in accepted:
                _store_phrasing(unit, response.vendor, proposal.question, proposal.key)
        unit.record(
            "response.review",
            "review",
            str(response.review_id),
            {
                "file": response.file_name,
                "accepted": {proposal.qid: proposal.key for proposal in accepted},
                "rejected": [proposal.qid for proposal in rejected or []],
                "edited": proposal_edits(response, accepted),
            },
            review_id=response.review_id,
        )
    return keys


def _store_phrasing(unit: Any, vendor: str, question: str, claim_key: str) -> None:
    """Keep the question's wording as answered by the new claim (the learning action's data)."""

    text = " ".join(question.split())[:5000]
    row = unit.session.exec(
        select(Phrasing).where(Phrasing.vendor_slug == vendor, Phrasing.text == text)
    ).first()
    if row is None:
        row = Phrasing(vendor_slug=vendor, text=text, claim_keys=[claim_key], author=unit.actor)
    else:
        row.claim_keys = [claim_key]
    unit.session.add(row)
    unit.record("phrasing.add", "phrasing", vendor, {"text": text, "claims": [claim_key]})

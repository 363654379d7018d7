"""Reading a vendor's filled-in request sheet back as claim proposals, and accepting them.

Each answered row becomes a :class:`ClaimProposal`: a new claim of the review's vendor with
the source "Vendor response, <date>", its status from the vendor's Yes / No / Partial, its
statement from their explanation and the document they named attached as local evidence.
Nothing enters the knowledge base until the reviewer accepts: :func:`accept_proposals` writes
an accepted batch in one transaction (claims, source, evidence, and the question's wording as
a phrasing of the new claim, so auto-fill answers it from then on), with the rejected ones
recorded in the audit log. Rows that cannot be read are listed as problems, never guessed.
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
from questionnaires.importers.csv_file import read_csv_rows
from questionnaires.reviews import load_review
from questionnaires.signoff import ensure_open

STATUS_FROM_ANSWER = {"yes": "yes", "y": "yes", "no": "no", "n": "no", "partial": "yes"}
ANSWER_WORDS = ("Yes", "No", "Partial")
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

    @property
    def source_title(self) -> str:
        """The source every accepted claim cites."""
        return f"Vendor response, {self.received.isoformat()}"


def _fold(text: Any) -> str:
    return " ".join(str(text or "").split()).lower()


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, _encoding, _delimiter = read_csv_rows(path)
        return [[str(cell) for cell in row] for row in rows]
    if suffix == ".xlsx":
        # deferred: start-up time (openpyxl, only for .xlsx responses)
        from questionnaires.importers.xlsx_file import open_workbook

        workbook = open_workbook(path, data_only=True)
        sheet = workbook["Requests"] if "Requests" in workbook.sheetnames else workbook.active
        return [
            ["" if value is None else str(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    raise UserError(f"{path.name}: read a vendor response from the .xlsx or .csv request sheet")


def _columns(header: list[str], name: str) -> dict[str, int]:
    folded = [_fold(cell) for cell in header]
    found: dict[str, int] = {}
    for field_name, names in _COLUMNS.items():
        for candidate in names:
            if candidate in folded:
                found[field_name] = folded.index(candidate)
                break
    missing = [field_name for field_name in ("qid", "answer") if field_name not in found]
    if missing:
        wanted = " and ".join(repr(_COLUMNS[item][0].title()) for item in missing)
        raise UserError(f"{name}: no {wanted} column in the first row (is it the request sheet?)")
    return found


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
    rows = _read_rows(path)
    if not rows:
        raise UserError(f"{path.name}: the sheet is empty")
    columns = _columns(rows[0], path.name)
    questions = {answer.qid: answer.question for answer in review.answers}
    response = VendorResponse(
        review.id, review.vendor, review.vendor_name, path.name, received or date.today()
    )
    taken = _existing_keys(database, review.vendor)
    seen: set[str] = set()

    def cell(values: list[str], name: str) -> str:
        index = columns.get(name)
        return " ".join(values[index].split()) if index is not None and index < len(values) else ""

    for number, values in enumerate(rows[1:], start=2):
        qid, answer = cell(values, "qid"), cell(values, "answer")
        explanation = cell(values, "explanation")
        document = cell(values, "document")
        if not (answer or explanation or document):
            response.skipped += 1
            continue
        where = f"row {number}" + (f" ({qid})" if qid else "")
        status = STATUS_FROM_ANSWER.get(answer.lower().rstrip("."))
        problem = None
        if not qid:
            problem = "no question id"
        elif qid not in questions:
            problem = f"question id {qid!r} is not in review {review.id}"
        elif qid in seen:
            problem = "the question is answered twice"
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
        word = next(item for item in ANSWER_WORDS if item.lower()[0] == answer.lower()[0])
        question = questions[qid]
        statement = explanation or f"{review.vendor_name} answered {word} to: {question}"
        response.proposals.append(
            ClaimProposal(
                row=number, qid=qid, question=question, answer=word,
                key=_claim_key(qid, taken), title=question[:500], statement=statement[:20000],
                status=status,
                default="requires-configuration" if word == "Partial" else "enabled",
                document=document_path,
            )
        )  # fmt: skip
    return response


def _check_open(database: Database, review_id: int) -> None:

    with database.session() as session:
        ensure_open(session.get(Review, review_id))


def edit_proposal(proposal: ClaimProposal, **changes: Any) -> ClaimProposal:
    """Return the proposal with the reviewer's changes (title, statement, status, default)."""
    allowed = {"title", "statement", "status", "default"}
    unknown = set(changes) - allowed
    if unknown:
        raise UserError(f"cannot edit {', '.join(sorted(unknown))} of a proposal")
    return replace(proposal, **changes)


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
    recorded as such. Returns the new claim keys.

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

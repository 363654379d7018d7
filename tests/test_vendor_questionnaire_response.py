"""Responses in from the customer's own questionnaire (issue 13, point 5): the vendor fills in
the answer columns of the workbook the review was imported from; its rows are matched to the
review by question id and become the same proposals as a request sheet's, bad rows listed."""

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from models.errors import UserError
from models.kb.claim_add import add_claims, parse_new_claims
from models.kb.claims import get_claim, list_claims
from models.kb.vendors import add_vendor
from questionnaires.refill import apply_refill, refill_changes
from questionnaires.review_builder import new_review_steps
from questionnaires.reviews import load_review
from questionnaires.vendor_responses import accept_proposals, read_vendor_response
from questionnaires.workbook_targets import WorkbookChoice, save_choice
from tests.helpers.cli_runner import run_ddq
from tests.helpers.filled_questionnaire import (
    QUESTIONS,
    fill_questionnaire,
    write_questionnaire,
)
from tests.helpers.vendor_cycle import CLAIMS, VENDOR, write_pdf

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def acme(database):
    add_vendor(database, VENDOR, "Acme", "Acme Cloud", "Dana")
    add_claims(database, parse_new_claims(database, VENDOR, CLAIMS), "Dana", "overview")
    return database


def _review(database, path: Path) -> int:
    review_id = None
    for _done, _total, created in new_review_steps(database, VENDOR, path=path):
        review_id = created or review_id
    assert review_id is not None
    return review_id


def test_the_filled_questionnaire_becomes_proposals_matched_by_question_id(
    acme, tmp_path: Path
) -> None:
    original = write_questionnaire(tmp_path / "acme-bank-ddq.xlsx")
    review_id = _review(acme, original)
    before = {answer.qid: answer for answer in load_review(acme, review_id).answers}
    assert set(before) == {qid for qid, _question in QUESTIONS}
    assert before["SEC-1"].verdict == "unknown"

    vendor = tmp_path / "from-acme"
    vendor.mkdir()
    policy_digest = write_pdf(vendor / "ir-plan.pdf", "Acme incident response plan")
    filled = fill_questionnaire(
        original,
        vendor / "acme-bank-ddq (Acme answers).xlsx",
        {
            "SEC-1": ("Yes", "Every employee with data access is background-checked on hire."),
            "SEC-2": ("Partial", "The plan is tested every two years.", "ir-plan.pdf"),
            "SEC-3": ("Maybe", "Under review."),
            "SEC-4": ("No", "", "missing.pdf"),
        },
        extra=["SEC-99", "Do you have a DPO?", "Yes", "We do."],
    )
    response = read_vendor_response(acme, review_id, filled, date(2026, 12, 1))

    assert response.kind == "questionnaire"
    by_qid = {proposal.qid: proposal for proposal in response.proposals}
    assert sorted(by_qid) == ["SEC-1", "SEC-2"]
    first = by_qid["SEC-1"]
    assert first.question == QUESTIONS[0][1] and first.row == 8  # moved to the end: by id
    assert (first.answer, first.status, first.default) == ("Yes", "yes", "enabled")
    assert first.statement.startswith("Every employee with data access")
    second = by_qid["SEC-2"]
    assert (second.status, second.default) == ("yes", "requires-configuration")
    assert second.document == vendor / "ir-plan.pdf"
    assert response.problems == [
        "Security row 5 (SEC-3): answer 'Maybe' is not Yes, No or Partial",
        "Security row 6 (SEC-4): document 'missing.pdf' is not beside "
        "acme-bank-ddq (Acme answers).xlsx",
        "Security row 9 (SEC-99): question id 'SEC-99' is not in review " + str(review_id),
    ]
    assert response.skipped == 1  # SEC-5 left blank
    assert [claim.key for claim in list_claims(acme, VENDOR)] == ["encryption-at-rest"]

    keys = accept_proposals(acme, response, response.proposals, "Dana")
    assert sorted(keys) == ["response-sec-1", "response-sec-2"]
    claim = get_claim(acme, "response-sec-2", vendor=VENDOR)
    assert claim.sources[0].title == "Vendor response, 2026-12-01"
    assert claim.evidence[0].sha256 == policy_digest
    result = refill_changes(acme, review_id)
    apply_refill(acme, review_id, result.changes, "Dana")
    after = {answer.qid: answer for answer in load_review(acme, review_id).answers}
    assert after["SEC-1"].verdict == "yes" and after["SEC-2"].verdict == "partial"
    assert after["SEC-3"].verdict == "unknown"


def test_text_only_answers_are_read_by_their_first_word(acme, tmp_path: Path) -> None:
    original = tmp_path / "ddq.csv"
    with original.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Question ID", "Question", "Vendor Response"])
        writer.writerows([qid, question, ""] for qid, question in QUESTIONS)
    review_id = _review(acme, original)
    filled = tmp_path / "filled.csv"
    with filled.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Question ID", "Question", "Vendor Response"])
        texts = ["Yes, on hire and every three years.", "Partially: tested in 2025.",
                 "We think so.", "No.", ""]  # fmt: skip
        writer.writerows(
            [qid, question, text] for (qid, question), text in zip(QUESTIONS, texts, strict=True)
        )
    response = read_vendor_response(acme, review_id, filled)
    answers = {p.qid: (p.answer, p.statement) for p in response.proposals}
    assert answers["SEC-1"] == ("Yes", "on hire and every three years.")
    assert answers["SEC-2"] == ("Partial", "tested in 2025.")
    assert answers["SEC-4"] == ("No", "No.")
    assert response.problems == ["row 4 (SEC-3): no answer: Yes, No or Partial"]


def test_the_reviewers_column_choice_and_value_mapping_are_used(acme, tmp_path: Path) -> None:
    original = tmp_path / "ddq.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Ref", "Question", "Compliance", "Notes", "Answer"])
    for qid, question in QUESTIONS:
        sheet.append([qid, question])
    workbook.save(original)
    review_id = _review(acme, original)
    mapping = {"yes": "Met", "partial": "Met with exceptions", "no": "Not met"}
    save_choice(acme, review_id, WorkbookChoice("Compliance", "Notes", mapping), "Dana")
    sheet["C2"], sheet["D2"], sheet["E2"] = "Met with exceptions", "Only EU staff.", "ignored"
    sheet["C3"], sheet["D3"] = "Not met", "No annual test yet."
    sheet["C4"] = "N/A"
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    response = read_vendor_response(acme, review_id, filled)
    answers = {p.qid: (p.answer, p.statement) for p in response.proposals}
    assert answers == {
        "SEC-1": ("Partial", "Only EU staff."),
        "SEC-2": ("No", "No annual test yet."),
    }
    assert response.problems == ["Sheet row 4 (SEC-3): answer 'N/A' is not Yes, No or Partial"]


@pytest.mark.sqlite_only  # a second data directory is a second database only on SQLite
def test_a_questionnaire_without_answer_columns_is_one_line(acme, tmp_path: Path) -> None:
    original = tmp_path / "ddq.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["ID", "Question"])
    for qid, question in QUESTIONS:
        sheet.append([qid, question])
    workbook.save(original)
    review_id = _review(acme, original)
    with pytest.raises(UserError, match="no answer column beside the questions"):
        read_vendor_response(acme, review_id, original)
    data = tmp_path / "cli-data"
    assert run_ddq(["vendor", "add", VENDOR, "--name", "Acme", "--product", "Acme Cloud",
                    "--data-dir", str(data)]).code == 0  # fmt: skip
    created = run_ddq(["review", "new", "--vendor", VENDOR, "--questions", str(original),
                       "--data-dir", str(data)])  # fmt: skip
    refused = run_ddq(
        ["review", "responses", created.stdout.strip(), str(original), "--accept-all",
         "--data-dir", str(data)]
    )  # fmt: skip
    assert refused.code == 2 and refused.stderr.count("\n") == 1
    assert "no answer column beside the questions" in refused.stderr


def test_the_command_line_reads_the_filledwrite_questionnaire(tmp_path: Path) -> None:
    data = tmp_path / "data"

    def ddq(*args: str):
        return run_ddq([*args, "--data-dir", str(data)])

    assert ddq("vendor", "add", VENDOR, "--name", "Acme", "--product", "Acme Cloud").code == 0
    original = write_questionnaire(tmp_path / "ddq.xlsx")
    review_id = ddq("review", "new", "--vendor", VENDOR, "--questions", str(original)).stdout
    filled = fill_questionnaire(
        original, tmp_path / "filled.xlsx",
        {"SEC-1": ("Yes", "Checked on hire."), "SEC-3": ("Maybe", "")},
    )  # fmt: skip
    taken = ddq("review", "responses", review_id.strip(), str(filled), "--accept-all")
    assert taken.code == 0, taken.stderr
    assert (
        "accept: SEC-1 → claim response-sec-1 (Yes, status yes): Checked on hire." in taken.stdout
    )
    assert taken.stderr == (
        "ddq: filled.xlsx: Security row 5 (SEC-3): answer 'Maybe' is not Yes, No or Partial\n"
    )


def test_without_an_id_column_a_moved_row_is_listed_not_matched(acme, tmp_path: Path) -> None:
    original = tmp_path / "no-ids.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Question", "Answer", "Comments"])
    for _qid, question in QUESTIONS[:3]:
        sheet.append([question])
    workbook.save(original)
    review_id = _review(acme, original)
    assert [a.qid for a in load_review(acme, review_id).answers] == [
        "Sheet!A2",
        "Sheet!A3",
        "Sheet!A4",
    ]
    sheet.insert_rows(2)  # the vendor added a row of their own above the questions
    sheet["A2"], sheet["B2"] = "Vendor note: all answers refer to Acme Cloud EU.", "Yes"
    sheet["B3"], sheet["C3"] = "Yes", "Checked on hire."
    filled = tmp_path / "filled.xlsx"
    workbook.save(filled)
    response = read_vendor_response(acme, review_id, filled)
    assert response.proposals == []
    assert response.problems[:2] == [
        f"Sheet row 2 (Sheet!A2): the row's question is not question Sheet!A2 of review {review_id}",
        f"Sheet row 3 (Sheet!A3): the row's question is not question Sheet!A3 of review {review_id}",
    ]

"""The core of issue 13 without Qt: vendors, claims from a form, local evidence (never
refreshed, exported and imported), request sheets (grouping, CSV guard, e-mail), responses
accepted in one transaction, and re-fill that never overwrites a reviewed answer."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from exports.vendor_requests import write_request_sheet
from models.bootstrap import open_database
from models.errors import UserError
from models.evidence.local_files import attach_file, is_local_url
from models.evidence.refresh import select_evidence
from models.kb.claim_add import (
    ClaimForm,
    ClaimProblemsError,
    add_claims,
    attribute_value,
    claims_from_form,
    parse_new_claims,
)
from models.kb.claims import get_claim, list_claims
from models.kb.import_export import export_knowledge_base_file, import_knowledge_base_file
from models.kb.vendors import add_vendor, list_vendor_records
from models.storage.tables import AuditEvent
from questionnaires.refill import apply_refill, kb_changed_flag, refill_changes
from questionnaires.review_builder import new_review_steps
from questionnaires.reviews import accept_answer, edit_answer, flag_answer, load_review
from questionnaires.signoff import finish_review
from questionnaires.vendor_responses import accept_proposals, read_vendor_response
from tests.helpers.vendor_cycle import (
    CLAIMS,
    ENCRYPTION_QID,
    RISK_QID,
    SANCTIONS_QID,
    VENDOR,
    fill_response,
    write_pdf,
)

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


@pytest.fixture
def acme(database):
    add_vendor(database, VENDOR, "Acme", "Acme Cloud", "Dana")
    add_claims(database, parse_new_claims(database, VENDOR, CLAIMS), "Dana", "overview")
    return database


def _review(database, template: str = "hipaa") -> int:
    review_id = None
    for _done, _total, created in new_review_steps(database, VENDOR, template_id=template):
        review_id = created or review_id
    return review_id


def _events(database, action: str) -> list[AuditEvent]:
    from sqlmodel import select

    with database.session() as session:
        return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_vendor_is_added_once_with_its_audit_event(acme) -> None:
    record = next(item for item in list_vendor_records(acme) if item.slug == VENDOR)
    assert (record.name, record.product, record.claims) == ("Acme", "Acme Cloud", 1)
    with pytest.raises(UserError, match="exists already"):
        add_vendor(acme, VENDOR, "Acme", "Acme Cloud", "Dana")
    (event,) = _events(acme, "vendor.add")
    assert (event.actor, event.entity_key) == ("Dana", VENDOR)
    (added,) = _events(acme, "claim.add")
    assert added.detail["reason"] == "overview" and added.detail["sources"][0]["title"]


def test_typed_attributes_and_every_form_problem_at_once(acme) -> None:
    assert attribute_value("retention_days", "days", "30") == 30
    assert attribute_value("regions", "list", "EU, US ,") == ["EU", "US"]
    assert attribute_value("customer_managed_keys", "yes/no", "No") is False
    form = ClaimForm(
        key="Bad key", title="", statement="s", status="yes",
        attributes=[("retention_days", "days", "thirty"), ("Bad Name", "text", "x")],
    )  # fmt: skip
    with pytest.raises(ClaimProblemsError) as caught:
        claims_from_form(acme, VENDOR, form)
    problems = caught.value.problems
    assert any("whole number" in line for line in problems)
    assert any("lower-case letters" in line for line in problems)
    assert any(line.startswith("source:") for line in problems)
    assert any("claim.key" in line for line in problems)
    assert len(list_claims(acme, VENDOR)) == 1


def test_undated_source_and_supersession_keep_history(acme) -> None:
    form = ClaimForm(
        key="encryption-at-rest-2", title="Encryption at rest", statement="AES-256, yearly keys.",
        status="yes", source_title="Acme call notes", source_date=None,
        source_url="https://acme.example/notes", reason="call with their CISO",
    )  # fmt: skip
    add_claims(acme, claims_from_form(acme, VENDOR, form, "encryption-at-rest"), "Dana", "call")
    new = get_claim(acme, "encryption-at-rest-2", vendor=VENDOR)
    old = get_claim(acme, "encryption-at-rest", vendor=VENDOR)
    assert new.as_of is None and new.sources[0].date_note == "undated"
    assert old.superseded_by == new.key and new.supersedes == [old.key]
    (event,) = _events(acme, "claim.supersede")
    assert event.detail == {"claim_id": old.id, "superseded_by": new.key, "reason": "call"}
    with pytest.raises(UserError, match="superseded already"):
        add_claims(
            acme,
            claims_from_form(
                acme,
                VENDOR,
                form.__class__(**{**form.__dict__, "key": "encryption-at-rest-3"}),
                "encryption-at-rest",
            ),
            "Dana",
        )
    assert len(list_claims(acme, VENDOR)) == 2  # the refused supersession added nothing


def test_local_evidence_is_never_refreshed_and_survives_export(acme, tmp_path: Path) -> None:
    digest = write_pdf(tmp_path / "soc2.pdf", "report")
    url, stored = attach_file(
        acme, "encryption-at-rest", tmp_path / "soc2.pdf", "Dana", vendor=VENDOR
    )
    assert is_local_url(url) and stored.sha256 == digest
    assert (acme.data_dir / stored.snapshot_path).read_bytes() == (
        tmp_path / "soc2.pdf"
    ).read_bytes()
    assert url not in [target.url for target in select_evidence(acme)]
    with pytest.raises(UserError, match="already cites"):
        attach_file(acme, "encryption-at-rest", tmp_path / "soc2.pdf", "Dana", vendor=VENDOR)
    exported = tmp_path / "kb.json"
    export_knowledge_base_file(acme, exported)
    item = next(
        evidence
        for claim in json.loads(exported.read_text(encoding="utf-8"))["claims"]
        for evidence in claim["evidence"]
        if evidence["url"] == url
    )
    assert item["origin"] == "local" and item["file_name"] == "soc2.pdf"
    other = open_database(tmp_path / "other")
    try:
        import_knowledge_base_file(other, exported)
        evidence = get_claim(other, "encryption-at-rest", vendor=VENDOR).evidence[0]
        assert evidence.is_local and evidence.sha256 == digest
    finally:
        other.close()


def test_request_sheet_groups_unknown_and_flagged_questions(acme, tmp_path: Path) -> None:
    review_id = _review(acme)
    answers = load_review(acme, review_id).answers
    known = next(answer for answer in answers if answer.verdict != "unknown")
    flag_answer(acme, known.id, "Dana", '=HYPERLINK("http://x") confirm the key length')
    out = tmp_path / "requests.csv"
    groups, questions = write_request_sheet(acme, review_id, out)
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    unknown = sum(1 for answer in answers if answer.verdict == "unknown")
    assert questions == unknown + 1 == len(rows) - 1
    assert len({row[1] for row in rows[1:]}) == questions  # each question once
    assert groups < questions  # grouped by what to request
    flagged = next(row for row in rows if row[1] == known.qid)
    assert flagged[0] == "Confirm these answers with Acme" and flagged[3].startswith("'=")
    finish_review(acme, review_id, "Dana", with_open=True)
    assert write_request_sheet(acme, review_id, tmp_path / "again.txt")[1] == questions
    with pytest.raises(UserError, match="nothing to request"):
        other = _review(acme, "gdpr")
        for answer in load_review(acme, other).answers:
            edit_answer(acme, answer.id, "Dana", verdict="no", text="No.")
        write_request_sheet(acme, other, tmp_path / "none.xlsx")
    assert not (tmp_path / "none.xlsx").exists()


def test_a_response_batch_is_all_or_nothing(acme, tmp_path: Path, monkeypatch) -> None:
    review_id = _review(acme)
    sheet = tmp_path / "requests.xlsx"
    write_request_sheet(acme, review_id, sheet)
    write_pdf(tmp_path / "risk.pdf", "risk analysis")
    fill_response(sheet, tmp_path / "response.xlsx", "risk.pdf")
    response = read_vendor_response(acme, review_id, tmp_path / "response.xlsx", date(2026, 12, 1))
    assert [p.qid for p in response.proposals] == [RISK_QID, SANCTIONS_QID]
    assert len(response.problems) == 3

    import models.kb.claim_add

    def broken(*args, **kwargs):
        raise UserError("disk trouble")

    monkeypatch.setattr(models.kb.claim_add, "link_local_file", broken)
    with pytest.raises(UserError, match="disk trouble"):
        accept_proposals(acme, response, response.proposals, "Dana")
    assert [claim.key for claim in list_claims(acme, VENDOR)] == ["encryption-at-rest"]
    assert _events(acme, "response.review") == []
    monkeypatch.undo()

    keys = accept_proposals(acme, response, response.proposals[:1], "Dana", response.proposals[1:])
    assert keys == ["response-hipaa-164-308-a1iia"]
    (event,) = _events(acme, "response.review")
    assert event.detail["rejected"] == [SANCTIONS_QID] and event.actor == "Dana"
    claim = get_claim(acme, keys[0], vendor=VENDOR)
    assert claim.sources[0].title == "Vendor response, 2026-12-01" and claim.as_of == date(
        2026, 12, 1
    )


def test_refill_never_overwrites_a_reviewed_answer(acme, tmp_path: Path) -> None:
    review_id = _review(acme)
    sheet = tmp_path / "requests.xlsx"
    write_request_sheet(acme, review_id, sheet)
    write_pdf(tmp_path / "risk.pdf", "risk analysis")
    fill_response(sheet, tmp_path / "response.xlsx", "risk.pdf")
    answers = {answer.qid: answer for answer in load_review(acme, review_id).answers}
    edit_answer(acme, answers[RISK_QID].id, "Dana", verdict="no", text="We asked; no reply.")
    accept_answer(acme, answers[ENCRYPTION_QID].id, "Dana")
    assert refill_changes(acme, review_id).changes == []
    response = read_vendor_response(acme, review_id, tmp_path / "response.xlsx")
    accept_proposals(acme, response, response.proposals, "Dana")
    result = refill_changes(acme, review_id)
    kinds = {change.qid: change.kind for change in result.changes}
    assert kinds[SANCTIONS_QID] == "update" and kinds[RISK_QID] == "flag"
    assert apply_refill(acme, review_id, result.changes, "Dana") == len(result.changes)
    after = {answer.qid: answer for answer in load_review(acme, review_id).answers}
    assert (after[RISK_QID].verdict, after[RISK_QID].text) == ("no", "We asked; no reply.")
    assert kb_changed_flag("response-hipaa-164-308-a1iia") in after[RISK_QID].flags
    assert after[SANCTIONS_QID].verdict == "no" and after[SANCTIONS_QID].state == "auto"
    assert refill_changes(acme, review_id).changes == []  # flagged once, not again
    finish_review(acme, review_id, "Dana", with_open=True)
    with pytest.raises(UserError, match="finished"):
        refill_changes(acme, review_id)

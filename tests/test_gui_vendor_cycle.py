"""Issue 13 end to end in the desktop app, through the real main window and its controllers:
New vendor…, New claim… (with conditions, typed attributes and a source file), Attach file…,
New review for that vendor, Request from vendor…, Import vendor response… (good and bad rows),
re-fill, Supersede with a newer claim…, the accepted answer flagged, and a signed pack
carrying the attached files with their SHA-256. The dialogs themselves are driven too."""

import hashlib
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.review.new_review_dialog import NewReviewRequest
from exports.identity import create_identity, open_identity
from exports.pack import export_pack
from models.kb.claim_add import ClaimForm
from models.kb.claims import get_claim, list_claims
from models.settings import set_setting
from questionnaires.reviews import accept_answer, load_review
from tests.gui_helpers import open_desk
from tests.helpers.vendor_cycle import (
    ENCRYPTION_QID,
    PRODUCT,
    RISK_QID,
    SANCTIONS_QID,
    VENDOR,
    embedded_files,
    fill_response,
    write_pdf,
)

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    set_setting(opened.database, "reviewer.name", "Dana Reviewer", "test")
    yield opened
    opened.close()


def _encryption_form(source_file: Path | None, **changes) -> ClaimForm:
    values = {
        "key": "encryption-at-rest",
        "title": "Encryption at rest",
        "statement": "Customer data is encrypted at rest with AES-256.",
        "status": "yes",
        "keywords": ["encryption", "at rest"],
        "scope": [PRODUCT],
        "attributes": [
            ("key_rotation_days", "days", "365"),
            ("regions", "list", "EU, US"),
            ("customer_managed_keys", "yes/no", "no"),
        ],
        "source_title": "Acme security overview",
        "source_date": date(2026, 10, 1),
        "source_file": source_file,
        "reason": "from the vendor's security overview",
    }
    values.update(changes)
    return ClaimForm(**values)


def _answers(database, review_id: int) -> dict:
    return {answer.qid: answer for answer in load_review(database, review_id).answers}


def _wait_idle(qtbot, desk) -> None:
    qtbot.waitUntil(
        lambda: (
            desk.controller.vendor_trip.operation is None
            and desk.controller.claims.operation is None
        ),
        timeout=30_000,
    )


def test_second_vendor_round_trip_in_the_app(qtbot, desk, tmp_path: Path) -> None:
    window, dialogs, database = desk.window, desk.dialogs, desk.database
    dialogs.script(
        "new_vendor",
        {"slug": VENDOR, "name": "Acme", "product": PRODUCT, "trust_portal_url": ""},
    )
    qtbot.mouseClick(window.kb_page.new_vendor_button, Qt.MouseButton.LeftButton)
    assert dialogs.errors == []
    assert window.kb_page.vendor.currentData() == VENDOR
    assert desk.controller.kb.model.rowCount() == 0

    overview = tmp_path / "security-overview.pdf"
    overview_digest = write_pdf(overview, "Acme security overview")
    dialogs.script(
        "claim_form", _encryption_form(None, source_title=""), _encryption_form(overview)
    )
    qtbot.mouseClick(window.kb_page.new_claim_button, Qt.MouseButton.LeftButton)
    assert dialogs.form_problems[-1] is not None  # the form without a source is refused
    assert "source" in dialogs.form_problems[-1] and list_claims(database, VENDOR) == []
    qtbot.mouseClick(window.kb_page.new_claim_button, Qt.MouseButton.LeftButton)
    assert dialogs.form_problems[-1] is None, dialogs.form_problems
    claim = get_claim(database, "encryption-at-rest", vendor=VENDOR)
    assert claim.conditions["attributes"] == {
        "key_rotation_days": 365, "regions": ["EU", "US"], "customer_managed_keys": False,
    }  # fmt: skip
    assert claim.sources[0].published == date(2026, 10, 1)
    assert claim.evidence[0].is_local and claim.evidence[0].sha256 == overview_digest
    assert desk.controller.kb.current_claim().key == "encryption-at-rest"

    report = tmp_path / "soc2-report.pdf"
    report_digest = write_pdf(report, "Acme SOC 2 Type II report")
    dialogs.script("open_file", report)
    qtbot.mouseClick(window.kb_page.detail.attach_button, Qt.MouseButton.LeftButton)
    _wait_idle(qtbot, desk)
    assert dialogs.errors == []
    evidence = get_claim(database, "encryption-at-rest", vendor=VENDOR).evidence
    assert [item.sha256 for item in evidence] == [overview_digest, report_digest]
    assert "local file soc2-report.pdf, received" in evidence[1].describe()
    desk.controller.kb.open_evidence(evidence[1].url)
    # The attached file is opened as a local file (never handed over as a link).
    assert report_digest in str(dialogs.opened_files[-1])

    dialogs.script("new_review", NewReviewRequest(VENDOR, "Acme HIPAA", "hipaa"))
    with qtbot.waitSignal(desk.controller.starter.ended, timeout=30_000):
        window.new_review_action.trigger()
    review_id = desk.controller.review.review.id
    assert desk.controller.review.review.vendor == VENDOR
    assert window.request_action.isEnabled()

    sheet = tmp_path / "requests.xlsx"
    dialogs.script("save_file", sheet)
    window.request_action.trigger()
    assert sheet.exists() and "Wrote" in dialogs.infos[-1][1]

    response = tmp_path / "response.xlsx"
    risk = tmp_path / "risk-analysis.pdf"
    risk_digest = write_pdf(risk, "Acme risk analysis")
    fill_response(sheet, response, risk.name)

    def decide(vendor_response):
        assert len(vendor_response.problems) == 3  # listed, not guessed
        assert list_claims(database, VENDOR)[-1].key == "encryption-at-rest"  # nothing yet
        return vendor_response.proposals, []

    dialogs.script("open_file", response)
    dialogs.script("vendor_response", decide)
    dialogs.script("refill", lambda result: result.changes)
    window.response_action.trigger()
    qtbot.waitUntil(lambda: dialogs.refills != [], timeout=30_000)
    _wait_idle(qtbot, desk)
    assert dialogs.errors == [] and dialogs.form_problems[-1] is None
    answers = _answers(database, review_id)
    assert answers[RISK_QID].verdict == "yes" and answers[SANCTIONS_QID].verdict == "no"
    risk_claim = get_claim(database, "response-hipaa-164-308-a1iia", vendor=VENDOR)
    assert risk_claim.sources[0].title.startswith("Vendor response, ")
    assert risk_claim.evidence[0].sha256 == risk_digest
    assert desk.controller.review.review.answers[0].verdict == "yes"  # the page was reloaded

    accept_answer(database, answers[ENCRYPTION_QID].id, "Dana Reviewer")
    window.tabs.setCurrentIndex(0)
    desk.controller.kb.select_claim("encryption-at-rest", VENDOR)
    dialogs.script(
        "claim_form",
        lambda base: _encryption_form(
            None, key=f"{base.key}-2026-11", source_title="Acme overview (November)",
            source_url="https://acme.example/security", source_date=date(2026, 11, 15),
            statement="Customer data is encrypted at rest with AES-256; keys rotate yearly.",
        ),
    )  # fmt: skip
    qtbot.mouseClick(window.kb_page.detail.supersede_button, Qt.MouseButton.LeftButton)
    assert dialogs.form_problems[-1] is None, dialogs.form_problems
    old = get_claim(database, "encryption-at-rest", vendor=VENDOR)
    assert old.superseded_by == "encryption-at-rest-2026-11"
    assert desk.controller.kb.current_claim().key == "encryption-at-rest-2026-11"

    desk.controller.open_review(review_id)
    dialogs.script("refill", lambda result: result.changes)
    window.refill_action.trigger()
    qtbot.waitUntil(lambda: len(dialogs.refills) == 2, timeout=30_000)
    _wait_idle(qtbot, desk)
    encryption = _answers(database, review_id)[ENCRYPTION_QID]
    assert encryption.state == "accepted" and encryption.verdict == answers[ENCRYPTION_QID].verdict
    assert "Knowledge base changed since you accepted this: encryption-at-rest" in encryption.flags

    identity = create_identity(database.data_dir, "Dana Reviewer", "a long passphrase")
    pack = tmp_path / "pack.pdf"
    export_pack(
        database, review_id, pack, signer=open_identity(identity.key_path, "a long passphrase")
    )
    digests = {hashlib.sha256(body).hexdigest() for body in embedded_files(pack).values()}
    assert {overview_digest, report_digest, risk_digest} <= digests


def test_the_new_dialogs_read_back_what_was_typed(qtbot, tmp_path: Path) -> None:
    from desktop.kb.claim_form_dialog import ClaimFormDialog
    from desktop.kb.new_vendor_dialog import NewVendorDialog
    from desktop.review.refill_dialog import RefillDialog
    from desktop.review.response_dialog import ResponseDialog
    from questionnaires.refill import RefillChange, RefillResult
    from questionnaires.vendor_responses import ClaimProposal, VendorResponse

    vendor = NewVendorDialog()
    qtbot.addWidget(vendor)
    qtbot.keyClicks(vendor.product, "Acme Cloud EU")
    assert vendor.values()["slug"] == "acme-cloud-eu"

    submitted = []
    dialog = ClaimFormDialog(
        "Acme Cloud", lambda: None, lambda form: submitted.append(form) or "bad <b>x</b>"
    )
    qtbot.addWidget(dialog)
    dialog.key.setText("k")
    dialog.add_attribute("retention_days", "days", "30")
    dialog.undated.setChecked(True)
    dialog.accept()
    assert dialog.result() == 0  # refused: the form stays open
    assert dialog.problems.text() == "bad <b>x</b>"  # shown as plain text
    assert dialog.problems.textFormat() == Qt.TextFormat.PlainText
    form = submitted[0]
    assert form.key == "k" and form.source_date is None
    assert form.attributes == [("retention_days", "days", "30")]

    proposal = ClaimProposal(2, "Q1", "Do you?", "Yes", "response-q1", "Do you?", "We do.", "yes")
    response = VendorResponse(
        1, "acme", "Acme", "r.xlsx", date(2026, 12, 1), [proposal], ["row 3: x"]
    )
    chosen = []
    review = ResponseDialog(response, lambda a, r: chosen.append((a, r)))
    qtbot.addWidget(review)
    review.answers[0].setCurrentIndex(review.answers[0].findData("Partial"))
    review.table.item(0, 3).setText("We do, on request.")
    review.decide_all("accept")
    review.accept()
    accepted, rejected = chosen[0]
    assert rejected == [] and accepted[0].statement == "We do, on request."
    assert (accepted[0].status, accepted[0].default) == ("yes", "requires-configuration")

    change = RefillChange(1, "Q1", "Do you?", "flag", "yes", "Yes.", claims=("k",))
    refill = RefillDialog(RefillResult(1, [change]))
    qtbot.addWidget(refill)
    assert refill.chosen() == [change]  # flags are ticked; new proposals wait for a tick
    update = RefillChange(2, "Q2", "Do you?", "update", "unknown", "Unknown.")
    keyboard = RefillDialog(RefillResult(1, [update]))
    qtbot.addWidget(keyboard)
    keyboard.show()
    qtbot.waitExposed(keyboard)
    keyboard.table.setFocus()
    keyboard.table.setCurrentCell(0, 0)
    assert keyboard.chosen() == []
    qtbot.keyClick(keyboard.table, Qt.Key.Key_Space)  # one key takes it
    assert keyboard.chosen() == [update]

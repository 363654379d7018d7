"""Re-fill offered across open reviews in the app (issue 13, point 6): after Supersede…, Edit
claim… or an accepted vendor response, the banner above the tabs names every open review of
that vendor that would change (worked out off the GUI thread), its button opens the Re-fill
dialog, and an accepted answer is only ever flagged."""

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from models.kb.claim_add import ClaimForm, add_claims, parse_new_claims
from models.kb.vendors import add_vendor
from models.settings import set_setting
from questionnaires.review_builder import new_review_steps
from questionnaires.reviews import accept_answer, load_review
from questionnaires.signoff import finish_review
from tests.gui_helpers import open_desk
from tests.helpers.vendor_cycle import (
    CLAIMS,
    ENCRYPTION_QID,
    RISK_QID,
    VENDOR,
    fill_response,
    write_pdf,
)

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


def _review(database, template: str = "hipaa") -> int:
    review_id = None
    for _done, _total, created in new_review_steps(database, VENDOR, template_id=template):
        review_id = created or review_id
    assert review_id is not None
    return review_id


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    database = opened.database
    set_setting(database, "reviewer.name", "Dana Reviewer", "test")
    add_vendor(database, VENDOR, "Acme", "Acme Cloud", "Dana")
    add_claims(database, parse_new_claims(database, VENDOR, CLAIMS), "Dana", "overview")
    opened.controller.kb.show_vendors(select=VENDOR)
    yield opened
    opened.close()


def _answers(database, review_id: int) -> dict:
    return {answer.qid: answer for answer in load_review(database, review_id).answers}


def _supersede(qtbot, desk) -> None:
    desk.window.tabs.setCurrentIndex(0)
    desk.controller.kb.select_claim("encryption-at-rest", VENDOR)
    newer = ClaimForm(
        key="encryption-at-rest-2026-11", title="Encryption at rest",
        statement="Customer data is encrypted at rest with AES-256; keys rotate yearly.",
        status="yes", keywords=["encryption", "at rest"], source_title="Acme overview",
        source_url="https://acme.example/security", source_date=date(2026, 11, 15),
    )  # fmt: skip
    desk.dialogs.script("claim_form", newer)
    offerer = desk.controller.offerer
    with qtbot.waitSignal(offerer.checked, timeout=30_000):
        qtbot.mouseClick(desk.window.kb_page.detail.supersede_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.form_problems[-1] is None, desk.dialogs.form_problems


def test_a_superseded_claim_is_offered_to_every_open_review_of_the_vendor(qtbot, desk) -> None:
    database, banner = desk.database, desk.window.refill_banner
    first, second, finished = _review(database), _review(database), _review(database)
    seed = _review_of_seed_vendor(database)
    accept_answer(database, _answers(database, second)[ENCRYPTION_QID].id, "Dana Reviewer")
    finish_review(database, finished, "Dana Reviewer", with_open=True)
    assert banner.isHidden()

    _supersede(qtbot, desk)
    assert banner.isVisible()
    offered = {offer.review_id: offer for offer in desk.controller.offerer.offers()}
    assert set(offered) == {first, second}  # not the finished one, not another vendor's
    assert finished not in offered and seed not in offered
    assert offered[first].updates >= 1 and offered[first].flags == 0
    assert offered[second].flags == 1  # the accepted answer: flagged, not re-proposed
    assert "2 open reviews have new proposals" in banner.message.text()
    assert "never overwritten" in banner.message.text()
    assert _answers(database, first)[ENCRYPTION_QID].citations[0]["claim"] == (
        "encryption-at-rest"
    )  # nothing written before the reviewer takes it

    desk.dialogs.script("refill", lambda result: result.changes)
    with qtbot.waitSignal(desk.controller.offerer.checked, timeout=30_000):
        qtbot.mouseClick(banner.button_for(second), Qt.MouseButton.LeftButton)
    assert desk.dialogs.refills[-1].review_id == second
    encryption = _answers(database, second)[ENCRYPTION_QID]
    assert encryption.state == "accepted"
    assert "Knowledge base changed since you accepted this: encryption-at-rest" in encryption.flags
    assert [offer.review_id for offer in desk.controller.offerer.offers()] == [first]
    assert banner.button_for(second) is None and banner.button_for(first) is not None

    qtbot.mouseClick(banner.dismiss_button, Qt.MouseButton.LeftButton)
    assert banner.isHidden()


def _review_of_seed_vendor(database) -> int:
    review_id = None
    for _done, _total, created in new_review_steps(database, "openai-api", template_id="hipaa"):
        review_id = created or review_id
    assert review_id is not None
    return review_id


def test_editing_a_claim_offers_re_fill(qtbot, desk) -> None:
    review_id = _review(desk.database)
    desk.window.tabs.setCurrentIndex(0)
    desk.controller.kb.select_claim("encryption-at-rest", VENDOR)
    desk.dialogs.script("edit_claim", {"statement": "Customer data is encrypted with AES-128."})
    with qtbot.waitSignal(desk.controller.offerer.checked, timeout=30_000) as checked:
        desk.window.edit_claim_action.trigger()
    (offers,) = checked.args
    assert [offer.review_id for offer in offers] == [review_id]
    (change,) = offers[0].result.changes
    assert change.qid == ENCRYPTION_QID and "AES-128" in change.proposal.text


def test_accepting_a_response_offers_the_other_open_reviews(qtbot, desk, tmp_path: Path) -> None:
    from exports.vendor_requests import write_request_sheet

    database = desk.database
    other, review_id = _review(database), _review(database)
    sheet = tmp_path / "requests.xlsx"
    write_request_sheet(database, review_id, sheet)
    write_pdf(tmp_path / "risk.pdf", "risk analysis")
    fill_response(sheet, tmp_path / "response.xlsx", "risk.pdf")
    desk.controller.open_review(review_id)
    desk.dialogs.script("open_file", tmp_path / "response.xlsx")
    desk.dialogs.script("vendor_response", lambda response: (response.proposals, []))
    desk.dialogs.script("refill", lambda result: result.changes)
    offerer = desk.controller.offerer
    with qtbot.waitSignal(offerer.checked, timeout=30_000):
        desk.window.response_action.trigger()
    qtbot.waitUntil(lambda: not offerer.busy and desk.controller.vendor_trip.operation is None)
    assert desk.dialogs.refills[0].review_id == review_id  # this review's dialog at once
    assert _answers(database, review_id)[RISK_QID].verdict == "yes"
    offers = {offer.review_id: offer for offer in offerer.offers()}
    assert other in offers and offers[other].updates >= 2
    assert review_id not in offers  # taken in full in its own dialog
    assert _answers(database, other)[RISK_QID].verdict == "unknown"  # offered, not written


def test_an_emptied_statement_is_refused_in_the_response_dialog(qtbot) -> None:
    from desktop.review.response_dialog import ResponseDialog
    from questionnaires.vendor_responses import ClaimProposal, VendorResponse

    proposal = ClaimProposal(2, "Q1", "Do you?", "Yes", "response-q1", "Do you?", "We do.", "yes")
    response = VendorResponse(1, "acme", "Acme", "r.xlsx", date(2026, 12, 1), [proposal])
    stored = []
    dialog = ResponseDialog(response, lambda accepted, rejected: stored.append(accepted))
    qtbot.addWidget(dialog)
    dialog.decide_all("accept")
    dialog.table.item(0, 3).setText("   ")
    dialog.accept()
    assert stored == [] and dialog.result() == 0
    assert dialog.refused.text() == "Q1: the statement is empty"


def test_attaching_a_file_offers_the_reviews_whose_answers_cite_it(
    qtbot, desk, tmp_path: Path
) -> None:
    review_id = _review(desk.database)
    desk.window.tabs.setCurrentIndex(0)
    desk.controller.kb.select_claim("encryption-at-rest", VENDOR)
    report = tmp_path / "soc2-report.pdf"
    write_pdf(report, "Acme SOC 2 Type II report")
    desk.dialogs.script("open_file", report)
    with qtbot.waitSignal(desk.controller.offerer.checked, timeout=30_000) as checked:
        qtbot.mouseClick(desk.window.kb_page.detail.attach_button, Qt.MouseButton.LeftButton)
    (offers,) = checked.args
    assert [offer.review_id for offer in offers] == [review_id]
    (change,) = offers[0].result.changes
    assert change.qid == ENCRYPTION_QID and change.describe().endswith("citations updated")
    assert desk.window.refill_banner.button_for(review_id) is not None


def test_a_check_that_fails_says_so_in_the_banner(qtbot, desk, monkeypatch) -> None:
    import questionnaires.refill_offers
    from models.errors import UserError

    _review(desk.database)

    def broken(*args, **kwargs):
        raise UserError("the database is busy")
        yield  # a generator, as the real one

    monkeypatch.setattr(questionnaires.refill_offers, "refill_offer_steps", broken)
    offerer = desk.controller.offerer
    assert offerer.check([VENDOR]) is not None
    qtbot.waitUntil(lambda: not offerer.busy, timeout=30_000)
    banner = desk.window.refill_banner
    assert banner.isVisible() and "the database is busy" in banner.message.text()
    assert offerer.offers() == []

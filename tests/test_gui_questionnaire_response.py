"""Import vendor response… in the app with the customer's own questionnaire the vendor filled
in (issue 13, point 5): read off the GUI thread, shown in the real dialog as proposals matched
by question id, stored, re-filled."""

from datetime import date
from pathlib import Path

import pytest

from desktop.review.response_dialog import ResponseDialog
from models.kb.claim_add import add_claims, parse_new_claims
from models.kb.claims import list_claims
from models.kb.vendors import add_vendor
from questionnaires.review_builder import new_review_steps
from questionnaires.reviews import load_review
from tests.gui_helpers import open_desk
from tests.helpers.filled_questionnaire import fill_questionnaire, write_questionnaire
from tests.helpers.vendor_cycle import CLAIMS, VENDOR

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    add_vendor(opened.database, VENDOR, "Acme", "Acme Cloud", "Dana")
    claims = parse_new_claims(opened.database, VENDOR, CLAIMS)
    add_claims(opened.database, claims, "Dana", "overview")
    yield opened
    opened.close()


def test_the_filled_questionnaire_is_imported_from_the_review(qtbot, desk, tmp_path: Path) -> None:
    original = write_questionnaire(tmp_path / "acme-bank-ddq.xlsx")
    review_id = None
    for _done, _total, created in new_review_steps(desk.database, VENDOR, path=original):
        review_id = created or review_id
    assert review_id is not None
    filled = fill_questionnaire(
        original, tmp_path / "acme-bank-ddq-answered.xlsx",
        {"SEC-1": ("Yes", "Everyone with data access is checked on hire."),
         "SEC-3": ("N/A", "")},
    )  # fmt: skip
    desk.controller.open_review(review_id)
    shown = []

    def decide(response):
        dialog = ResponseDialog(response, lambda accepted, rejected: None)
        qtbot.addWidget(dialog)
        shown.append(dialog)
        return response.proposals, []

    desk.dialogs.script("open_file", filled)
    desk.dialogs.script("vendor_response", decide)
    desk.dialogs.script("refill", lambda result: result.changes)
    desk.window.response_action.trigger()
    qtbot.waitUntil(lambda: desk.dialogs.refills != [], timeout=30_000)
    qtbot.waitUntil(lambda: desk.controller.vendor_trip.operation is None, timeout=30_000)
    assert desk.dialogs.errors == []
    (response,) = desk.dialogs.responses
    assert [proposal.qid for proposal in response.proposals] == ["SEC-1"]
    assert response.problems == ["Security row 5 (SEC-3): answer 'N/A' is not Yes, No or Partial"]
    texts = [label.text() for label in shown[0].findChildren(type(shown[0].refused))]
    assert any(text.startswith("Read as the customer's questionnaire") for text in texts)
    assert "response-sec-1" in [claim.key for claim in list_claims(desk.database, VENDOR)]
    answers = {answer.qid: answer for answer in load_review(desk.database, review_id).answers}
    assert answers["SEC-1"].verdict == "yes"
    assert answers["SEC-1"].citations[0]["as_of"] == date.today().isoformat()

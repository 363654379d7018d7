"""*Cite claim…* in the guided review, through the real widgets: the dialog lists the vendor's
current claims with a search box, and citing stores the phrasing and re-answers the question
from the ticked claims (saved off the GUI thread)."""

from collections import Counter

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from desktop.review.cite_claims_dialog import CiteClaimsDialog
from desktop.review.claim_citer import claim_choices
from models.kb.phrasings import list_phrasings
from models.settings import set_setting
from questionnaires.reviews import load_review
from tests.gui_helpers import open_desk
from tests.review_factory import make_review

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]

QUESTION = "Is customer content encrypted when it is stored on disk?"
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    set_setting(opened.database, "reviewer.name", "Alice", "test")
    yield opened
    opened.close()


@pytest.fixture
def review_id(desk) -> int:
    review = make_review(
        desk.database,
        [{"question": QUESTION, "text": "Unknown: not decided."}, {"question": "Do you do SSO?"}],
    )
    desk.controller.open_review(review)
    return review


def test_cite_claim_by_keyboard_learns_the_phrasing_and_re_answers(
    qtbot, desk, review_id: int
) -> None:
    shown = {}

    def tick(question, claims, ticked):
        shown.update(question=question, keys=[claim.key for claim in claims], ticked=ticked)
        return ["encryption-at-rest"]

    desk.dialogs.script("cite_claims", tick)
    questions = desk.window.review_page.questions
    with qtbot.waitSignal(desk.controller.review.cited, timeout=30_000) as blocker:
        qtbot.keyClick(questions, Qt.Key.Key_C, CTRL_SHIFT)
    assert blocker.args == ["Q1"]
    assert shown["question"] == QUESTION and shown["ticked"] == []
    assert "encryption-at-rest" in shown["keys"]
    assert "hipaa-baa-2024" not in shown["keys"]  # superseded claims are not offered
    answer = load_review(desk.database, review_id).answers[0]
    assert (answer.verdict, answer.state, answer.reviewer) == ("yes", "edited", "Alice")
    assert [citation["claim"] for citation in answer.citations] == ["encryption-at-rest"]
    assert answer.match["method"] == "learned"
    [phrasing] = list_phrasings(desk.database, "openai-api")
    assert (phrasing.text, phrasing.claim_keys, phrasing.author) == (
        QUESTION, ("encryption-at-rest",), "Alice",
    )  # fmt: skip
    page = desk.window.review_page
    assert "AES-256" in page.answer.toPlainText()
    assert page.citations_heading.isVisibleTo(page)
    assert desk.dialogs.errors == []


def test_the_cite_button_offers_what_the_answer_already_cites(qtbot, desk, data_dir) -> None:
    review = make_review(
        desk.database,
        [{"question": QUESTION, "verdict": "yes", "citations": [{"claim": "encryption-at-rest"}]}],
    )
    desk.controller.open_review(review)
    seen = []
    desk.dialogs.script("cite_claims", lambda _q, _claims, ticked: seen.append(ticked))
    qtbot.mouseClick(desk.window.review_page.cite_button, Qt.MouseButton.LeftButton)
    assert seen == [["encryption-at-rest"]]


def test_cancelling_the_dialog_changes_nothing(qtbot, desk, review_id: int) -> None:
    before = load_review(desk.database, review_id).answers
    desk.dialogs.script("cite_claims", None)
    qtbot.mouseClick(desk.window.review_page.cite_button, Qt.MouseButton.LeftButton)
    assert not desk.controller.review.citer.busy
    assert load_review(desk.database, review_id).answers == before
    assert list_phrasings(desk.database, "openai-api") == []


def test_a_refused_cite_is_one_error_and_changes_nothing(qtbot, desk, review_id: int) -> None:
    before = load_review(desk.database, review_id).answers
    desk.dialogs.script("cite_claims", ["encryption-at-rest", "no-such-claim"])
    with qtbot.waitSignal(desk.controller.review.citer.ended, timeout=30_000):
        desk.window.review_page.cite_action.trigger()
    [(title, message)] = desk.dialogs.errors
    assert title == "Cannot cite the claims" and "unknown claim 'no-such-claim'" in message
    assert "\n" not in message
    assert load_review(desk.database, review_id).answers == before
    assert list_phrasings(desk.database, "openai-api") == []


def test_the_dialog_searches_and_returns_the_ticked_claims(qtbot, database) -> None:
    dialog = CiteClaimsDialog(QUESTION, claim_choices(database, "openai-api"), ["soc3"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.chosen_keys() == ["soc3"] and ok.isEnabled()
    qtbot.keyClicks(dialog.search, "AES rest")
    assert dialog.shown.rowCount() == 1
    index = dialog.shown.index(0, 0)
    assert "encryption-at-rest" in index.data()
    dialog.claims.setCurrentIndex(index)
    qtbot.keyClick(dialog.claims, Qt.Key.Key_Space)  # ticks the claim, as a keyboard user would
    assert dialog.chosen_keys() == ["soc3", "encryption-at-rest"]  # list order; hidden ones kept
    dialog.search.clear()
    assert dialog.shown.rowCount() == dialog.model.rowCount()
    for row in range(dialog.model.rowCount()):
        dialog.model.item(row).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.chosen_keys() == [] and not ok.isEnabled()


def test_cite_claim_is_listed_with_a_shortcut_no_other_action_uses(desk) -> None:
    desk.window.shortcuts_action.trigger()
    _title, text = desk.dialogs.infos[-1]
    assert "Cite claim…: Ctrl+Shift+C" in text
    keys = Counter(
        key.toString()
        for menu in desk.window.menuBar().actions()
        for action in menu.menu().actions()
        for key in action.shortcuts()
    )
    assert [key for key, count in keys.items() if count > 1] == []

"""The knowledge-base view driven through its real widgets."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.widgets.text import link_label
from models.kb.claims import get_claim, list_claims
from models.settings import set_setting
from tests.gui_helpers import open_desk

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    yield opened
    opened.close()


def _labels(widget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def test_search_as_you_type_filters_the_table(qtbot, desk) -> None:
    kb = desk.controller.kb
    total = len(list_claims(desk.database))
    assert len(kb.visible_keys()) == total
    qtbot.keyClicks(desk.window.kb_page.search, "reten")
    shown = kb.visible_keys()
    assert "retention-abuse-monitoring" in shown
    assert 0 < len(shown) < total
    assert desk.window.kb_page.count.text() == f"{len(shown)} of {total} claims shown"
    desk.window.kb_page.search.clear()
    qtbot.keyClicks(desk.window.kb_page.search, "hipaa baa")
    assert kb.visible_keys()[0] == "hipaa-baa"  # the current claim before superseded ones
    qtbot.keyClicks(desk.window.kb_page.search, " zzzunknown")
    assert kb.visible_keys() == []
    assert "No claim matches" in " ".join(_labels(desk.window.kb_page.detail))


def test_status_and_flag_filters(qtbot, desk) -> None:
    page, kb = desk.window.kb_page, desk.controller.kb
    claims = {claim.key: claim for claim in list_claims(desk.database)}
    page.status.setCurrentIndex(page.status.findData("unclear"))
    assert kb.visible_keys() == [k for k, c in claims.items() if c.status == "unclear"]
    page.status.setCurrentIndex(0)
    qtbot.mouseClick(page.flag_buttons["superseded"], Qt.MouseButton.LeftButton)
    assert sorted(kb.visible_keys()) == sorted(k for k, c in claims.items() if c.superseded_by)
    qtbot.mouseClick(page.flag_buttons["superseded"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.flag_buttons["watch-out"], Qt.MouseButton.LeftButton)
    assert sorted(kb.visible_keys()) == sorted(k for k, c in claims.items() if c.watch_out)
    qtbot.mouseClick(page.flag_buttons["watch-out"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.flag_buttons["stale"], Qt.MouseButton.LeftButton)
    stale = kb.visible_keys()
    assert "soc3" in stale and "zdr" not in stale
    assert len(kb.visible_keys()) < len(claims)


def test_stale_follows_the_max_age_setting(qtbot, desk) -> None:
    desk.dialogs.script("settings", lambda values: {**values, "evidence.max_age_days": 100_000})
    desk.controller.show_settings()
    qtbot.mouseClick(desk.window.kb_page.flag_buttons["stale"], Qt.MouseButton.LeftButton)
    # Only undated claims stay stale once nothing dated is old enough.
    for key in desk.controller.kb.visible_keys():
        assert get_claim(desk.database, key).as_of is None


def test_annotation_persists_across_restart(qtbot, data_dir) -> None:
    desk = open_desk(qtbot, data_dir)
    set_setting(desk.database, "reviewer.name", "Alice Auditor", "test")
    desk.controller.kb.select_claim("zdr")
    detail = desk.window.kb_page.detail
    qtbot.keyClicks(detail.note_editor, "Ask for the ZDR approval letter <b>now</b>")
    detail.disposition.setCurrentIndex(detail.disposition.findData("needs-verification"))
    qtbot.mouseClick(detail.add_note_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.errors == []
    desk.close()

    reopened = open_desk(qtbot, data_dir)
    reopened.controller.kb.select_claim("zdr")
    detail = reopened.window.kb_page.detail
    labels = _labels(detail)
    assert "Ask for the ZDR approval letter <b>now</b>" in labels  # shown as text, not markup
    assert any("Alice Auditor" in text for text in labels)
    note = get_claim(reopened.database, "zdr").annotations[-1]
    reopened.dialogs.script("ask_text", "Letter received")
    dismiss = detail.findChild(QPushButton, f"dismissNote{note.id}")
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    note = get_claim(reopened.database, "zdr").annotations[-1]
    assert (note.disposition, note.dismissed_reason) == ("dismissed", "Letter received")
    assert any(
        "Dismissed a note: Letter received" in t for t in _labels(reopened.window.kb_page.detail)
    )
    reopened.close()


def test_annotation_without_reviewer_name_explains_why(qtbot, desk) -> None:
    desk.controller.kb.select_claim("zdr")
    detail = desk.window.kb_page.detail
    qtbot.keyClicks(detail.note_editor, "A note")
    qtbot.mouseClick(detail.add_note_button, Qt.MouseButton.LeftButton)
    assert desk.dialogs.errors and "reviewer name" in desk.dialogs.errors[0][1]
    assert get_claim(desk.database, "zdr").annotations == []


def test_claim_edit_shows_who_changed_what(qtbot, desk) -> None:
    set_setting(desk.database, "reviewer.name", "Carol", "test")
    desk.controller.kb.select_claim("mfa")
    desk.dialogs.script(
        "edit_claim",
        {"title": "MFA <i>for</i> users", "status": "no", "statement": "No MFA.", "watch_out": ""},
    )
    qtbot.mouseClick(desk.window.kb_page.detail.edit_button, Qt.MouseButton.LeftButton)
    claim = get_claim(desk.database, "mfa")
    assert (claim.status, claim.updated_by) == ("no", "Carol")
    labels = _labels(desk.window.kb_page.detail)
    assert "MFA <i>for</i> users" in labels
    assert any("Carol" in text and "status: yes-gated → no" in text for text in labels)


def test_evidence_links_open_through_the_dialog_service(desk) -> None:
    desk.controller.kb.select_claim("soc2-type2")
    detail = desk.window.kb_page.detail
    links = [
        label
        for label in detail.findChildren(QLabel)
        if label.openExternalLinks() is False and label.textFormat() == Qt.TextFormat.RichText
    ]
    assert links
    links[0].linkActivated.emit(links[0].toolTip())
    assert desk.dialogs.opened_urls == [links[0].toolTip()]


def test_link_text_is_escaped(qtbot) -> None:
    label = link_label('<img src="x">', 'https://example.test/?a=1&b="2"')
    qtbot.addWidget(label)
    assert "<img" not in label.text()
    assert "&lt;img" in label.text()
    assert "&amp;b=&quot;2&quot;" in label.text()

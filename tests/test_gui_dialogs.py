"""The real dialog service: answers come back, and quoted text is never read as markup."""

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QLabel, QMessageBox, QWidget

from desktop.dialogs import DialogService
from desktop.widgets.text import plain_tooltip

# Showing Qt's stock dialogs makes the offscreen platform plugin (tests only) warn that it
# cannot propagate size hints; that says nothing about our code, so only it is ignored here.
pytestmark = [pytest.mark.gui, pytest.mark.qt_log_ignore("does not support propagateSizeHints")]


def _answer_modal(qtbot, respond) -> None:
    def when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, when_shown)
            return
        respond(dialog)

    QTimer.singleShot(0, when_shown)


def test_ask_text_returns_the_answer_and_shows_labels_as_text(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[tuple[Qt.TextFormat, str]] = []

    def respond(dialog: QInputDialog) -> None:
        label = dialog.findChild(QLabel)
        seen.append((label.textFormat(), label.text()))
        dialog.setTextValue("Ask for the BCP")
        dialog.accept()

    _answer_modal(qtbot, respond)
    answer = DialogService(parent).ask_text("Flag", "Reason for <b>Q1</b>:")
    assert answer == "Ask for the BCP"
    assert seen == [(Qt.TextFormat.PlainText, "Reason for <b>Q1</b>:")]


def test_cancelled_question_returns_none(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    _answer_modal(qtbot, lambda dialog: dialog.reject())
    assert DialogService(parent).ask_password("Sign", "Passphrase:") is None


def test_error_box_is_plain_text(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[Qt.TextFormat] = []

    def respond(box: QMessageBox) -> None:
        seen.append(box.textFormat())
        box.accept()

    _answer_modal(qtbot, respond)
    DialogService(parent).error("Cannot import", "<img src=x> broken.xlsx")
    assert seen == [Qt.TextFormat.PlainText]


def test_tooltips_show_markup_literally() -> None:
    assert plain_tooltip("<b>x</b> & y") == "<p>&lt;b&gt;x&lt;/b&gt; &amp; y</p>"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "smb://attacker.example/share",
        "https://me:hunter2@example.org/",
        "https://example.org/\nvalid: yes",
    ],
)
def test_only_web_links_are_handed_to_the_system(url: str, monkeypatch) -> None:
    """Issue 11, point 13: a stored ``file:``/``javascript:``/``smb:`` link never opens."""
    opened: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr("desktop.dialogs.QDesktopServices.openUrl", lambda q: opened.append(q))
    service = DialogService(None)
    monkeypatch.setattr(service, "error", lambda title, message: errors.append(message))
    service.open_url(url)
    service.open_url("https://trust.openai.com/")
    assert [q.toString() for q in opened] == ["https://trust.openai.com/"]
    assert len(errors) == 1 and "Not opened" in errors[0]
    assert "hunter2" not in errors[0]

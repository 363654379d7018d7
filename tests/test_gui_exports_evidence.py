"""Export and verify a signed pack from the review summary; refresh evidence with Cancel."""

import threading

import pytest
from pypdf import PdfReader

from exports.identity import create_identity
from models.evidence.records import add_evidence, get_evidence
from models.settings import set_setting
from tests.evidence_server import stalling_handler, start_server
from tests.gui_helpers import open_desk
from tests.test_gui_review import _template_review

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]
PASSPHRASE = "correct horse battery"


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    set_setting(opened.database, "reviewer.name", "Alice", "test")
    yield opened
    opened.close()


def _summary(desk) -> int:
    review_id = _template_review(desk.database)
    desk.controller.open_review(review_id)
    desk.controller.show_summary(review_id)
    return review_id


def test_signed_export_then_verify_from_the_summary(qtbot, desk, tmp_path) -> None:
    create_identity(desk.database.data_dir, "Alice Auditor", PASSPHRASE, organisation="Northwind")
    _summary(desk)
    pack = tmp_path / "gdpr-pack.pdf"
    desk.dialogs.script("save_file", pack)
    desk.dialogs.script("ask_password", PASSPHRASE)
    with qtbot.waitSignal(desk.controller.packs.exported, timeout=120_000) as blocker:
        desk.window.summary_page.export_button.click()
    assert blocker.args[0].signed and blocker.args[0].signer == "Alice Auditor"
    assert len(PdfReader(pack).pages) >= 2
    assert desk.dialogs.infos[-1][0] == "Evidence pack exported"

    desk.dialogs.script("open_file", pack)
    with qtbot.waitSignal(desk.controller.packs.verified, timeout=60_000) as blocker:
        desk.window.summary_page.verify_button.click()
    assert blocker.args[0].exit_code == 0
    assert desk.dialogs.infos[-1][0] == "Pack verified"


def test_wrong_passphrase_shows_an_error_and_writes_nothing(qtbot, desk, tmp_path) -> None:
    create_identity(desk.database.data_dir, "Alice Auditor", PASSPHRASE)
    _summary(desk)
    pack = tmp_path / "pack.pdf"
    desk.dialogs.script("save_file", pack)
    desk.dialogs.script("ask_password", "not the passphrase")
    with qtbot.waitSignal(desk.controller.packs.runner.ended, timeout=60_000):
        desk.window.summary_page.export_button.click()
    assert desk.dialogs.errors and desk.dialogs.errors[0][0] == "Cannot export the pack"
    assert "passphrase" in desk.dialogs.errors[0][1]
    assert not pack.exists()


def test_unsigned_draft_needs_confirmation(qtbot, desk, tmp_path) -> None:
    _summary(desk)
    desk.dialogs.script("save_file", tmp_path / "declined.pdf", tmp_path / "draft")
    desk.dialogs.script("confirm", False, True)
    desk.window.summary_page.export_button.click()
    assert not (tmp_path / "declined.pdf").exists()
    with qtbot.waitSignal(desk.controller.packs.exported, timeout=120_000) as blocker:
        desk.window.summary_page.export_button.click()
    assert blocker.args[0].path == tmp_path / "draft.pdf" and not blocker.args[0].signed


def test_refresh_evidence_shows_progress_and_results(qtbot, desk) -> None:
    server = start_server()
    try:
        server.expect_request("/dpa.pdf").respond_with_data(
            b"%PDF-1.4 dpa", content_type="application/pdf"
        )
        add_evidence(desk.database, "dpa", server.url_for("/dpa.pdf"), "tester")
        with qtbot.waitSignal(desk.controller.refresher.refreshed, timeout=60_000) as blocker:
            desk.controller.refresher.refresh(url_prefix=server.url_for("/"))
        assert "1 new" in blocker.args[0]
        assert "1 new" in desk.window.statusBar().currentMessage()
        assert get_evidence(desk.database, server.url_for("/dpa.pdf")).sha256
    finally:
        server.clear()
        server.stop()


def test_refresh_can_be_cancelled(qtbot, desk) -> None:
    server = start_server()
    release = threading.Event()
    try:
        server.expect_request("/slow").respond_with_handler(stalling_handler(release))
        url = server.url_for("/slow")
        add_evidence(desk.database, "dpa", url, "tester")
        refresher = desk.controller.refresher
        with qtbot.waitSignal(refresher.refreshed, timeout=60_000) as blocker:
            refresher.refresh(url_prefix=server.url_for("/"))
            qtbot.waitUntil(lambda: refresher.runner.progress is not None)
            refresher.runner.progress.cancel_button.click()
            release.set()
        assert "cancelled" in blocker.args[0]
        assert get_evidence(desk.database, url).sha256 is None
    finally:
        release.set()
        server.clear()
        server.stop()


def test_create_a_signing_identity_from_the_menu(qtbot, desk) -> None:
    from exports.identity import configured_identity

    set_setting(desk.database, "reviewer.organisation", "Northwind", "test")
    desk.dialogs.script("ask_text", "Alice Auditor")
    desk.dialogs.script("ask_password", "short", "different")
    desk.window.create_identity_action.trigger()
    assert desk.dialogs.errors[-1][1] == "The passphrases differ; nothing made."
    assert configured_identity(desk.database.data_dir) is None

    desk.dialogs.script("ask_text", "Alice Auditor")
    desk.dialogs.script("ask_password", PASSPHRASE, PASSPHRASE)
    with qtbot.waitSignal(desk.controller.packs.identity_created, timeout=60_000):
        desk.window.create_identity_action.trigger()
    identity = configured_identity(desk.database.data_dir)
    assert (identity.name, identity.organisation) == ("Alice Auditor", "Northwind")
    assert str(identity.certificate_path) in desk.dialogs.infos[-1][1]


def test_changed_evidence_can_be_marked_as_looked_at(qtbot, desk) -> None:
    from PySide6.QtWidgets import QPushButton

    from models.kb.claims import get_claim

    server = start_server()
    try:
        url = server.url_for("/dpa.pdf")
        add_evidence(desk.database, "dpa", url, "tester")
        for body in (b"%PDF-1.4 first", b"%PDF-1.4 second"):
            server.clear()
            server.expect_request("/dpa.pdf").respond_with_data(
                body, content_type="application/pdf"
            )
            with qtbot.waitSignal(desk.controller.refresher.refreshed, timeout=60_000):
                desk.controller.refresher.refresh(url_prefix=server.url_for("/"))
        assert "evidence-changed" in get_claim(desk.database, "dpa").flags()
        desk.controller.kb.select_claim("dpa")
        item = get_evidence(desk.database, url)
        button = desk.window.kb_page.detail.findChild(QPushButton, f"reviewedEvidence{item.id}")
        button.click()
        assert not get_evidence(desk.database, url).changed
        assert "evidence-changed" not in get_claim(desk.database, "dpa").flags()
        assert (
            desk.window.kb_page.detail.findChild(QPushButton, f"reviewedEvidence{item.id}") is None
        )
    finally:
        server.clear()
        server.stop()

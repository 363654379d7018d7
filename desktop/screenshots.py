"""Render every main screen offscreen to PNG: ``python -m desktop.screenshots OUTDIR``.

Uses a fresh data directory with the bundled knowledge base, a few annotations, and a SOC 2
review part-way through (accepted, edited and flagged answers), so each screen shows what a
reviewer would see mid-task. Window size 1440x900 unless ``--size WxH`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, cast

from desktop.kb.claim_form_dialog import ClaimFormDialog
from desktop.kb.new_vendor_dialog import NewVendorDialog
from desktop.main_controller import MainController
from desktop.main_window import MainWindow
from desktop.review.refill_dialog import RefillDialog
from desktop.review.response_dialog import ResponseDialog
from desktop.settings_dialog import SettingsDialog, current_settings, identity_note
from exports.identity import create_identity
from exports.vendor_requests import write_request_sheet
from models.bootstrap import open_database
from models.evidence.local_files import attach_file
from models.kb.annotations import add_annotation, dismiss_annotation
from models.kb.claim_add import add_claims, parse_new_claims
from models.kb.claims import get_claim
from models.kb.vendors import add_vendor
from models.settings import set_setting
from questionnaires.refill import refill_changes
from questionnaires.refill_offers import refill_offers
from questionnaires.review_builder import new_review_steps, start_review
from questionnaires.reviews import accept_answer, edit_answer, flag_answer, load_review
from questionnaires.templates import template_questions
from questionnaires.vendor_responses import accept_proposals, read_vendor_response

if TYPE_CHECKING:
    from PySide6.QtGui import QPixmap
    from PySide6.QtWidgets import QApplication, QDialog, QWidget

    from desktop.dialogs import DialogService
    from models.storage.database import Database
    from questionnaires.refill import RefillResult
    from questionnaires.vendor_responses import VendorResponse

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class ScreenshotDialogs:
    """A dialog service that never blocks: screenshots run unattended."""

    def __init__(self, parent: object = None) -> None:
        self.parent = parent

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def _prepare(data_dir: Path) -> int:
    """Seed annotations and a review in progress; return the review id."""
    database = open_database(data_dir)
    set_setting(database, "reviewer.name", "Dana Reviewer", "screenshots")
    set_setting(database, "reviewer.organisation", "Northwind Health", "screenshots")
    zdr = get_claim(database, "zdr")
    add_annotation(
        database, zdr.id, "Dana Reviewer",
        "Ask the account team for the ZDR approval letter; our BAA depends on it.",
        today=date(2026, 7, 8),
    )  # fmt: skip
    noted = add_annotation(
        database, zdr.id, "Sam Legal",
        "Check whether the Responses API with background mode is excluded from ZDR.",
        disposition="needs-verification", today=date(2026, 7, 9),
    )  # fmt: skip
    dismiss_annotation(database, noted, "Dana Reviewer", "Excluded per the 2026-07-05 registry.")
    add_annotation(
        database, zdr.id, "Dana Reviewer", "Eligible endpoints confirmed against the docs.",
        disposition="confirmed", today=date(2026, 7, 10),
    )  # fmt: skip
    review_id = None
    for _done, _total, created in start_review(
        database, "openai-api", template_questions(database, "soc2"),
        title="OpenAI API — SOC 2 vendor review", template_id="soc2",
        reviewer="Dana Reviewer", organisation="Northwind Health",
    ):  # fmt: skip
        review_id = created or review_id
    assert review_id is not None  # start_review reports the id it stored
    answers = load_review(database, review_id).answers
    for answer in answers[:14]:
        accept_answer(database, answer.id, "Dana Reviewer")
    edit_answer(database, answers[3].id, "Dana Reviewer", verdict="partial")
    flag_answer(database, answers[6].id, "Dana Reviewer", "Ask for the latest penetration test")
    flag_answer(database, answers[15].id, "Dana Reviewer", "Confirm the RTO with the vendor")
    for answer in answers[20:26]:
        accept_answer(database, answer.id, "Dana Reviewer")

    create_identity(data_dir, "Dana Reviewer", "screenshots only", organisation="Northwind Health")
    database.close()
    return review_id


ACME_CLAIMS = {
    "sources": [
        {
            "key": "acme-security-2026",
            "title": "Acme security overview",
            "url": "https://acme.example/security",
            "published": "2026-10-01",
        }
    ],
    "claims": [
        {
            "key": "encryption-at-rest",
            "title": "Encryption at rest",
            "statement": "Customer data is encrypted at rest with AES-256. Keys rotate yearly.",
            "status": "yes",
            "sources": ["acme-security-2026"],
            "keywords": ["encryption", "at rest"],
            "conditions": {
                "scope": ["Acme Cloud"],
                "attributes": {"key_rotation_days": 365, "regions": ["EU", "US"],
                               "customer_managed_keys": False},
            },
        },
        {
            "key": "backups",
            "title": "Backups",
            "statement": "Backups are taken daily and kept for 35 days in a second region.",
            "status": "yes",
            "sources": ["acme-security-2026"],
            "keywords": ["backups"],
            "conditions": {"attributes": {"retention_days": 35}},
        },
    ],
}  # fmt: skip


def _prepare_second_vendor(
    data_dir: Path, folder: Path
) -> tuple[int, VendorResponse, RefillResult]:
    """Add a second vendor with claims, an attached PDF and a HIPAA review, and the vendor's
    filled-in response; return the review id, the response read back and the re-fill offer."""
    import openpyxl
    from reportlab.pdfgen import canvas

    database = open_database(data_dir)
    add_vendor(database, "acme-cloud", "Acme", "Acme Cloud", "Dana Reviewer")
    new = parse_new_claims(database, "acme-cloud", ACME_CLAIMS)
    add_claims(database, new, "Dana Reviewer", "from the vendor's security overview")
    report = folder / "acme-soc2-type2-2026.pdf"
    page = canvas.Canvas(str(report))
    page.drawString(72, 720, "Acme SOC 2 Type II report (screenshots)")
    page.save()
    attach_file(database, "encryption-at-rest", report, "Dana Reviewer", vendor="acme-cloud",
                title="SOC 2 Type II report 2026")  # fmt: skip
    review_id = None
    for template, title in (("soc2", "Acme — SOC 2 renewal"), ("hipaa", "")):
        for _done, _total, created in new_review_steps(
            database, "acme-cloud", title=title, template_id=template, reviewer="Dana Reviewer"
        ):
            review_id = created or review_id
    assert review_id is not None  # new_review_steps reports the id it stored
    sheet = folder / "requests.xlsx"
    write_request_sheet(database, review_id, sheet)
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook["Requests"]
    answers = [
        ("Yes", "Acme completes a HIPAA risk analysis every year; the last one in September "
         "2026.", report.name),
        ("No", "Risks are tracked in a register, but without owners or dates yet.", None),
        ("Maybe", "We keep logs for a while.", None),
        ("Partial", "The sanctions policy covers employees; contractors from 2027.", None),
        ("Yes", "See the attached log review procedure.", "missing-procedure.pdf"),
    ]  # fmt: skip
    for row, (word, text, document) in enumerate(answers, start=2):
        rows.cell(row, 5, word)
        rows.cell(row, 6, text)
        rows.cell(row, 7, document)
    filled = folder / "acme-response.xlsx"
    workbook.save(filled)
    response = read_vendor_response(database, review_id, filled)
    accept_proposals(database, response, response.proposals[:2], "Dana Reviewer")
    refill = refill_changes(database, review_id)
    response = read_vendor_response(database, review_id, filled)
    database.close()
    return review_id, response, refill


def render(out_dir: Path, size: tuple[int, int] = (1440, 900)) -> list[Path]:
    """Render the screens into ``out_dir``; return the files written."""
    from PySide6.QtWidgets import QApplication

    out_dir.mkdir(parents=True, exist_ok=True)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["ddq-desk"])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as temporary, tempfile.TemporaryDirectory() as sent:
        data_dir = Path(temporary)
        review_id = _prepare(data_dir)
        _acme_review, acme_response, acme_refill = _prepare_second_vendor(data_dir, Path(sent))
        database = open_database(data_dir)
        window = MainWindow()
        # The no-op dialogs stand in for the real service (duck-typed, never shown).
        controller = MainController(
            database, window, cast("DialogService", ScreenshotDialogs(window))
        )
        controller.start()
        window.resize(*size)
        window.show()

        def shoot(name: str, widget: QWidget | None = None) -> None:
            app.processEvents()
            path = out_dir / f"{name}.png"
            (widget or window).grab().save(str(path))
            written.append(path)

        window.tabs.setCurrentIndex(0)
        controller.kb.select_claim("hipaa-baa")
        shoot("01-knowledge-base")
        controller.kb.select_claim("zdr")
        app.processEvents()
        detail = window.kb_page.detail
        heading = detail.annotations_heading
        if heading is not None:
            detail.verticalScrollBar().setValue(heading.y() - 20)
        shoot("02-claim-detail-annotations")
        controller.open_review(review_id)
        controller.review.go_to_row(15)
        shoot("03-review-in-progress")
        controller.review.go_to_row(3)
        shoot("04-review-edited-answer")
        controller.show_summary(review_id)
        shoot("05-review-summary")
        dialog = SettingsDialog(
            current_settings(database), data_dir, lambda: None, lambda: None, window,
            identity_note(data_dir),
        )  # fmt: skip
        dialog.show()
        app.processEvents()
        shoot_dialog(out_dir / "06-settings.png", window.grab(), dialog.grab())
        written.append(out_dir / "06-settings.png")
        dialog.close()
        controller.show_review_list()
        shoot("08-reviews-list")
        window.kb_page.search.setText("retention")
        window.tabs.setCurrentIndex(0)
        shoot("07-knowledge-base-search")
        window.kb_page.search.clear()
        _shoot_vendor_screens(app, window, controller, database, out_dir, written,
                              acme_response, acme_refill)  # fmt: skip
        window.close()
        database.close()
    return written


def _shoot_vendor_screens(
    app: QApplication,
    window: MainWindow,
    controller: MainController,
    database: Database,
    out_dir: Path,
    written: list[Path],
    response: VendorResponse,
    refill: RefillResult,
) -> None:
    """The screens of issue 13: a second vendor, its claim forms, a response and a re-fill."""

    def over(name: str, dialog: QDialog) -> None:
        dialog.show()
        dialog.adjustSize()
        app.processEvents()
        path = out_dir / f"{name}.png"
        shoot_dialog(path, window.grab(), dialog.grab())
        written.append(path)
        dialog.close()
        dialog.deleteLater()

    controller.kb.show_vendors(select="acme-cloud")
    controller.kb.select_claim("encryption-at-rest", "acme-cloud")
    shoot_window(app, window, out_dir / "09-knowledge-base-second-vendor.png", written)
    vendor = NewVendorDialog(window)
    vendor.name.setText("Parley")
    vendor.product.setText("Parley Meetings")
    vendor.slug.setText("parley-meetings")
    over("10-new-vendor", vendor)
    blank = ClaimFormDialog("Acme Cloud", lambda: None, lambda form: None, parent=window)
    blank.key.setText("incident-notification")
    blank.title.setText("Incident notification")
    blank.statement.setPlainText("Acme notifies affected customers of a breach within 72 hours.")
    blank.add_attribute("notice_days", "days", "3")
    blank.add_attribute("channels", "list", "e-mail, status page")
    blank.source_title.setText("Acme data processing addendum")
    blank.source_file.setText("acme-dpa-2026.pdf")
    over("11-new-claim", blank)
    base = get_claim(database, "encryption-at-rest", vendor="acme-cloud")
    supersede = ClaimFormDialog("Acme Cloud", lambda: None, lambda form: None, base, window)
    supersede.source_title.setText("Acme security overview (November)")
    supersede.reason.setText("the November overview adds customer-managed keys")
    over("12-supersede-claim", supersede)
    over("13-vendor-response", ResponseDialog(response, lambda accepted, rejected: None, window))
    over("14-refill", RefillDialog(refill, window))
    # The banner a knowledge-base change raises over every tab (the claims were accepted).
    window.refill_banner.show_offers(refill_offers(database, ["acme-cloud"]))
    shoot_window(app, window, out_dir / "15-refill-offer-banner.png", written)
    window.refill_banner.show_offers([])


def shoot_window(app: QApplication, window: MainWindow, path: Path, written: list[Path]) -> None:
    """Save the window as it is now."""
    app.processEvents()
    window.grab().save(str(path))
    written.append(path)


def shoot_dialog(path: Path, window_pixmap: QPixmap, dialog_pixmap: QPixmap) -> None:
    """Save the window with the dialog drawn over it, centred, the window dimmed."""
    from PySide6.QtGui import QColor, QPainter

    canvas = window_pixmap.copy()
    painter = QPainter(canvas)
    painter.fillRect(canvas.rect(), QColor(0, 0, 0, 90))
    x = (canvas.width() - dialog_pixmap.width()) // 2
    y = (canvas.height() - dialog_pixmap.height()) // 3
    painter.fillRect(
        x - 1, y - 1, dialog_pixmap.width() + 2, dialog_pixmap.height() + 2, QColor(60, 60, 60)
    )
    painter.drawPixmap(x, y, dialog_pixmap)
    painter.end()
    canvas.save(str(path))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m desktop.screenshots")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1440x900", help="window size, WxH")
    arguments = parser.parse_args(argv)
    width, height = (int(part) for part in arguments.size.lower().split("x"))
    for path in render(arguments.out_dir, (width, height)):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

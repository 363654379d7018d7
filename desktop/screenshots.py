"""Render every main screen offscreen to PNG: ``python -m desktop.screenshots OUTDIR``.

Uses a fresh data directory with the bundled knowledge base, a few annotations, and a SOC 2
review part-way through (accepted, edited and flagged answers), so each screen shows what a
reviewer would see mid-task. Window size 1440x900 unless ``--size WxH`` says otherwise.
"""

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


class ScreenshotDialogs:
    """A dialog service that never blocks: screenshots run unattended."""

    def __init__(self, parent: object = None) -> None:
        self.parent = parent

    def __getattr__(self, name: str) -> Callable[..., None]:
        return lambda *args, **kwargs: None


def _prepare(data_dir: Path) -> int:
    """Seed annotations and a review in progress; return the review id."""
    from models.annotations import add_annotation, dismiss_annotation
    from models.claims import get_claim
    from models.database import open_database
    from models.settings import set_setting
    from questionnaires.review_builder import start_review
    from questionnaires.reviews import accept_answer, edit_answer, flag_answer, load_review
    from questionnaires.templates import template_questions

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
    answers = load_review(database, review_id).answers
    for answer in answers[:14]:
        accept_answer(database, answer.id, "Dana Reviewer")
    edit_answer(database, answers[3].id, "Dana Reviewer", verdict="partial")
    flag_answer(database, answers[6].id, "Dana Reviewer", "Ask for the latest penetration test")
    flag_answer(database, answers[15].id, "Dana Reviewer", "Confirm the RTO with the vendor")
    for answer in answers[20:26]:
        accept_answer(database, answer.id, "Dana Reviewer")
    from exports.identity import create_identity

    create_identity(data_dir, "Dana Reviewer", "screenshots only", organisation="Northwind Health")
    database.close()
    return review_id


def render(out_dir: Path, size: tuple[int, int] = (1440, 900)) -> list[Path]:
    """Render the screens into ``out_dir``; return the files written."""
    from PySide6.QtWidgets import QApplication

    from desktop.main_controller import MainController, identity_note
    from desktop.main_window import MainWindow
    from desktop.settings_dialog import SettingsDialog, current_settings
    from models.database import open_database

    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["ddq-desk"])
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as temporary:
        data_dir = Path(temporary)
        review_id = _prepare(data_dir)
        database = open_database(data_dir)
        window = MainWindow()
        controller = MainController(database, window, ScreenshotDialogs(window))
        controller.start()
        window.resize(*size)
        window.show()

        def shoot(name: str, widget=None) -> None:
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
        detail.verticalScrollBar().setValue(detail.annotations_heading.y() - 20)
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
        window.close()
        database.close()
    return written


def shoot_dialog(path: Path, window_pixmap, dialog_pixmap) -> None:  # QPixmaps
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

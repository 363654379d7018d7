"""How the main window shows a team database: its name in the title, and an auditor's
read-only mode (the actions that would change something are turned off)."""

from PySide6.QtWidgets import QLabel

from desktop.main_window import MainWindow
from models.storage.database import Database

READ_ONLY_NOTE = "Read-only: your role on the team database is an auditor's (read, verify, export)"


def show_team_database(window: MainWindow, database: Database) -> None:
    """Name a team database in the window title; for an auditor, say read-only and turn off
    the actions that change data (the server refuses them anyway, with one line)."""
    if database.backend == "sqlite":
        return
    title = f"DDQ Desk — {database.describe()}"
    for action in window.offline_actions():
        action.setVisible(not database.read_only)
    if database.read_only:
        title += " — read-only"
        for action in (
            window.new_review_action, window.import_action, window.edit_claim_action,
            window.refresh_evidence_action, window.new_vendor_action, window.new_claim_action,
            window.supersede_action, window.attach_action, window.response_action,
            window.refill_action,
        ):  # fmt: skip
            action.setEnabled(False)
        for button in (
            window.reviews_page.new_button, window.reviews_page.import_button,
            window.kb_page.new_vendor_button, window.kb_page.new_claim_button,
            window.kb_page.refresh_button,
        ):  # fmt: skip
            button.setEnabled(False)
        note = QLabel(READ_ONLY_NOTE)
        note.setObjectName("read-only-note")
        window.statusBar().addPermanentWidget(note)
    window.setWindowTitle(title)

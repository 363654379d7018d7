"""The main window (a view): the knowledge-base tab, the reviews tab (list, review, summary),
menus with standard shortcuts, a status bar, and dropping questionnaire files onto it."""

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from desktop.kb.kb_page import KnowledgeBasePage
from desktop.review.refill_banner import RefillBanner
from desktop.review.review_page import ReviewPage
from desktop.review.reviews_page import ReviewsPage

if TYPE_CHECKING:
    from desktop.review.summary_page import SummaryPage

MINIMUM_SIZE = (960, 600)


def _standard(action: QAction, key: QKeySequence.StandardKey, fallback: str) -> QAction:
    # Some platforms define no binding for a standard key (Preferences on Linux): fall back.
    sequences = QKeySequence.keyBindings(key) or [QKeySequence(fallback)]
    action.setShortcuts(sequences)
    return action


class MainWindow(QMainWindow):
    """The application window; the MainController gives it behaviour.

    Signals:
        files_dropped(list): Questionnaire files (Paths) dropped onto the window.
        closing(): The window is about to close (save state now).
        summary_page_made(object): The summary page (a SummaryPage) was just built.
    """

    files_dropped = Signal(list)
    closing = Signal()
    summary_page_made = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("DDQ Desk")
        self.setMinimumSize(*MINIMUM_SIZE)
        self.setAcceptDrops(True)
        self.kb_page = KnowledgeBasePage()
        self.reviews_page = ReviewsPage()
        self.review_page = ReviewPage()
        self._summary_page: SummaryPage | None = None
        self.reviews_stack = QStackedWidget()
        for page in (self.reviews_page, self.review_page):
            self.reviews_stack.addWidget(page)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.kb_page, "Knowledge base")
        self.tabs.addTab(self.reviews_stack, "Reviews")
        # Above both tabs: a knowledge-base change is offered to open reviews wherever the
        # reviewer is working.
        self.refill_banner = RefillBanner()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.refill_banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.statusBar()
        self._build_menus()

    def _build_menus(self) -> None:
        standard = QKeySequence.StandardKey
        menu = self.menuBar().addMenu("&File")
        self.new_review_action = _standard(QAction("&New review…", self), standard.New, "Ctrl+N")
        self.import_action = _standard(
            QAction("&Import questionnaire…", self), standard.Open, "Ctrl+O"
        )
        self.settings_action = _standard(
            QAction("&Settings…", self), standard.Preferences, "Ctrl+,"
        )
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.quit_action = _standard(QAction("&Quit", self), standard.Quit, "Ctrl+Q")
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.export_action = QAction("&Export evidence pack…", self)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setEnabled(False)
        self.verify_action = QAction("&Verify evidence pack…", self)
        self.create_identity_action = QAction("Create signing &identity…", self)
        for action in (self.new_review_action, self.import_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.verify_action)
        menu.addAction(self.create_identity_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.quit_action)

        menu = self.menuBar().addMenu("&Edit")
        self.find_action = _standard(QAction("&Find claims", self), standard.Find, "Ctrl+F")
        self.edit_claim_action = QAction("&Edit claim…", self)
        self.edit_claim_action.setShortcut(QKeySequence("Ctrl+E"))
        self.refresh_evidence_action = _standard(
            QAction("&Refresh evidence", self), standard.Refresh, "F5"
        )
        self.new_vendor_action = QAction("New &vendor…", self)
        self.new_claim_action = QAction("New &claim…", self)
        self.new_claim_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.supersede_action = QAction("&Supersede with a newer claim…", self)
        self.attach_action = QAction("&Attach file to claim…", self)
        menu.addAction(self.find_action)
        menu.addAction(self.edit_claim_action)
        menu.addAction(self.refresh_evidence_action)
        menu.addSeparator()
        for action in (
            self.new_vendor_action, self.new_claim_action, self.supersede_action,
            self.attach_action,
        ):  # fmt: skip
            menu.addAction(action)

        menu = self.menuBar().addMenu("&View")
        self.show_kb_action = QAction("&Knowledge base", self)
        self.show_kb_action.setShortcut(QKeySequence("Alt+1"))
        self.show_reviews_action = QAction("&Reviews", self)
        self.show_reviews_action.setShortcut(QKeySequence("Alt+2"))
        menu.addAction(self.show_kb_action)
        menu.addAction(self.show_reviews_action)

        self.review_menu = self.menuBar().addMenu("&Review")
        for action in self.review_page.review_actions():
            self.review_menu.addAction(action)
        self.review_menu.addSeparator()
        self.request_action = QAction("Request from &vendor…", self)
        self.response_action = QAction("Import vendor &response…", self)
        self.refill_action = QAction("Re-fill from &knowledge base…", self)
        self.refill_action.setShortcut(QKeySequence("Ctrl+Shift+R"))
        for action in self.vendor_actions():
            action.setEnabled(False)
            self.review_menu.addAction(action)
        self.review_menu.addSeparator()
        # Shown on a team database only (desktop.team_mode).
        self.checkout_action = QAction("Check &out for offline work…", self)
        self.checkin_action = QAction("Check &in", self)
        for action in self.offline_actions():
            action.setEnabled(False)
            action.setVisible(False)
            self.review_menu.addAction(action)

        menu = self.menuBar().addMenu("&Help")
        self.shortcuts_action = _standard(
            QAction("&Keyboard shortcuts", self), standard.HelpContents, "F1"
        )
        menu.addAction(self.shortcuts_action)
        self.about_action = QAction("&About DDQ Desk", self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        menu.addAction(self.about_action)

    @property
    def summary_page(self) -> "SummaryPage":
        """The review summary, made (and announced by ``summary_page_made``) on first use.

        No review's summary shows when the window opens, so its page and charts are not
        built before it does (about 15-25 ms of start-up).
        """
        if self._summary_page is None:
            # deferred: start-up time (the summary page is built when first shown)
            from desktop.review.summary_page import SummaryPage

            self._summary_page = SummaryPage()
            self.reviews_stack.addWidget(self._summary_page)
            self.summary_page_made.emit(self._summary_page)
        return self._summary_page

    def showing_summary(self) -> bool:
        """True when the Reviews tab shows the summary page (asking never builds it)."""
        shown = self._summary_page
        return shown is not None and self.reviews_stack.currentWidget() is shown

    def show_reviews_page(self, page: QWidget) -> None:
        """Bring the Reviews tab forward with ``page`` (list, review or summary) showing."""
        self.reviews_stack.setCurrentWidget(page)
        self.tabs.setCurrentWidget(self.reviews_stack)
        review_shown = page is self.review_page
        for action in self.review_page.review_actions():
            action.setEnabled(review_shown)
        self.export_action.setEnabled(page is not self.reviews_page)
        for action in (*self.vendor_actions(), *self.offline_actions()):
            action.setEnabled(page is not self.reviews_page)

    def vendor_actions(self) -> list[QAction]:
        """The review's round trip with its vendor: requests, responses and re-fill."""
        return [self.request_action, self.response_action, self.refill_action]

    def offline_actions(self) -> list[QAction]:
        """Checking the review out of a team database for offline work, and back in."""
        return [self.checkout_action, self.checkin_action]

    def bring_to_front(self) -> None:
        """Show, un-minimise and raise the window (another launch asked for it)."""
        self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        self.show()
        self.raise_()
        self.activateWindow()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Qt: accept drags carrying questionnaire files."""
        if _questionnaire_paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Qt: report dropped questionnaire files."""
        paths = _questionnaire_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Qt: let the controller save state, then close."""
        self.closing.emit()
        super().closeEvent(event)


def _questionnaire_paths(mime: QMimeData) -> list[Path]:
    # deferred: start-up time (issue 17)
    from desktop.review.new_review import is_questionnaire_file

    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if is_questionnaire_file(path)]

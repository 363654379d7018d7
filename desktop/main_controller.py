"""Application behaviour that spans pages: which page shows, opening and starting reviews,
the summary, Settings, remembered window state, and quitting cleanly."""

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from desktop.dialogs import DialogService
from desktop.kb.kb_controller import KnowledgeBaseController
from desktop.main_window import MainWindow
from desktop.review.offline_actions import OfflineActions
from desktop.review.review_controller import ReviewController
from desktop.team_mode import show_team_database
from desktop.window_state import WindowState
from models.errors import UserError
from models.kb.vendors import list_vendors
from models.settings import REVIEWER_NAME
from models.storage.database import Database
from questionnaires.review_overview import review_overview

if TYPE_CHECKING:
    from desktop.kb.claim_actions import ClaimActions
    from desktop.kb.evidence_refresher import EvidenceRefresher
    from desktop.review.new_review import ReviewStarter
    from desktop.review.pack_actions import PackActions
    from desktop.review.refill_offerer import RefillOfferer
    from desktop.review.signoff_actions import SignOffActions
    from desktop.review.summary_page import SummaryPage
    from desktop.review.vendor_round_trip import VendorRoundTrip

DEFAULT_SIZE = (1440, 900)


class MainController(QObject):
    """Connects the main window's pages to the core and to each other."""

    def __init__(
        self,
        database: Database,
        window: MainWindow,
        dialogs: DialogService,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.window = window
        self.dialogs = dialogs
        self.state = WindowState(database.data_dir)
        self.kb = KnowledgeBaseController(database, window.kb_page, dialogs, self.reviewer, self)
        self.review = ReviewController(database, window.review_page, dialogs, self.reviewer, self)
        self.summary_review_id: int | None = None
        # The actions behind menus and buttons are made on first use (start-up time, issue 17).
        self._starter: ReviewStarter | None = None
        self._packs: PackActions | None = None
        self._refresher: EvidenceRefresher | None = None
        self._signoff: SignOffActions | None = None
        self._claims: ClaimActions | None = None
        self._vendor_trip: VendorRoundTrip | None = None
        self._offerer: RefillOfferer | None = None
        self.kb.claim_edited.connect(self.offer_refill)
        window.export_action.triggered.connect(self.export_pack)
        window.verify_action.triggered.connect(lambda: self.packs.verify())
        window.create_identity_action.triggered.connect(lambda: self.packs.create_identity())
        window.refresh_evidence_action.triggered.connect(lambda: self.refresher.refresh())
        window.kb_page.refresh_button.clicked.connect(lambda: self.refresher.refresh())

        window.new_review_action.triggered.connect(lambda: self.new_review())
        window.reviews_page.new_button.clicked.connect(lambda: self.new_review())
        window.import_action.triggered.connect(self.import_questionnaire)
        window.reviews_page.import_button.clicked.connect(self.import_questionnaire)
        window.reviews_page.open_button.clicked.connect(self._open_selected)
        window.reviews_page.table.activated.connect(lambda _index: self._open_selected())
        window.files_dropped.connect(lambda paths: self.new_review(paths[0]))
        window.settings_action.triggered.connect(self.show_settings)
        window.quit_action.triggered.connect(window.close)
        window.find_action.triggered.connect(self.find_claims)
        window.edit_claim_action.triggered.connect(self._edit_claim)
        window.show_kb_action.triggered.connect(lambda: window.tabs.setCurrentIndex(0))
        window.show_reviews_action.triggered.connect(lambda: window.tabs.setCurrentIndex(1))
        window.about_action.triggered.connect(self._about)
        window.shortcuts_action.triggered.connect(self.show_shortcuts)
        window.kb_page.search.returnPressed.connect(window.kb_page.table.setFocus)
        window.closing.connect(self.save_state)
        window.tabs.currentChanged.connect(self._tab_changed)
        self.review.summary_requested.connect(self.show_summary)
        self.review.closed.connect(self.show_review_list)
        self.review.claim_requested.connect(self.show_claim)
        self.review.status_message.connect(lambda text: window.statusBar().showMessage(text, 5000))
        window.summary_page_made.connect(self._connect_summary)
        window.review_page.reopen_button.clicked.connect(self._reopen_open_review)

        window.new_vendor_action.triggered.connect(lambda: self.claims.new_vendor())
        window.kb_page.new_vendor_button.clicked.connect(lambda: self.claims.new_vendor())
        window.new_claim_action.triggered.connect(self._new_claim)
        window.kb_page.new_claim_button.clicked.connect(lambda: self.claims.new_claim())
        window.supersede_action.triggered.connect(self._supersede)
        window.kb_page.detail.supersede_requested.connect(lambda: self.claims.supersede())
        window.attach_action.triggered.connect(self._attach)
        window.kb_page.detail.attach_requested.connect(lambda: self.claims.attach_file())
        window.request_action.triggered.connect(self.request_from_vendor)
        window.response_action.triggered.connect(self.import_vendor_response)
        window.refill_action.triggered.connect(self.refill_review)
        self.offline = OfflineActions(database, dialogs, self.reviewer, self)
        self.offline.status_message.connect(lambda text: self._show_status(text, 8000))
        window.checkout_action.triggered.connect(lambda: self._offline(self.offline.checkout))
        window.checkin_action.triggered.connect(lambda: self._offline(self.offline.checkin))
        show_team_database(window, database)

    @property
    def starter(self) -> "ReviewStarter":
        """Starts new reviews behind a progress dialog."""
        if self._starter is None:
            # deferred: start-up time (issue 17)
            from desktop.review.new_review import ReviewStarter

            self._starter = ReviewStarter(self.database, self.dialogs, self.window)
            self._starter.review_created.connect(self._review_created)
        return self._starter

    @property
    def packs(self) -> "PackActions":
        """Exports, verifies packs and creates the signing identity."""
        if self._packs is None:
            # deferred: start-up time (issue 17)
            from desktop.review.pack_actions import PackActions

            self._packs = PackActions(self.database, self.dialogs, self.window)
        return self._packs

    @property
    def refresher(self) -> "EvidenceRefresher":
        """Refreshes evidence with a progress bar and Cancel."""
        if self._refresher is None:
            # deferred: start-up time (issue 17)
            from desktop.kb.evidence_refresher import EvidenceRefresher

            self._refresher = EvidenceRefresher(
                self.database, self.dialogs, self.window, self.reviewer
            )
            self._refresher.refreshed.connect(self._evidence_refreshed)
        return self._refresher

    @property
    def signoff(self) -> "SignOffActions":
        """Finishes, reopens and writes back reviews."""
        if self._signoff is None:
            # deferred: start-up time (issue 17)
            from desktop.review.signoff_actions import SignOffActions

            self._signoff = SignOffActions(self.database, self.dialogs, self.reviewer, self)
            self._signoff.changed.connect(self._signoff_changed)
            self._signoff.status_message.connect(self._show_status)
        return self._signoff

    @property
    def claims(self) -> "ClaimActions":
        """Adds vendors and claims, supersedes claims and attaches files."""
        if self._claims is None:
            # deferred: start-up time (issue 17)
            from desktop.kb.claim_actions import ClaimActions

            self._claims = ClaimActions(self.database, self.kb, self.dialogs, self.reviewer, self)
            self._claims.changed.connect(lambda text: self._show_status(text, 8000))
            self._claims.vendor_changed.connect(self.offer_refill)
        return self._claims

    @property
    def vendor_trip(self) -> "VendorRoundTrip":
        """Requests to the vendor, their responses and re-fill."""
        if self._vendor_trip is None:
            # deferred: start-up time (issue 17)
            from desktop.review.vendor_round_trip import VendorRoundTrip

            self._vendor_trip = VendorRoundTrip(self.database, self.dialogs, self.reviewer, self)
            self._vendor_trip.knowledge_changed.connect(self.kb.show_vendors)
            self._vendor_trip.review_changed.connect(self._review_refilled)
            self._vendor_trip.status_message.connect(lambda text: self._show_status(text, 8000))
            self._vendor_trip.claims_added.connect(self.offer_refill)
        return self._vendor_trip

    @property
    def offerer(self) -> "RefillOfferer":
        """Offers re-fill to the open reviews a knowledge-base change gives new proposals."""
        if self._offerer is None:
            # deferred: start-up time (issue 17)
            from desktop.review.refill_offerer import RefillOfferer

            self._offerer = RefillOfferer(
                self.database, self.window.refill_banner, self._refill_offered, self
            )
        return self._offerer

    def offer_refill(self, vendor: str) -> None:
        """Look, off the GUI thread, for open reviews of ``vendor`` that re-fill would change."""
        self.offerer.check([vendor])

    def _refill_offered(self, review_id: int) -> None:
        self.review.save_text()
        self.vendor_trip.refill(review_id)

    def _show_status(self, text: str, milliseconds: int = 5000) -> None:
        self.window.statusBar().showMessage(text, milliseconds)

    def reviewer(self) -> str:
        """Return the reviewer's name from Settings (empty when not set)."""
        return REVIEWER_NAME.read(self.database)

    # Start-up and state ---------------------------------------------------------------------

    def start(self) -> None:
        """Fill the pages and put the window back as the user left it."""
        self.kb.show_vendors()
        self.refresh_review_list()
        if not self.state.restore_geometry(self.window):
            screen = self.window.screen().availableGeometry()
            self.window.resize(
                min(DEFAULT_SIZE[0], int(screen.width() * 0.95)),
                min(DEFAULT_SIZE[1], int(screen.height() * 0.95)),
            )
        width = self.window.width()
        self.window.kb_page.splitter.setSizes([int(width * 0.56), int(width * 0.44)])
        self.window.review_page.splitter.setSizes([int(width * 0.32), int(width * 0.68)])
        self.state.restore_splitter("kb", self.window.kb_page.splitter)
        self.state.restore_splitter("review", self.window.review_page.splitter)
        review_id = self.state.value("review/open")
        self.window.show_reviews_page(self.window.reviews_page)
        if review_id is not None:
            try:
                self.open_review(int(str(review_id)))
            except (UserError, ValueError):
                self.state.set_value("review/open", None)
        self.window.tabs.setCurrentIndex(int(str(self.state.value("window/tab", 0) or 0)))

    def save_state(self) -> None:
        """Remember geometry, splitters, the open review and the current tab."""
        self.review.flush()  # changes still waiting for the database lock are written now
        self.state.save_geometry(self.window)
        self.state.save_splitter("kb", self.window.kb_page.splitter)
        self.state.save_splitter("review", self.window.review_page.splitter)
        showing_review = self.window.reviews_stack.currentWidget() is self.window.review_page
        self.state.set_value(
            "review/open", self.review.review.id if showing_review and self.review.review else None
        )
        self.state.set_value("window/tab", self.window.tabs.currentIndex())
        self.state.sync()

    # Reviews --------------------------------------------------------------------------------

    def _tab_changed(self, index: int) -> None:
        # Keyboard users land where they can act: the claims table, the list, the question.
        if self.window.tabs.widget(index) is self.window.kb_page:
            self.window.kb_page.table.setFocus()
            return
        showing = self.window.reviews_stack.currentWidget()
        if showing is self.window.reviews_page:
            self.refresh_review_list()
            self.window.reviews_page.table.setFocus()
        elif showing is self.window.review_page:
            self.window.review_page.questions.setFocus()

    def refresh_review_list(self) -> None:
        """Re-read the list of reviews."""
        self.window.reviews_page.show_reviews(review_overview(self.database))

    def show_review_list(self) -> None:
        """Show the list of reviews."""
        self.refresh_review_list()
        self.window.show_reviews_page(self.window.reviews_page)

    def open_review(self, review_id: int) -> None:
        """Show a review at the question the reviewer was on."""
        self.review.open(review_id)
        self.window.show_reviews_page(self.window.review_page)
        self.window.review_page.questions.setFocus()

    def _open_selected(self) -> None:
        review_id = self.window.reviews_page.selected_review_id()
        if review_id is not None:
            self.open_review(review_id)

    def new_review(self, path: Path | None = None) -> None:
        """Ask what to review (template or file) and start auto-fill."""
        if self.starter.busy:
            self.dialogs.info("New review", "A review is already being prepared.")
            return
        # deferred: start-up time (issue 17)
        from desktop.review.new_review_dialog import QUESTIONNAIRE_FILTER
        from desktop.settings_dialog import current_settings
        from questionnaires.templates import list_templates

        templates = [(t.id, t.title, t.questions) for t in list_templates(self.database)]
        vendors = list_vendors(self.database)
        shown = self.kb.current_vendor()  # the vendor the knowledge-base tab shows comes first
        vendors.sort(key=lambda pair: pair[0] != shown)
        request = self.dialogs.new_review(
            vendors,
            templates,
            lambda: self.dialogs.open_file("Import questionnaire", QUESTIONNAIRE_FILTER),
            path,
        )
        if request is None:
            return
        settings = current_settings(self.database)
        self.starter.start(
            request, str(settings["reviewer.name"]), str(settings["reviewer.organisation"])
        )

    def import_questionnaire(self) -> None:
        """Choose a questionnaire file, then confirm the new review."""
        # deferred: start-up time (issue 17)
        from desktop.review.new_review_dialog import QUESTIONNAIRE_FILTER

        path = self.dialogs.open_file("Import questionnaire", QUESTIONNAIRE_FILTER)
        if path is not None:
            self.new_review(path)

    def _review_created(self, review_id: int) -> None:
        self.refresh_review_list()
        self.open_review(review_id)
        self.window.statusBar().showMessage("Review ready: answers proposed by auto-fill", 5000)

    def show_summary(self, review_id: int) -> None:
        """Show the summary of a review."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import load_review, summarise

        review = load_review(self.database, review_id)
        self.summary_review_id = review_id
        self.window.summary_page.show_summary(review, summarise(review))
        self.window.show_reviews_page(self.window.summary_page)

    def _connect_summary(self, summary: "SummaryPage") -> None:
        summary.export_button.clicked.connect(self.export_pack)
        summary.verify_button.clicked.connect(lambda: self.packs.verify())
        summary.back_button.clicked.connect(self._back_to_review)
        summary.finish_button.clicked.connect(lambda: self._on_summary(self.signoff.finish))
        summary.reopen_button.clicked.connect(lambda: self._on_summary(self.signoff.reopen))
        summary.workbook_button.clicked.connect(lambda: self._on_summary(self.signoff.write_back))
        summary.request_button.clicked.connect(self.request_from_vendor)
        summary.response_button.clicked.connect(self.import_vendor_response)
        summary.refill_button.clicked.connect(self.refill_review)

    def _back_to_review(self) -> None:
        if self.summary_review_id is not None:
            self.open_review(self.summary_review_id)

    def _on_summary(self, action: Callable[[int], bool]) -> None:
        if self.summary_review_id is not None:
            action(self.summary_review_id)

    def _reopen_open_review(self) -> None:
        if self.review.review is not None:
            self.signoff.reopen(self.review.review.id)

    def _signoff_changed(self, review_id: int) -> None:
        self.refresh_review_list()
        if self.window.showing_summary():
            self.show_summary(review_id)
        elif self.review.review is not None and self.review.review.id == review_id:
            self.open_review(review_id)

    def export_pack(self) -> None:
        """Export the review on screen (review or summary) as an evidence pack."""
        showing = self.window.reviews_stack.currentWidget()
        if self.window.showing_summary() and self.summary_review_id is not None:
            review_id = self.summary_review_id
        elif showing is self.window.review_page and self.review.review is not None:
            review_id = self.review.review.id
        else:
            return
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import load_review

        title = load_review(self.database, review_id).title
        self.packs.export(review_id, title)

    def shown_review_id(self) -> int | None:
        """Return the id of the review on screen (the review or its summary), if any."""
        showing = self.window.reviews_stack.currentWidget()
        if self.window.showing_summary() and self.summary_review_id is not None:
            return self.summary_review_id
        if showing is self.window.review_page and self.review.review is not None:
            return self.review.review.id
        return None

    def request_from_vendor(self) -> None:
        """Write what the review on screen is missing, for its vendor."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.reviews import load_review

        review_id = self.shown_review_id()
        if review_id is not None:
            self.review.save_text()
            self.vendor_trip.request(review_id, load_review(self.database, review_id).vendor)

    def import_vendor_response(self) -> None:
        """Read the vendor's filled-in sheet for the review on screen."""
        review_id = self.shown_review_id()
        if review_id is not None:
            self.review.save_text()
            self.vendor_trip.import_response(review_id)

    def refill_review(self) -> None:
        """Re-fill the review on screen from the knowledge base as it is now."""
        review_id = self.shown_review_id()
        if review_id is not None:
            self.review.save_text()
            self.vendor_trip.refill(review_id)

    def _offline(self, action: Callable[[int | None], None]) -> None:
        self.review.save_text()
        action(self.shown_review_id())

    def _review_refilled(self, review_id: int) -> None:
        self.offerer.review_refilled(review_id)
        self.refresh_review_list()
        if self.window.showing_summary():
            self.show_summary(review_id)
        elif self.review.review is not None and self.review.review.id == review_id:
            self.open_review(review_id)

    def _new_claim(self) -> None:
        self.window.tabs.setCurrentIndex(0)
        self.claims.new_claim()

    def _supersede(self) -> None:
        self.window.tabs.setCurrentIndex(0)
        self.claims.supersede()

    def _attach(self) -> None:
        self.window.tabs.setCurrentIndex(0)
        self.claims.attach_file()

    def _evidence_refreshed(self, summary: str) -> None:
        self.kb.show_vendors()
        self.window.statusBar().showMessage(f"Evidence refresh: {summary}", 10_000)

    # Knowledge base and settings -----------------------------------------------------------

    def find_claims(self) -> None:
        """Show the knowledge base with the search field focused."""
        self.window.tabs.setCurrentIndex(0)
        self.window.kb_page.search.setFocus()
        self.window.kb_page.search.selectAll()

    def show_claim(self, key: str) -> None:
        """Show one claim in the knowledge base."""
        self.window.tabs.setCurrentIndex(0)
        self.kb.select_claim(key, self.review.review.vendor if self.review.review else None)

    def _edit_claim(self) -> None:
        self.window.tabs.setCurrentIndex(0)
        self.kb.edit_current_claim()

    def show_settings(self) -> None:
        """Show Settings and save what changed."""
        # deferred: start-up time (issue 17)
        from desktop.settings_dialog import current_settings, identity_note, save_settings

        values = self.dialogs.settings(
            current_settings(self.database),
            self.database.data_dir,
            lambda: self.dialogs.open_file("Signing identity", "Identities (*.p12 *.pfx)"),
            lambda: self.dialogs.open_local(self.database.data_dir),
            identity_note(self.database.data_dir),
        )
        if values is None:
            return
        try:
            changed = save_settings(self.database, values)
        except UserError as error:
            self.dialogs.error("Cannot save the settings", str(error))
            return
        if "evidence.max_age_days" in changed:
            self.kb.reload()
        restart = " (the team database is used from the next start)"
        saved = "Settings saved" + (restart if "team.database_url" in changed else "")
        self.window.statusBar().showMessage(saved, 4000)

    def show_shortcuts(self) -> None:
        """List the keyboard shortcuts."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.shortcut_list import shortcut_lines

        self.dialogs.info("Keyboard shortcuts", "\n".join(shortcut_lines(self.window.menuBar())))

    def _about(self) -> None:
        # deferred: start-up time (loaded on first use, not when the window opens)
        from desktop.about import about_info

        self.dialogs.about(about_info(self.database))

"""Growing the knowledge base from the GUI: *New vendor…*, *New claim…*, *Supersede with a
newer claim…* and *Attach file…*. The forms are views (through the dialog service); every
check and write is the core's (``models.kb.vendors``, ``models.kb.claim_add``,
``models.evidence.local_files``), each change with its AuditEvent."""

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desktop.dialogs import DialogService
from desktop.kb.kb_controller import KnowledgeBaseController
from desktop.operations import Operation, run_in_background
from models.errors import UserError
from models.kb.claims import ClaimRecord
from models.kb.vendors import add_vendor, list_vendor_records
from models.storage.database import Database

if TYPE_CHECKING:
    from models.kb.claim_add import ClaimForm


class ClaimActions(QObject):
    """Adds vendors and claims, supersedes claims and attaches files.

    Signals:
        changed(str): The knowledge base changed (a one-line description for the status bar).
        vendor_changed(str): Claims or evidence of this vendor changed (open reviews may
            re-fill).
    """

    changed = Signal(str)
    vendor_changed = Signal(str)

    def __init__(
        self,
        database: Database,
        kb: KnowledgeBaseController,
        dialogs: DialogService,
        actor: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.kb = kb
        self.dialogs = dialogs
        self.actor = actor
        self.operation: Operation | None = None

    def _who(self) -> str:
        return self.actor() or "reviewer"

    def new_vendor(self) -> None:
        """Ask for a vendor and add it; the knowledge-base tab then shows it."""
        values = self.dialogs.new_vendor()
        if values is None:
            return
        try:
            record = add_vendor(
                self.database,
                values["slug"],
                values["name"],
                values["product"],
                self._who(),
                trust_portal_url=values.get("trust_portal_url"),
            )
        except UserError as error:
            self.dialogs.error("Cannot add the vendor", str(error))
            return
        self.kb.show_vendors(select=record.slug)
        self.changed.emit(f"Vendor {record.name} added: add its claims with New claim…")

    def _vendor_label(self, slug: str) -> str:
        return next(
            (record.label for record in list_vendor_records(self.database) if record.slug == slug),
            slug,
        )

    def _submitter(
        self, vendor: str, supersedes: str | None, saved: list[str]
    ) -> Callable[["ClaimForm"], str | None]:
        # deferred: start-up time (issue 17)
        from models.kb.claim_add import ClaimProblemsError, add_claims, claims_from_form

        def submit(form: "ClaimForm") -> str | None:
            try:
                new = claims_from_form(self.database, vendor, form, supersedes)
                saved.extend(add_claims(self.database, new, self._who(), form.reason))
            except ClaimProblemsError as problems:
                return "\n".join(problems.problems)
            except UserError as error:
                return str(error)
            return None

        return submit

    def new_claim(self) -> None:
        """Show the New claim form for the vendor the tab shows."""
        vendor = self.kb.current_vendor()
        if vendor is None:
            records = list_vendor_records(self.database)
            if len(records) != 1:
                self.dialogs.error(
                    "New claim", "Choose the vendor in the Vendor list first, then New claim…"
                )
                return
            vendor = records[0].slug
        saved: list[str] = []
        submit = self._submitter(vendor, None, saved)
        if self.dialogs.claim_form(self._vendor_label(vendor), submit):
            self._saved(vendor, saved, "added")

    def supersede(self) -> None:
        """Show the form filled from the shown claim; the new claim supersedes it."""
        claim: ClaimRecord | None = self.kb.page.detail.claim
        if claim is None:
            return
        if claim.is_superseded:
            self.dialogs.error(
                "Cannot supersede the claim",
                f"{claim.key} is superseded by {claim.superseded_by} already; supersede that one",
            )
            return
        saved: list[str] = []
        submit = self._submitter(claim.vendor, claim.key, saved)
        if self.dialogs.claim_form(self._vendor_label(claim.vendor), submit, claim):
            self._saved(claim.vendor, saved, f"supersedes {claim.key}")

    def _saved(self, vendor: str, keys: list[str], what: str) -> None:
        self.kb.show_vendors(select=vendor)
        if keys:
            self.kb.select_claim(keys[0], vendor)
            self.changed.emit(f"Claim {keys[0]} {what}")
            self.vendor_changed.emit(vendor)

    def attach_file(self) -> Operation | None:
        """Choose a document and keep it as the shown claim's evidence (copied off the GUI
        thread into the snapshot store)."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.evidence.local_files import FILE_FILTER, attach_file

        claim = self.kb.page.detail.claim
        if claim is None or self.operation is not None:
            return None
        path = self.dialogs.open_file("Attach a document the vendor sent", FILE_FILTER)
        if path is None:
            return None
        database, who = self.database, self._who()
        key, vendor = claim.key, claim.vendor
        self.operation = run_in_background(
            lambda: attach_file(database, key, path, who, vendor=vendor),
            on_success=lambda _result: self._attached(key, vendor, path.name),
            on_failure=lambda message: self.dialogs.error("Cannot attach the file", message),
            parent=self,
        )
        self.operation.finished.connect(self._ended)
        return self.operation

    def _attached(self, key: str, vendor: str, name: str) -> None:
        self.kb.reload()
        self.kb.select_claim(key, vendor)
        self.kb.show_current()
        self.changed.emit(f"{name} attached to {key}")
        self.vendor_changed.emit(vendor)

    def _ended(self) -> None:
        self.operation = None

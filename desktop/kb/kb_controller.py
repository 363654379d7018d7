"""Knowledge-base behaviour: loading claims, search as you type, filters, showing a claim,
annotations and claim edits. Talks to the core (models/) and to the page's widgets."""

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelection, QObject, Signal

from desktop.dialogs import DialogService
from desktop.kb.claims_table import ClaimFilter, ClaimsTableModel
from desktop.kb.kb_page import KnowledgeBasePage
from desktop.versioned_write import write_based_on
from models.errors import UserError
from models.kb.annotations import add_annotation, dismiss_annotation, edit_annotation
from models.kb.claim_edits import claim_history, edit_claim
from models.kb.claims import AnnotationRecord, ClaimRecord, get_claim, list_claims, search_claim_ids
from models.settings import EVIDENCE_MAX_AGE_DAYS
from models.storage.database import Database

SEARCH_LIMIT = 100_000


def _claim_fields(claim: ClaimRecord) -> dict[str, str | None]:
    return {
        "title": claim.title,
        "statement": claim.statement,
        "status": claim.status,
        "watch_out": claim.watch_out,
    }


def _note_fields(note: AnnotationRecord) -> dict[str, str | None]:
    return {
        "note": note.note,
        "disposition": note.disposition,
        "dismissed_reason": note.dismissed_reason,
    }


class KnowledgeBaseController(QObject):
    """Drives a KnowledgeBasePage.

    Signals:
        claims_loaded(int): The table was (re)filled with this many claims.
        claim_edited(str): A claim of this vendor was edited (open reviews may re-fill).
    """

    claims_loaded = Signal(int)
    claim_edited = Signal(str)

    def __init__(
        self,
        database: Database,
        page: KnowledgeBasePage,
        dialogs: DialogService,
        actor: Callable[[], str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.page = page
        self.dialogs = dialogs
        self.actor = actor
        self.model = ClaimsTableModel(self)
        self.proxy = ClaimFilter(self)
        self.proxy.setSourceModel(self.model)
        page.table.setModel(self.proxy)
        page.configure_columns()
        page.vendor.currentIndexChanged.connect(lambda _i: self.reload())
        page.search.textChanged.connect(self.search)
        page.status.currentIndexChanged.connect(
            lambda _i: self._set_status(page.status.currentData())
        )
        for flag, button in page.flag_buttons.items():
            button.toggled.connect(lambda on, f=flag: self._set_flag(f, on))
        page.table.horizontalHeader().sectionClicked.connect(self._sorted_by_user)
        page.table.selectionModel().selectionChanged.connect(self._selection_changed)
        page.detail.link_activated.connect(self.open_evidence)
        page.detail.claim_activated.connect(self._jump_to_claim)
        page.detail.note_added.connect(self.add_note)
        page.detail.note_edit_requested.connect(self.edit_note)
        page.detail.note_dismiss_requested.connect(self.dismiss_note)
        page.detail.edit_claim_requested.connect(self.edit_current_claim)
        page.detail.evidence_change_reviewed.connect(self.clear_evidence_change)

    def _jump_to_claim(self, key: str) -> None:
        shown = self.page.detail.claim
        self.select_claim(key, shown.vendor if shown is not None else None)

    def open_evidence(self, url: str) -> None:
        """Open an evidence or source link: the live page, or its local snapshot when offline
        or when Settings prefer snapshots."""
        # deferred: start-up time (issue 17)
        from desktop.network_status import is_online
        from models.evidence.offline import evidence_link

        link = evidence_link(self.database, url, online=is_online())
        if link.snapshot is not None:
            self.dialogs.open_local(link.snapshot)
        else:
            self.dialogs.open_url(link.target)

    def max_age_days(self) -> int:
        """Return the stale threshold from Settings."""
        return EVIDENCE_MAX_AGE_DAYS.read(self.database)

    def current_vendor(self) -> str | None:
        """Return the slug of the vendor the tab shows, or None for every vendor."""
        return self.page.vendor.currentData()

    def show_vendors(self, select: str | None = None) -> None:
        """Fill the vendor picker (keeping the choice, or choosing ``select``) and reload."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.kb.vendors import list_vendor_records

        chosen = select if select is not None else self.current_vendor()
        picker = self.page.vendor
        picker.blockSignals(True)
        picker.clear()
        picker.addItem("All vendors", None)
        for record in list_vendor_records(self.database):
            picker.addItem(f"{record.label} ({record.claims} claims)", record.slug)
        picker.setCurrentIndex(max(0, picker.findData(chosen)) if chosen else 0)
        picker.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Read the shown vendor's claims again, keeping the selected one selected."""
        selected = self.current_claim()
        if selected is not None and selected.vendor != (self.current_vendor() or selected.vendor):
            selected = None
        self.model.set_claims(
            list_claims(self.database, vendor=self.current_vendor()), self.max_age_days()
        )
        if self.page.search.text().strip():
            self.search(self.page.search.text())
        self._update_count()
        if selected is not None:
            self.select_claim(selected.key, selected.vendor)
        elif self.proxy.rowCount() > 0:
            self.page.table.selectRow(0)
        self.claims_loaded.emit(self.model.rowCount())

    def visible_keys(self) -> list[str]:
        """Return the keys of the claims the table shows, in display order."""
        return [self.proxy.index(row, 1).data() for row in range(self.proxy.rowCount())]

    def search(self, text: str) -> None:
        """Filter the table to claims matching ``text`` (every word; the last as a prefix)."""
        if text.strip():
            ranked = search_claim_ids(self.database, text, limit=SEARCH_LIMIT)
            self.proxy.set_search_results([claim_id for claim_id, _rank in ranked])
            self.page.table.horizontalHeader().setSortIndicatorShown(False)
        else:
            self.proxy.set_search_results(None)
        self._update_count()

    def _set_status(self, status: str | None) -> None:
        self.proxy.set_status(status)
        self._update_count()

    def _set_flag(self, flag: str, required: bool) -> None:
        self.proxy.set_flag_required(flag, required)
        self._update_count()

    def _sorted_by_user(self, _column: int) -> None:
        self.proxy.by_relevance = False
        self.page.table.horizontalHeader().setSortIndicatorShown(True)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.page.count.setText(
            f"{total} claims" if shown == total else f"{shown} of {total} claims shown"
        )
        if self.current_claim() is None:
            self.page.detail.show_empty(
                "No claim matches the search and filters."
                if shown == 0
                else "Select a claim to see its details."
            )

    def current_claim(self) -> ClaimRecord | None:
        """Return the claim selected in the table, if any."""
        rows = self.page.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.claim_at(self.proxy.mapToSource(rows[0]).row())

    def select_claim(self, key: str, vendor: str | None = None) -> None:
        """Select the claim with ``key`` (of ``vendor``: the picker follows), clearing filters
        that hide it."""
        if vendor is not None and self.current_vendor() not in (None, vendor):
            self.page.vendor.setCurrentIndex(max(0, self.page.vendor.findData(vendor)))
        row = self.model.row_of(key, vendor)
        if row is None:
            return
        source_index = self.model.index(row, 0)
        if not self.proxy.mapFromSource(source_index).isValid():
            self.page.search.clear()
            self.page.status.setCurrentIndex(0)
            for button in self.page.flag_buttons.values():
                button.setChecked(False)
        index = self.proxy.mapFromSource(source_index)
        self.page.table.selectRow(index.row())
        self.page.table.scrollTo(index)

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self.show_current()

    def show_current(self) -> None:
        """Show the selected claim, freshly read, in the detail pane."""
        claim = self.current_claim()
        if claim is None:
            self._update_count()
            return
        fresh = get_claim(self.database, claim.key, vendor=claim.vendor)
        flags = fresh.flags(max_age_days=self.max_age_days())
        self.page.detail.show_claim(fresh, flags, claim_history(self.database, fresh.key))

    def _guarded(self, title: str, action: Callable[[], object]) -> bool:
        try:
            action()
        except UserError as error:
            self.dialogs.error(title, str(error))
            return False
        return True

    def add_note(self, text: str, disposition: str) -> None:
        """Add an annotation to the shown claim by the current reviewer."""
        claim = self.page.detail.claim
        if claim is None:
            return
        if self._guarded(
            "Cannot add the note",
            lambda: add_annotation(self.database, claim.id, self.actor(), text, disposition),
        ):
            self._refresh_claim()

    def edit_note(self, annotation_id: int) -> None:
        """Ask for a note's new text and save it."""
        claim = self.page.detail.claim
        note = (
            next((n for n in claim.annotations if n.id == annotation_id), None) if claim else None
        )
        if note is None:
            return
        text = self.dialogs.ask_multiline("Edit note", "Note:", note.note)
        if text is None or text == note.note:
            return
        write_based_on(
            self.dialogs, "Cannot change the note",
            lambda base: edit_annotation(
                self.database, annotation_id, self.actor(), note=text, base_version=base
            ),
            note.version, _note_fields(note), {"note": text},
        )  # fmt: skip
        self._refresh_claim()  # what landed: the reviewer's change, or theirs when discarded

    def dismiss_note(self, annotation_id: int) -> None:
        """Ask why a note no longer applies and dismiss it."""
        claim = self.page.detail.claim
        note = (
            next((n for n in claim.annotations if n.id == annotation_id), None) if claim else None
        )
        if note is None:
            return
        reason = self.dialogs.ask_text("Dismiss note", "Why does this note no longer apply?")
        if reason is None:
            return
        write_based_on(
            self.dialogs, "Cannot dismiss the note",
            lambda base: dismiss_annotation(
                self.database, annotation_id, self.actor(), reason, base_version=base
            ),
            note.version, _note_fields(note),
            {"disposition": "dismissed", "dismissed_reason": reason},
        )  # fmt: skip
        self._refresh_claim()

    def clear_evidence_change(self, url: str) -> None:
        """Record that the reviewer looked at changed evidence, clearing its flags."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.evidence.records import clear_evidence_change

        if self._guarded(
            "Cannot clear the change",
            lambda: clear_evidence_change(self.database, url, self.actor() or "reviewer"),
        ):
            self._refresh_claim()

    def edit_current_claim(self) -> None:
        """Show the Edit claim form for the shown claim and save what changed."""
        claim = self.page.detail.claim
        if claim is None:
            return
        values = self.dialogs.edit_claim(claim)
        if values is None:
            return
        seen = _claim_fields(claim)
        # Only what the reviewer changed is written: redone on top, it keeps the rest of theirs.
        mine = {name: value for name, value in values.items() if value != (seen[name] or "")}
        if not mine:
            return
        changed: list[object] = []
        fields: dict[str, Any] = dict(mine)
        landed = write_based_on(
            self.dialogs, "Cannot save the claim",
            lambda base: changed.extend(
                edit_claim(
                    self.database, claim.id, self.actor() or "reviewer", base_version=base,
                    **fields,
                )
            ),
            claim.version, seen, mine,
        )  # fmt: skip
        self.reload()
        if landed and changed:
            self.claim_edited.emit(claim.vendor)

    def _refresh_claim(self) -> None:
        claim = self.page.detail.claim
        self.reload()
        if claim is not None:
            self.select_claim(claim.key, claim.vendor)
            self.show_current()

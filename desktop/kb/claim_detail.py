"""The claim detail pane (a view): statement, condition badges, sources, evidence links,
superseded history, annotations and the claim's change history.

It only builds widgets from a ClaimRecord and emits what the user asked for; the knowledge
base controller decides what happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.widgets.flow import FlowLayout
from desktop.widgets.text import (
    badge,
    heading,
    link_label,
    muted_label,
    plain_label,
    scaled_font,
    separator,
)
from models.kb.claim_edits import ChangeRecord
from models.kb.claims import ClaimRecord

if TYPE_CHECKING:
    from models.kb.claims import AnnotationRecord

ACCESS_BADGES = {
    "public": ("Public", "good"),
    "trust-portal": ("Gated: trust-portal account", "warn"),
    "sales-contract": ("Gated: sales contract", "warn"),
}
DEFAULT_BADGES = {
    "enabled": ("Enabled by default", "good"),
    "requires-approval": ("Requires approval", "warn"),
    "requires-configuration": ("Requires configuration", "warn"),
}
STATUS_BADGES = {
    "yes": ("Yes", "good"),
    "yes-gated": ("Yes, gated", "warn"),
    "no": ("No", "bad"),
    "unclear": ("Unclear", "muted"),
}
DISPOSITION_LABELS = {
    "confirmed": "Confirmed",
    "dismissed": "Dismissed",
    "needs-verification": "Needs verification",
}


def condition_badges(claim: ClaimRecord, flags: list[str]) -> list[tuple[str, str]]:
    """Return (text, tone) for every badge a claim shows, status first."""
    conditions = claim.conditions
    badges = [STATUS_BADGES.get(claim.status, (claim.status, "muted"))]
    if conditions.get("access") in ACCESS_BADGES:
        badges.append(ACCESS_BADGES[conditions["access"]])
    if conditions.get("default") in DEFAULT_BADGES:
        badges.append(DEFAULT_BADGES[conditions["default"]])
    for scope in conditions.get("scope") or []:
        badges.append((f"Scope: {scope}", "info"))
    if "superseded" in flags:
        badges.append(("Superseded", "bad"))
    if "stale" in flags:
        badges.append(("Stale" if claim.as_of else "Undated", "warn"))
    if "evidence-changed" in flags:
        badges.append(("Evidence changed", "warn"))
    return badges


class ClaimDetail(QScrollArea):
    """Shows one claim. Plain-text everywhere; links are emitted, never opened here.

    Signals:
        link_activated(str): An evidence or source URL was clicked.
        claim_activated(str): A superseding/superseded claim key was clicked.
        edit_claim_requested(): The user wants to edit the claim.
        note_added(str, str): Note text and disposition from the add-note form.
        note_edit_requested(int): Edit the annotation with this id.
        note_dismiss_requested(int): Dismiss the annotation with this id.
        evidence_change_reviewed(str): The reviewer has looked at this changed evidence URL.
        supersede_requested(): Supersede with a newer claim was clicked.
        attach_requested(): Attach file was clicked.
    """

    link_activated = Signal(str)
    claim_activated = Signal(str)
    edit_claim_requested = Signal()
    note_added = Signal(str, str)
    note_edit_requested = Signal(int)
    note_dismiss_requested = Signal(int)
    evidence_change_reviewed = Signal(str)
    supersede_requested = Signal()
    attach_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.claim: ClaimRecord | None = None
        self.annotations_heading: QLabel | None = None
        self.note_editor = QPlainTextEdit()
        self.note_editor.setPlaceholderText("Add a note for other reviewers…")
        self.note_editor.setTabChangesFocus(True)
        self.disposition = QComboBox()
        for disposition, label in DISPOSITION_LABELS.items():
            self.disposition.addItem(label, disposition)
        self.disposition.setCurrentIndex(self.disposition.findData("needs-verification"))
        self.add_note_button = QPushButton("Add note")
        self.add_note_button.clicked.connect(self._emit_note)
        self.edit_button = QPushButton("Edit claim…")
        self.edit_button.clicked.connect(self.edit_claim_requested)
        self.supersede_button = QPushButton("Supersede with a newer claim…")
        self.supersede_button.setToolTip("The old claim stays as history, linked to the new one")
        self.supersede_button.clicked.connect(self.supersede_requested)
        self.attach_button = QPushButton("Attach file…")
        self.attach_button.setToolTip("Keep a document the vendor sent as this claim's evidence")
        self.attach_button.clicked.connect(self.attach_requested)
        self.show_empty()

    def show_empty(self, message: str = "Select a claim to see its details.") -> None:
        """Show a hint instead of a claim."""
        self.claim = None
        self._detach_kept()
        page = QWidget()
        layout = QVBoxLayout(page)
        hint = muted_label(message)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self._replace(page)

    def _detach_kept(self) -> None:
        # The form widgets outlive each rebuilt page; take them out before the page goes.
        for keep in (
            self.note_editor, self.disposition, self.add_note_button, self.edit_button,
            self.supersede_button, self.attach_button,
        ):  # fmt: skip
            keep.setParent(None)

    def _replace(self, page: QWidget) -> None:
        old = self.takeWidget()
        if old is not None:
            old.hide()
            old.deleteLater()
        self.setWidget(page)

    def show_claim(self, claim: ClaimRecord, flags: list[str], history: list[ChangeRecord]) -> None:
        """Rebuild the pane for ``claim``."""
        self.claim = claim
        self._detach_kept()
        page = QWidget()
        page.setObjectName("claimDetail")
        layout = QVBoxLayout(page)
        spacing = layout.spacing()
        layout.setSpacing(int(spacing * 1.5) if spacing > 0 else 9)

        title_row = QHBoxLayout()
        title = heading(claim.title, factor=1.45)
        title_row.addWidget(title, 1)
        title_row.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        actions_row = QHBoxLayout()
        actions_row.addStretch(1)
        actions_row.addWidget(self.attach_button)
        actions_row.addWidget(self.supersede_button)
        self.supersede_button.setEnabled(not claim.is_superseded)
        layout.addLayout(actions_row)
        as_of = claim.as_of.isoformat() if claim.as_of else "undated"
        layout.addWidget(muted_label(f"{claim.vendor} · {claim.key} · as of {as_of}"))

        badges = QWidget()
        flow = FlowLayout(badges)
        for text, tone in condition_badges(claim, flags):
            flow.addWidget(badge(text, tone))
        layout.addWidget(badges)

        if claim.watch_out:
            layout.addWidget(self._watch_out(claim.watch_out))
        layout.addWidget(plain_label(claim.statement))
        self._add_conditions(layout, claim)
        self._add_supersession(layout, claim)
        self._add_sources(layout, claim)
        self._add_evidence(layout, claim)
        self._add_annotations(layout, claim)
        self._add_history(layout, claim, history)
        layout.addStretch(1)
        self._replace(page)

    def _watch_out(self, text: str) -> QFrame:
        frame = QFrame()
        frame.setObjectName("watchOut")
        frame.setStyleSheet(
            "QFrame#watchOut { background: #fbe9c6; border-left: 0.3em solid #d08a00;"
            " border-radius: 0.3em; } QFrame#watchOut QLabel { color: #4d3200; }"
        )
        box = QVBoxLayout(frame)
        label = QLabel("Watch-out")
        label.setFont(scaled_font(label, 1.0, bold=True))
        box.addWidget(label)
        box.addWidget(plain_label(text))
        return frame

    def _section(self, layout: QVBoxLayout, title: str) -> None:
        layout.addWidget(separator())
        layout.addWidget(heading(title))

    def _add_conditions(self, layout: QVBoxLayout, claim: ClaimRecord) -> None:
        criteria = claim.conditions.get("criteria") or []
        attributes = claim.conditions.get("attributes") or {}
        if not criteria and not attributes:
            return
        self._section(layout, "Conditions")
        if criteria:
            layout.addWidget(plain_label("Criteria: " + ", ".join(str(c) for c in criteria)))
        for name, value in attributes.items():
            if isinstance(value, bool):
                shown = "yes" if value else "no"
            elif isinstance(value, list):
                shown = ", ".join(str(v) for v in value)
            else:
                shown = str(value)
            layout.addWidget(plain_label(f"{str(name).replace('_', ' ').capitalize()}: {shown}"))

    def _add_supersession(self, layout: QVBoxLayout, claim: ClaimRecord) -> None:
        if not claim.superseded_by and not claim.supersedes:
            return
        self._section(layout, "History of this statement")
        if claim.superseded_by:
            row = QHBoxLayout()
            row.addWidget(plain_label("Superseded by a newer source:", wrap=False))
            link = link_label(claim.superseded_by, claim.superseded_by)
            link.linkActivated.connect(self.claim_activated)
            row.addWidget(link, 1)
            layout.addLayout(row)
        for older in claim.supersedes:
            row = QHBoxLayout()
            row.addWidget(plain_label("Replaces the older claim:", wrap=False))
            link = link_label(older, older)
            link.linkActivated.connect(self.claim_activated)
            row.addWidget(link, 1)
            layout.addLayout(row)

    def _add_sources(self, layout: QVBoxLayout, claim: ClaimRecord) -> None:
        if not claim.sources:
            return
        self._section(layout, "Sources")
        for source in claim.sources:
            when = source.published.isoformat() if source.published else "undated"
            redundant = (
                not source.date_note or when in source.date_note or (source.date_note == "undated")
            )
            note = "" if redundant else f" ({source.date_note})"
            if source.url:
                link = link_label(f"{source.title} — {when}{note}", source.url)
                link.linkActivated.connect(self.link_activated)
                layout.addWidget(link)
            else:
                layout.addWidget(plain_label(f"{source.title} — {when}{note}"))

    def _add_evidence(self, layout: QVBoxLayout, claim: ClaimRecord) -> None:
        if not claim.evidence:
            return
        self._section(layout, "Evidence")
        for item in claim.evidence:
            link = link_label(item.title or item.describe(), item.url)
            link.linkActivated.connect(self.link_activated)
            layout.addWidget(link)
            if item.is_local:
                checked = item.describe()
            else:
                checked = (
                    f"checked {item.last_checked:%Y-%m-%d}"
                    if item.last_checked
                    else "not checked yet"
                )
            facts = [item.kind, item.access, checked]
            if item.http_status:
                facts.append(f"HTTP {item.http_status}")
            if item.changed:
                facts.append("content changed since the last check")
            if item.error:
                facts.append(item.error)
            layout.addWidget(muted_label(" · ".join(facts)))
            if item.changed:
                reviewed = QPushButton("I have looked at the change")
                reviewed.setObjectName(f"reviewedEvidence{item.id}")
                reviewed.setToolTip(
                    "The current snapshot becomes the reference; the change flag leaves this "
                    "evidence, its claims and open answers"
                )
                reviewed.clicked.connect(
                    lambda _=False, url=item.url: self.evidence_change_reviewed.emit(url)
                )
                row = QHBoxLayout()
                row.addWidget(badge("Changed since the last check", "warn"))
                row.addStretch(1)
                row.addWidget(reviewed)
                layout.addLayout(row)

    def _add_annotations(self, layout: QVBoxLayout, claim: ClaimRecord) -> None:
        self.annotations_heading = heading(f"Annotations ({len(claim.annotations)})")
        layout.addWidget(separator())
        layout.addWidget(self.annotations_heading)
        for note in claim.annotations:
            layout.addWidget(self._annotation_card(note))
        self.note_editor.clear()
        self.note_editor.setMaximumHeight(self.fontMetrics().lineSpacing() * 5)
        layout.addWidget(self.note_editor)
        form = QHBoxLayout()
        form.addStretch(1)
        form.addWidget(self.disposition)
        form.addWidget(self.add_note_button)
        layout.addLayout(form)

    def _annotation_card(self, note: AnnotationRecord) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        box = QVBoxLayout(card)
        top = QHBoxLayout()
        disposition = DISPOSITION_LABELS.get(note.disposition, note.disposition)
        tone = {"confirmed": "good", "dismissed": "muted"}.get(note.disposition, "warn")
        top.addWidget(badge(disposition, tone))
        top.addWidget(muted_label(f"{note.author} · {note.created.isoformat()}"), 1)
        box.addLayout(top)
        box.addWidget(plain_label(note.note))
        if note.dismissed_reason:
            box.addWidget(muted_label(f"Dismissed because: {note.dismissed_reason}"))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        edit = QPushButton("Edit…")
        edit.setObjectName(f"editNote{note.id}")
        edit.clicked.connect(lambda _=False, i=note.id: self.note_edit_requested.emit(i))
        buttons.addWidget(edit)
        if note.disposition != "dismissed":
            dismiss = QPushButton("Dismiss…")
            dismiss.setObjectName(f"dismissNote{note.id}")
            dismiss.clicked.connect(lambda _=False, i=note.id: self.note_dismiss_requested.emit(i))
            buttons.addWidget(dismiss)
        box.addLayout(buttons)
        card.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        return card

    def _add_history(
        self, layout: QVBoxLayout, claim: ClaimRecord, history: list[ChangeRecord]
    ) -> None:
        self._section(layout, "Changes")
        layout.addWidget(
            muted_label(f"Last changed by {claim.updated_by} on {claim.updated_at:%Y-%m-%d %H:%M}")
        )
        for change in history[:20]:
            layout.addWidget(
                plain_label(f"{change.at:%Y-%m-%d %H:%M} · {change.actor} · {change.describe()}")
            )

    def _emit_note(self) -> None:
        self.note_added.emit(self.note_editor.toPlainText(), self.disposition.currentData())

"""Export a review as a signed PDF evidence pack, and verify a pack — from the summary.

The passphrase is asked for, held in memory for the export only, and passed to
``exports.identity.open_identity`` on the worker thread; it is never stored. Without an
identity the reviewer may export an unsigned draft (every page marked DRAFT) after confirming.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.progress_runner import ProgressRunner
from models.settings import REVIEWER_NAME, REVIEWER_ORGANISATION, SIGNING_IDENTITY, SIGNING_TSA_URL
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.dialogs import DialogService
    from desktop.operations import Operation
    from exports.identity import Identity
    from exports.pack import PackResult
    from exports.verify import VerificationReport

PDF_FILTER = "PDF evidence packs (*.pdf)"


def suggested_file_name(title: str) -> str:
    """Return a safe file name for a pack from the review's title."""
    stem = re.sub(r"[^\w\-]+", "-", title.strip().lower()).strip("-") or "evidence-pack"
    return f"{stem[:80]}.pdf"


def signing_key_path(database: Database) -> Path | None:
    """Return the identity to sign with: the Settings slot, else the configured identity."""
    # deferred: start-up time (loaded on first use, not when the window opens)
    from exports.identity import configured_identity

    slot = SIGNING_IDENTITY.read(database).strip()
    if slot:
        return Path(slot).expanduser()
    configured = configured_identity(database.data_dir)
    return configured.key_path if configured is not None else None


class PackActions(QObject):
    """Runs exports and verifications behind a progress dialog.

    Signals:
        exported(object): The PackResult of a finished export.
        verified(object): The VerificationReport of a finished check.
        identity_created(object): The Identity made by ``create_identity``.
    """

    exported = Signal(object)
    verified = Signal(object)
    identity_created = Signal(object)

    def __init__(self, database: Database, dialogs: DialogService, window: QWidget) -> None:
        super().__init__(window)
        self.database = database
        self.dialogs = dialogs
        self.runner = ProgressRunner(dialogs, window)

    def export(self, review_id: int, title: str) -> None:
        """Ask where to write the pack and how to sign it, then build it."""
        if self.runner.busy:
            return
        out_path = self.dialogs.save_file(
            "Export evidence pack", suggested_file_name(title), PDF_FILTER
        )
        if out_path is None:
            return
        if out_path.suffix.lower() != ".pdf":
            out_path = out_path.with_name(out_path.name + ".pdf")
        key_path = signing_key_path(self.database)
        passphrase = None
        if key_path is None:
            if not self.dialogs.confirm(
                "No signing identity",
                "No signing identity is set up (Settings → Signing identity, or "
                "`ddq identity create`). Export an unsigned draft marked DRAFT instead?",
            ):
                return
        else:
            passphrase = self.dialogs.ask_password(
                "Sign the evidence pack", f"Passphrase for {key_path.name}:"
            )
            if passphrase is None:
                return
        database = self.database
        tsa_url = SIGNING_TSA_URL.read(database).strip() if key_path else ""

        def steps(_operation: Operation[PackResult]) -> PackResult | Iterator[Any]:
            # deferred: start-up time (loaded on first use, not when the window opens)
            from exports.identity import open_identity
            from exports.pack import build_pack

            signer = (
                open_identity(key_path, passphrase)
                if key_path is not None and passphrase is not None
                else None
            )
            return build_pack(
                database,
                review_id,
                out_path,
                signer=signer,
                unsigned=signer is None,
                tsa_url=tsa_url or None,
            )

        self.runner.start(
            "Export evidence pack", "Preparing the pack…", steps, self._exported,
            "Cannot export the pack",
        )  # fmt: skip

    def _exported(self, result: PackResult) -> None:
        signed = f"signed by {result.signer}" if result.signed else "unsigned draft"
        self.dialogs.info(
            "Evidence pack exported",
            f"{result.path}\n{result.pages} pages, {result.answers} answers, {signed}.\n"
            f"SHA-256 {result.sha256}",
        )
        self.exported.emit(result)

    def create_identity(self) -> None:
        """Make a key pair and self-signed certificate for this data directory's packs."""
        # deferred: start-up time (loaded on first use, not when the window opens)
        from exports.identity import configured_identity

        if self.runner.busy:
            return
        existing = configured_identity(self.database.data_dir)
        if existing is not None and not self.dialogs.confirm(
            "Replace the signing identity?",
            f"This data directory already signs as {existing.name}. Packs signed with it stay "
            "verifiable with its certificate. Make a new identity anyway?",
        ):
            return
        name = self.dialogs.ask_text(
            "Create signing identity",
            "Name on the certificate:",
            REVIEWER_NAME.read(self.database),
        )
        if name is None:
            return
        passphrase = self.dialogs.ask_password(
            "Create signing identity", "Passphrase to protect the key (8 characters or more):"
        )
        if passphrase is None:
            return
        if self.dialogs.ask_password("Create signing identity", "The passphrase again:") != (
            passphrase
        ):
            self.dialogs.error("Create signing identity", "The passphrases differ; nothing made.")
            return
        organisation = REVIEWER_ORGANISATION.read(self.database)
        data_dir = self.database.data_dir

        def make(_operation: Operation[Identity]) -> Identity:
            # deferred: start-up time (loaded on first use, not when the window opens)
            from exports.identity import create_identity

            return create_identity(
                data_dir, name, passphrase, organisation=organisation, replace=existing is not None
            )

        self.runner.start(
            "Create signing identity", "Generating a key pair…", make, self._identity_made,
            "Cannot create the identity",
        )  # fmt: skip

    def _identity_made(self, identity: Identity) -> None:
        self.dialogs.info(
            "Signing identity created",
            f"Packs will be signed as {identity.name}. Give whoever verifies them the "
            f"certificate {identity.certificate_path}",
        )
        self.identity_created.emit(identity)

    def verify(self) -> None:
        """Ask for a pack and check its signature offline."""
        if self.runner.busy:
            return
        path = self.dialogs.open_file("Verify an evidence pack", PDF_FILTER)
        if path is None:
            return

        def check(_operation: Operation[VerificationReport]) -> VerificationReport:
            # deferred: start-up time (loaded on first use, not when the window opens)
            from exports.verify import verify_pack

            return verify_pack(path)

        self.runner.start(
            "Verify evidence pack", "Checking the signature…", check, self._verified,
            "Cannot verify the pack",
        )  # fmt: skip

    def _verified(self, report: VerificationReport) -> None:
        text = "\n".join(report.summary) or str(report.path)
        if report.exit_code == 0:
            self.dialogs.info("Pack verified", text)
        elif report.exit_code == 2:
            self.dialogs.error("Pack is not signed", text)
        else:
            self.dialogs.error("Pack did not verify", text)
        self.verified.emit(report)

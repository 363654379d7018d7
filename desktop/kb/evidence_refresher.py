"""Refreshing evidence from the knowledge base view, with progress and Cancel.

This is the only place the app reaches the network, and only when the reviewer asks for it;
start-up and reviews never fetch anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.progress_runner import ProgressRunner
from models.storage.database import Database

if TYPE_CHECKING:
    from desktop.dialogs import DialogService
    from desktop.operations import Operation
    from models.evidence.refresh import ItemResult


class EvidenceRefresher(QObject):
    """Runs ``models.evidence.refresh.refresh_evidence`` behind a progress dialog.

    Signals:
        refreshed(str): The one-line summary, after a full or cancelled refresh.
    """

    refreshed = Signal(str)

    def __init__(
        self,
        database: Database,
        dialogs: DialogService,
        window: QWidget,
        actor: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self.database = database
        self.actor = actor
        self.runner = ProgressRunner(dialogs, window)
        self._items: list[ItemResult] = []
        self._total = 0

    def refresh(self, url_prefix: str | None = None) -> None:
        """Check every evidence link again (gated ones are only counted).

        Args:
            url_prefix: Only links starting with this text (the UI refreshes everything).
        """
        if self.runner.busy:
            return
        database, actor = self.database, self.actor() or "refresh"
        self._items, self._total = [], 0

        def steps(operation: Operation[str]) -> Iterator[Any]:
            # deferred: start-up time (loaded on first use, not when the window opens)
            from models.evidence.refresh import refresh_evidence, select_evidence, summarise

            targets = select_evidence(database, url_prefix=url_prefix)
            self._total = len(targets)
            yield 0, len(targets), None
            for step in refresh_evidence(
                database, targets, cancel=operation.cancel_event, actor=actor
            ):
                self._items.append(step.item)
                yield step.done, step.total, None
            yield len(targets), len(targets), summarise(self._items, len(targets))

        self.runner.start(
            "Refresh evidence", "Checking evidence links…", steps, self._done,
            "Cannot refresh the evidence", self._cancelled,
        )  # fmt: skip

    def _done(self, summary: object) -> None:
        self.refreshed.emit(str(summary))

    def _cancelled(self) -> None:
        # deferred: start-up time (loaded on first use, not when the window opens)
        from models.evidence.refresh import summarise

        self.refreshed.emit(summarise(list(self._items), self._total))

"""Run one background Operation behind a progress dialog with Cancel; report its failure in a
dialog. Each feature (new review, export, evidence refresh) is a few lines on top of this."""

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.operations import Operation
from desktop.widgets.progress import ProgressDialog

T = TypeVar("T")


class ProgressRunner(QObject):
    """Runs at most one operation at a time for a window.

    Signals:
        ended(): The current operation is over, whatever its outcome.
    """

    ended = Signal()

    def __init__(self, dialogs: Any, window: QWidget) -> None:
        super().__init__(window)
        self.dialogs = dialogs
        self.window = window
        self.operation: Operation[Any] | None = None
        self.progress: ProgressDialog | None = None

    @property
    def busy(self) -> bool:
        """True while an operation runs."""
        return self.operation is not None and self.operation.running

    def start(
        self,
        title: str,
        text: str,
        work: Callable[[Operation[T]], T | Iterator[Any]],
        on_success: Callable[[T], None],
        failure_title: str,
        on_cancel: Callable[[], None] | None = None,
    ) -> Operation[T]:
        """Show the progress dialog and start ``work(operation)`` off the GUI thread.

        Args:
            title: The dialog's title.
            text: What is happening, e.g. "Auto-filling answers…".
            work: Receives the Operation (for its ``cancel_event``) and returns the result or
                a progress-yielding generator.
            on_success: Called on the GUI thread with the result.
            failure_title: Title of the error dialog if the work fails.
            on_cancel: Called on the GUI thread if the user cancelled.
        """
        self.progress = ProgressDialog(title, text, self.window)
        operation: Operation[T] = Operation(lambda: work(operation), self)
        self.operation = operation
        operation.progress.connect(self._on_progress)
        operation.stage.connect(self._on_stage)
        operation.on_success(on_success)
        operation.failed.connect(lambda message: self._failed(failure_title, message))
        if on_cancel is not None:
            operation.cancelled.connect(on_cancel)
        operation.finished.connect(self._finished)
        self.progress.canceled.connect(operation.cancel)
        self.progress.open()
        return operation.start()

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.set_progress(done, total)

    def _on_stage(self, text: str) -> None:
        if self.progress is not None:
            self.progress.set_stage(text)

    def _failed(self, title: str, message: str) -> None:
        self._close()
        self.dialogs.error(title, message)

    def _finished(self) -> None:
        self._close()
        if self.operation is not None:
            self.operation.deleteLater()  # its signals have all been delivered by now
            self.operation = None
        self.ended.emit()

    def _close(self) -> None:
        if self.progress is not None:
            self.progress.finish()
            self.progress = None

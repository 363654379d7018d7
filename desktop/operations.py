"""The one wrapper for work that must not block the GUI thread.

An :class:`Operation` runs a plain function, or a generator that yields progress, on a worker
thread of a private QThreadPool. Results, errors and progress come back as signals emitted on
the GUI thread, so callers connect them straight to widget code. A generator yields
``(done, total)`` or ``(done, total, value)`` tuples, or objects with ``done`` and ``total``
attributes (and optionally ``stage`` text and a ``result``); the last non-None value or
result it yields (or a plain function's return value) is the result: an ``Operation[T]``
hands its ``on_success`` callbacks a ``T``, so a feature's result handler is typed (``T`` is
read from the callback when the work is a generator). ``cancel()`` asks the
worker to stop at the next yield: the generator is closed there and ``cancelled`` is emitted
instead of ``succeeded``.

The worker never touches a widget: it only emits the relay's signals, which Qt queues to the
Operation living on the GUI thread.
"""

import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from models.errors import UserError

T = TypeVar("T")
# What background work is: a plain function returning its result, or one returning a generator
# that yields progress steps and, last, the result.
Work = Callable[[], T | Iterator[Any]]

_POOL: QThreadPool | None = None
_RUNNING: set["Operation[Any]"] = set()


def _pool() -> QThreadPool:
    global _POOL
    if _POOL is None:
        _POOL = QThreadPool()
        _POOL.setMaxThreadCount(2)
    return _POOL


def wait_for_operations(timeout_ms: int = 30_000) -> bool:
    """Block until every background operation has ended (app shutdown and test teardown).

    Returns:
        True when all workers finished within ``timeout_ms``.
    """
    for operation in list(_RUNNING):
        operation.cancel()
    return _pool().waitForDone(timeout_ms) if _POOL is not None else True


class _Relay(QObject):
    """Signals emitted from the worker thread; delivered queued to the GUI thread."""

    progress = Signal(int, int)
    stage = Signal(str)
    done = Signal(object)
    error = Signal(object)
    stopped = Signal()


class _Runner(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, cancel_event: threading.Event):
        super().__init__()
        self._work = work
        self._relay = relay
        self._cancel = cancel_event

    def run(self) -> None:
        try:
            outcome = self._work()
            if isinstance(outcome, Iterator):
                outcome = self._drain(outcome)
                if outcome is _CANCELLED:
                    self._relay.stopped.emit()
                    return
            self._relay.done.emit(outcome)
        except BaseException as error:  # every failure must reach the GUI, never kill Qt
            if not isinstance(error, UserError):
                traceback.print_exc()  # a bug, not bad input: keep the details for a report
            self._relay.error.emit(error)

    def _drain(self, steps: Iterator[Any]) -> Any:
        result = None
        try:
            for step in steps:
                if self._cancel.is_set():
                    return _CANCELLED
                if isinstance(step, tuple) and len(step) >= 2:
                    self._relay.progress.emit(int(step[0]), int(step[1]))
                    if len(step) >= 3 and step[2] is not None:
                        result = step[2]
                elif hasattr(step, "done") and hasattr(step, "total"):
                    self._relay.progress.emit(int(step.done), int(step.total))
                    if getattr(step, "stage", None):
                        self._relay.stage.emit(str(step.stage))
                    if getattr(step, "result", None) is not None:
                        result = step.result
                elif step is not None:
                    result = step
            return result
        finally:
            close = getattr(steps, "close", None)
            if close is not None:
                close()


_CANCELLED = object()


class Operation(QObject, Generic[T]):
    """A unit of background work and its outcome, reported on the GUI thread.

    Signals:
        progress(int, int): ``(done, total)`` as the generator yields them.
        stage(str): What the work is doing now, when its steps say.
        succeeded(object): The result, once the work finished.
        failed(str): A one-line message; UserError text as is, anything else summarised.
        cancelled(): The work stopped at a ``cancel()`` request.
        finished(): Emitted last, whatever the outcome.
    """

    progress = Signal(int, int)
    stage = Signal(str)
    succeeded = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, work: Work[T], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._relay = _Relay()
        self._relay.progress.connect(self._on_progress)
        self._relay.stage.connect(self._on_stage)
        self._relay.done.connect(self._on_done)
        self._relay.error.connect(self._on_error)
        self._relay.stopped.connect(self._on_stopped)
        self.running = False
        self.error: BaseException | None = None

    def start(self) -> "Operation[T]":
        """Queue the work on the worker pool; returns self for chaining."""
        self.running = True
        _RUNNING.add(self)
        _pool().start(_Runner(self._work, self._relay, self._cancel))
        return self

    def on_success(self, callback: Callable[[T], None]) -> None:
        """Call ``callback`` on the GUI thread with the result once the work finished."""
        self.succeeded.connect(callback)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress step."""
        self._cancel.set()

    @property
    def cancel_event(self) -> threading.Event:
        """The event ``cancel()`` sets; work that polls its own cancel hook can take it."""
        return self._cancel

    @property
    def cancel_requested(self) -> bool:
        """True once ``cancel()`` was called."""
        return self._cancel.is_set()

    def _end(self) -> None:
        self.running = False
        _RUNNING.discard(self)
        self.finished.emit()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(str)
    def _on_stage(self, text: str) -> None:
        self.stage.emit(text)

    @Slot(object)
    def _on_done(self, result: object) -> None:
        self.succeeded.emit(result)
        self._end()

    @Slot(object)
    def _on_error(self, error: BaseException) -> None:
        self.error = error
        if isinstance(error, UserError):
            message = str(error)
        else:
            message = f"{type(error).__name__}: {error}".strip()
        self.failed.emit(message)
        self._end()

    @Slot()
    def _on_stopped(self) -> None:
        self.cancelled.emit()
        self._end()


def run_in_background(
    work: Work[T],
    *,
    on_success: Callable[[T], None] | None = None,
    on_failure: Callable[[str], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    parent: QObject | None = None,
) -> Operation[T]:
    """Start ``work`` off the GUI thread and wire the callbacks; return the Operation.

    Args:
        work: A no-argument function, or one returning a progress-yielding generator.
        on_success: Called on the GUI thread with the result.
        on_failure: Called on the GUI thread with a one-line message.
        on_progress: Called on the GUI thread with ``(done, total)``.
        parent: Owner of the Operation object (keeps it alive with its widget).
    """
    operation: Operation[T] = Operation(work, parent)
    if on_success is not None:
        operation.on_success(on_success)
    if on_failure is not None:
        operation.failed.connect(on_failure)
    if on_progress is not None:
        operation.progress.connect(on_progress)
    return operation.start()

"""The background-operation wrapper: progress, result, failure and cancel on the GUI thread."""

import threading

import pytest
from PySide6.QtCore import QThread

from desktop.operations import Operation, run_in_background, wait_for_operations
from models.errors import UserError

pytestmark = pytest.mark.gui


def test_generator_progress_and_result_arrive_on_the_gui_thread(qtbot) -> None:
    gui_thread = QThread.currentThread()
    seen: list[tuple[int, int, bool]] = []
    worker_threads: list[int] = []

    def steps():
        worker_threads.append(threading.get_ident())
        for done in range(1, 4):
            yield done, 3, None
        yield 3, 3, "review 7"

    operation = Operation(steps)
    operation.progress.connect(
        lambda done, total: seen.append((done, total, QThread.currentThread() is gui_thread))
    )
    with qtbot.waitSignal(operation.succeeded, timeout=10_000) as blocker:
        operation.start()
    assert blocker.args == ["review 7"]
    assert seen[:3] == [(1, 3, True), (2, 3, True), (3, 3, True)]
    assert worker_threads and worker_threads[0] != threading.get_ident()
    assert wait_for_operations()


def test_failure_is_one_line(qtbot) -> None:
    def broken() -> None:
        raise UserError("broken.xlsx: not a workbook")

    with qtbot.waitSignal(run_in_background(broken).failed, timeout=10_000) as blocker:
        pass
    assert blocker.args == ["broken.xlsx: not a workbook"]
    assert wait_for_operations()


def test_cancel_stops_the_generator_and_closes_it(qtbot) -> None:
    release = threading.Event()
    closed = threading.Event()

    def steps():
        try:
            yield 1, 100, None
            release.wait(10)
            for done in range(2, 101):
                yield done, 100, None
        finally:
            closed.set()

    operation = Operation(steps)
    results: list[object] = []
    operation.succeeded.connect(results.append)
    with qtbot.waitSignal(operation.progress, timeout=10_000):
        operation.start()
    operation.cancel()
    release.set()
    with qtbot.waitSignal(operation.cancelled, timeout=10_000):
        pass
    assert closed.is_set() and results == []
    assert not operation.running
    assert wait_for_operations()

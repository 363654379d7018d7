"""Garbage collection on the GUI thread only.

Python's cyclic collector runs in whichever thread happens to allocate when a threshold is
reached. If that is a worker (a pack being signed, evidence being fetched) and the garbage
holds a Qt object, its C++ destructor runs outside the GUI thread, which Qt does not allow:
the process crashes, at a random place in the worker's code (seen as a segmentation fault
inside fontTools while a pack was signed). As qutebrowser does, automatic collection is
switched off and the GUI thread collects on a timer, a generation at a time, when the
counts pass the interpreter's own thresholds.
"""

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 1000


class MainThreadCollector(QObject):
    """Collects garbage on the thread it lives on (the GUI thread), never on a worker."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        """Switch automatic collection off and start collecting on the timer."""
        gc.disable()
        self._timer.start()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold; return it (-1: none).

        Returns:
            The generation collected, or -1 when nothing was due.
        """
        threshold = gc.get_threshold()
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > threshold[generation]:
                gc.collect(generation)
                return generation
        return -1

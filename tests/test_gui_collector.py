"""Garbage is collected on the GUI thread only (desktop/collector.py)."""

import gc

from PySide6.QtCore import QObject

from desktop.collector import MainThreadCollector


class _Cycle:
    def __init__(self) -> None:
        self.me = self
        self.qt = QObject()


def test_the_collector_switches_automatic_collection_off_and_collects_when_due(qapp) -> None:
    collector = MainThreadCollector()
    was_enabled = gc.isenabled()
    try:
        collector.start()
        assert not gc.isenabled()
        gc.collect()
        for _ in range(gc.get_threshold()[0] + 10):
            _Cycle()
        assert gc.get_count()[0] > gc.get_threshold()[0]
        assert collector.collect_due() >= 0
        assert gc.get_count()[0] <= gc.get_threshold()[0]
        assert collector.collect_due() == -1
    finally:
        collector._timer.stop()
        if was_enabled:
            gc.enable()

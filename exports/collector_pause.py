"""Python's cyclic garbage collector paused while a pack is laid out and signed.

An export allocates a few hundred thousand short-lived objects (paragraphs, line fragments,
PDF objects, the stamp font's glyphs). Nearly all are freed by reference counting as soon as
their page is drawn, but while they are alive they push the collector past its thresholds
some hundred times per export, and about once per export into a full collection that walks
every object of the process (the ORM, the knowledge base, the libraries: about 190,000 in
``ddq export``), 80–160 ms of a 0.6 s export, which the bare reportlab + pyHanko floor never
pays. Paused, the same garbage is collected by the first collection after the export.

The pause nests and may be taken by several threads at once: the collector is switched back
on when the last pause ends, and only if it was on when the first began (the desktop app
keeps automatic collection off and collects on the GUI thread, see ``desktop.collector``).
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class _PauseState:
    """How many pauses are open, and whether the collector was on before the first."""

    depth = 0
    was_enabled = False


_lock = threading.Lock()
_state = _PauseState()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Keep automatic garbage collection off inside the ``with`` block."""
    with _lock:
        if _state.depth == 0:
            _state.was_enabled = gc.isenabled()
            gc.disable()
        _state.depth += 1
    try:
        yield
    finally:
        with _lock:
            _state.depth -= 1
            if _state.depth == 0 and _state.was_enabled:
                gc.enable()

"""What the export's speed-ups must not change: the pages a long table makes, and the
collector's state after an export."""

import gc
import io
import threading

import pytest
from reportlab import rl_config
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from exports.collector_pause import collector_paused
from exports.pack_paragraph import PackParagraph
from exports.pack_styles import CONTENT_WIDTH, styles
from exports.pack_table import PackTable


def _long_table_pdf(table_class: type[Table]) -> bytes:
    """A 400-row table over many pages: title rows spanning both columns, and one cell
    taller than a page (split inside the row), laid out in reportlab's invariant mode."""
    s = styles()
    rows: list[list[object]] = [[PackParagraph("What happened", s["cell-bold"]), "Event"]]
    commands: list[tuple[object, ...]] = []
    for number in range(200):
        commands.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        rows.append([PackParagraph(f"Group {number}: a title across the table", s["cell"]), ""])
        text = "A reviewer changed the answer and wrote why. " * (1 + number % 9)
        if number == 120:
            text = "A cell taller than a page. " * 900
        rows.append([PackParagraph(text, s["cell"]), PackParagraph(f"#{number}", s["cell"])])
    table = table_class(rows, colWidths=[CONTENT_WIDTH - 50, 50], repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle([*commands, ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer).build([table])
    return buffer.getvalue()


def test_a_pack_table_breaks_pages_exactly_as_reportlab_does(monkeypatch) -> None:
    monkeypatch.setattr(rl_config, "invariant", 1)
    ours = _long_table_pdf(PackTable)
    assert ours.count(b"/Type /Page\n") > 10
    assert ours == _long_table_pdf(Table)


@pytest.fixture
def collector_on():
    """Automatic collection on for the test (the suite runs with it off, see conftest)."""
    was_enabled = gc.isenabled()
    gc.collect()  # on this (the main) thread: nothing left for a worker thread to collect
    gc.enable()
    yield
    if not was_enabled:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_comes_back_after_nested_and_failed_pauses() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError("an export failed")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_pause_in_another_thread_does_not_end_this_one() -> None:
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    worker = threading.Thread(target=other)
    with collector_paused():
        worker.start()
        inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause is still open
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    was_enabled = gc.isenabled()
    gc.disable()  # as the desktop app runs: it collects on the GUI thread itself
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        if was_enabled:
            gc.enable()

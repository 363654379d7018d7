"""The guided review never waits on the database lock another process holds (issue 14).

A real second process takes the write lock (``BEGIN IMMEDIATE``) and keeps it while the
reviewer moves to the next question and types an answer: the window goes on handling events,
shows "Saving…", and the changes land once the other process lets go.
"""

import itertools
import sqlite3
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from tests.gui_helpers import open_desk
from tests.review_factory import make_review
from tests.test_locking import write_lock_held

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = [pytest.mark.gui, pytest.mark.usefixtures("seeded")]

TYPED = "Typed while another process holds the database lock."


def _stored(db: Path, review_id: int, answer_id: int) -> tuple[int, str]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        position = connection.execute(
            "SELECT current_position FROM review WHERE id = ?", (review_id,)
        ).fetchone()[0]
        text = connection.execute("SELECT text FROM answer WHERE id = ?", (answer_id,)).fetchone()
        return position, text[0]
    finally:
        connection.close()


@pytest.fixture
def desk(qtbot, data_dir):
    opened = open_desk(qtbot, data_dir)
    yield opened
    opened.close()


@pytest.fixture
def review_id(desk) -> int:
    return make_review(desk.database, [{"question": f"Question {n}?"} for n in range(4)])


def test_the_window_stays_responsive_while_another_process_holds_the_lock(
    qtbot, desk, review_id
) -> None:
    desk.controller.open_review(review_id)
    review, page = desk.controller.review, desk.window.review_page
    ticks: list[float] = []
    heartbeat = QTimer()
    heartbeat.setInterval(20)
    heartbeat.timeout.connect(lambda: ticks.append(time.monotonic()))
    heartbeat.start()
    try:
        with write_lock_held(desk.database.path):
            started = time.monotonic()
            review.next()  # the position write finds the lock taken
            second = review.current()
            review.start_editing()
            page.answer.setPlainText(TYPED)
            review.save_text()  # what the autosave timer does 700 ms after typing stops
            handled = time.monotonic() - started
            assert page.saving.isVisible()
            ticks.clear()
            qtbot.waitUntil(lambda: len(ticks) >= 40, timeout=20_000)
            longest_gap = max(later - earlier for earlier, later in itertools.pairwise(ticks))
            assert _stored(desk.database.path, review_id, second.id) == (0, "")
            assert review.saver.pending == 2  # the position and the text, in order
        qtbot.waitUntil(lambda: not page.saving.isVisible(), timeout=20_000)
    finally:
        heartbeat.stop()
    assert handled < 2.0  # the lock timeout is 15 s: a write on the GUI thread would wait it
    assert longest_gap < 1.0  # events kept flowing while the other process wrote
    assert _stored(desk.database.path, review_id, second.id) == (1, TYPED)
    assert review.current().text == TYPED and review.current().state == "edited"
    assert review.saver.pending == 0


def test_changes_that_wait_replace_each_other_and_closing_writes_them(
    qtbot, desk, review_id
) -> None:
    desk.controller.open_review(review_id)
    review, page = desk.controller.review, desk.window.review_page
    first = review.current()
    with write_lock_held(desk.database.path, seconds=1.5):
        review.start_editing()
        for draft in ("Draft one.", "Draft two.", "Draft three."):
            page.answer.setPlainText(draft)
            review._save_draft()
        review.next()
        review.previous()
        assert review.saver.pending == 2  # one text, one position: the newest of each
        review.flush()  # closing waits the usual lock timeout, so nothing typed is lost
    assert review.saver.pending == 0 and not page.saving.isVisible()
    assert _stored(desk.database.path, review_id, first.id) == (0, "Draft three.")

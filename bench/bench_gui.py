"""Desktop app: cold start to the populated main window against the physical floor, and
resident memory with a 300-question review open.

The floor is a bare PySide6 window shown and closed by the same interpreter, nothing else.
Both are whole fresh processes, run in turn (floor, app, floor, app…) so that they share
the machine's load, and each figure is the median of 7.
"""

import os
import subprocess
import tempfile
from pathlib import Path

from bench.timing import PYTHON, alternating_process_seconds, process_seconds

FLOOR_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1440, 900)
window.show()
QTimer.singleShot(0, app.quit)
sys.exit(app.exec())
"""

RSS_SCRIPT = """
import sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from desktop.dialogs import DialogService
from desktop.main_controller import MainController
from desktop.main_window import MainWindow
from models.bootstrap import open_database
database = open_database(Path(sys.argv[1]))
window = MainWindow()
controller = MainController(database, window, DialogService(window))
controller.start()
window.resize(1440, 900)
window.show()
controller.open_review(int(sys.argv[2]))
for row in range(0, 300, 10):
    controller.review.go_to_row(row)
app.processEvents()
status = Path("/proc/self/status").read_text().splitlines()
print(next(int(line.split()[1]) for line in status if line.startswith("VmRSS")))
"""


def _review_with_300_questions(data_dir: Path) -> int:
    from models.bootstrap import open_database
    from questionnaires.questions import Question
    from questionnaires.review_builder import start_review
    from questionnaires.templates import template_questions

    database = open_database(data_dir)
    pool = [
        *template_questions(database, "soc2"),
        *template_questions(database, "hipaa"),
        *template_questions(database, "gdpr"),
    ]
    questions = [
        Question(
            qid=f"Q{n + 1}", text=pool[n % len(pool)].text, section=pool[n % len(pool)].section
        )
        for n in range(300)
    ]
    review_id = None
    for _done, _total, created in start_review(
        database, "openai-api", questions, title="Bench: 300 questions"
    ):
        review_id = created or review_id
    database.close()
    return review_id


def main() -> None:
    """Print cold-start times, their ratio, and RSS with a 300-question review open."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.pop("DDQ_DATA_DIR", None)
    with tempfile.TemporaryDirectory() as temporary:
        data_dir = Path(temporary) / "data"
        # An installed app starts from compiled bytecode, as PySide6 does from site-packages;
        # with PYTHONDONTWRITEBYTECODE set, every run would compile the app's modules again.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(Path(temporary) / "bytecode")
        desk = [PYTHON, "-m", "desktop.app", "--quit-after-show", "--data-dir", str(data_dir)]
        process_seconds(desk, repeat=1, env=env)  # create and seed the database once
        process_seconds([PYTHON, "-c", FLOOR_SCRIPT], repeat=1, env=env)  # and compile both
        floor_argv = [PYTHON, "-c", FLOOR_SCRIPT]
        floor, start = alternating_process_seconds(floor_argv, desk, repeat=7, env=env)
        print(
            f"ddq-desk cold start to the populated window: {start * 1000:.0f} ms; "
            f"bare PySide6 window (same interpreter): {floor * 1000:.0f} ms; "
            f"ratio {start / floor:.2f} (goal <= 1.5)"
        )
        review_id = _review_with_300_questions(data_dir)
        completed = subprocess.run(
            [PYTHON, "-c", RSS_SCRIPT, str(data_dir), str(review_id)],
            capture_output=True, text=True, env=env, check=True,
        )  # fmt: skip
        rss_mb = int(completed.stdout.strip().splitlines()[-1]) / 1024
        print(f"resident memory with a 300-question review open: {rss_mb:.0f} MB (goal <= 120 MB)")

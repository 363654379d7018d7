"""Auto-fill speed: 1,000 free-text questions and each template, beyond process start-up."""

import csv
import os
import random
import tempfile
import time
from pathlib import Path

from bench.timing import PYTHON, median_seconds, process_seconds

STEMS = (
    "Do you encrypt customer data at rest?",
    "How long is API data retained for abuse monitoring?",
    "Will you sign a BAA with us?",
    "Do you have a tested business continuity plan?",
    "Which data residency regions are offered?",
    "Do you use our API data to train your models?",
    "Are background checks performed on staff with access to production?",
    "Do you publish a list of your sub-processors?",
    "Is 2FA enforced on every account by default?",
    "Describe your incident response process and notification timelines.",
    "Do you offer the Commission's SCCs for international transfers?",
    "Is there a documented change management process?",
)
PREFIXES = ("", "Please confirm: ", "Vendor question - ", "For the API service, ")
SUFFIXES = ("", " Please explain.", " (required)", " Attach evidence where possible.")


def _questions(count: int = 1000) -> list:
    from questionnaires.questions import Question

    rng = random.Random(3)
    return [
        Question(f"B{number}", rng.choice(PREFIXES) + rng.choice(STEMS) + rng.choice(SUFFIXES))
        for number in range(count)
    ]


def main() -> None:
    """Print auto-fill time for 1,000 free-text questions and for each template."""
    start = time.perf_counter()
    from models.bootstrap import open_database
    from questionnaires.autofill import autofill
    from questionnaires.templates import template_questions

    imported = time.perf_counter() - start
    with tempfile.TemporaryDirectory() as temporary:
        database = open_database(Path(temporary))
        questions = _questions()
        first = time.perf_counter()
        autofill(database, "openai-api", questions)
        cold = time.perf_counter() - first
        warm = median_seconds(lambda: autofill(database, "openai-api", questions), repeat=5)
        print(
            f"auto-fill of 1,000 free-text questions: {warm * 1000:.0f} ms median "
            f"(first run {cold * 1000:.0f} ms; imports {imported * 1000:.0f} ms; goal <= 500 ms)"
        )
        for template_id in ("soc2", "hipaa", "gdpr"):
            items = template_questions(database, template_id)
            took = median_seconds(lambda items=items: autofill(database, "openai-api", items), 5)
            print(
                f"auto-fill of template {template_id} ({len(items)} questions): {took * 1e3:.1f} ms"
            )
        database.close()

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        source = folder / "questions.csv"
        with source.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(("id", "question"))
            writer.writerows((question.qid, question.text) for question in _questions())
        env = {**os.environ, "DDQ_DATA_DIR": str(folder / "data")}
        cli = [PYTHON, "-m", "desktop.cli"]
        process_seconds([*cli, "templates"], repeat=1, env=env)  # create and seed once
        start_up = process_seconds([*cli, "templates"], repeat=5, env=env)
        answer = process_seconds(
            [*cli, "answer", "--questions", str(source), "--out", str(folder / "out.json")],
            repeat=5,
            env=env,
        )
        print(
            f"ddq answer --questions (1,000 rows) --out .json: {answer * 1000:.0f} ms; "
            f"ddq templates (start-up and database): {start_up * 1000:.0f} ms; "
            f"beyond start-up {(answer - start_up) * 1000:.0f} ms (goal <= 500 ms)"
        )

"""Auto-fill speed: 1,000 free-text questions and each template, beyond process start-up."""

import random
import tempfile
import time
from pathlib import Path

from bench.timing import median_seconds

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


def _questions(count: int = 1000) -> list:
    from questionnaires.questions import Question

    rng = random.Random(3)
    return [
        Question(f"B{number}", rng.choice(PREFIXES) + rng.choice(STEMS) + f" (item {number})")
        for number in range(count)
    ]


def main() -> None:
    """Print auto-fill time for 1,000 free-text questions and for each template."""
    start = time.perf_counter()
    from models.database import open_database
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

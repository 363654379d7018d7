"""The literal screen (questionnaires.screen) in front of the lexicon's synonym patterns: it
skips only patterns that cannot match, so folding a question gives exactly what applying every
pattern gives."""

import json
import re
from pathlib import Path

from questionnaires import text

DATA = Path(__file__).parent / "data"


def _questions() -> list[str]:
    found = []
    for path in sorted(DATA.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(str(json.loads(line).get("question", "")))
    return found


def _every_pattern(value: str) -> str:
    folded = re.sub(r"\s+", " ", value.lower())
    for pattern, spelling, _needed in text._COMPILED:
        folded = pattern.sub(spelling, folded)
    return folded.strip()


def test_screened_folding_equals_applying_every_pattern() -> None:
    questions = _questions()
    assert len(questions) > 5000
    changed = [q for q in questions if text.normalise.__wrapped__(q) != _every_pattern(q)]
    assert changed == []
    # and the screen is doing something: most patterns are skipped for a typical question
    screened = [needed for _p, _s, needed in text._COMPILED if needed is not None]
    assert len(screened) > 0.8 * len(text._COMPILED)

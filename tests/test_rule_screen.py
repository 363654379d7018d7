"""The literal screen before rule patterns never skips a pattern that would have matched."""

import json
import re

from models.kb.lexicon import expand_pattern, lexicon
from questionnaires.screen import needed_literals
from questionnaires.text import normalise
from tests.conftest import DATA_DIR, PROJECT_ROOT


def _patterns() -> list[str]:
    seed = json.loads((PROJECT_ROOT / "resources" / "kb" / "openai-api.json").read_text())
    rules = [
        expand_pattern(pattern)
        for claim in seed["claims"]
        for answer in claim.get("answers", [])
        for pattern in (*answer["all"], *answer.get("none", []))
    ]
    return rules + [pattern for pattern, *_rest in lexicon()["topics"]]


def _questions() -> list[str]:
    texts = []
    for path in sorted(DATA_DIR.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(normalise(json.loads(line)["question"]))
    return texts


def test_the_screen_passes_every_question_a_pattern_matches() -> None:
    questions = _questions()
    patterns = _patterns()
    assert len(questions) > 1000 and len(patterns) > 100
    screened = 0
    for pattern in patterns:
        screen = needed_literals(pattern)
        compiled = re.compile(pattern)
        for text in questions:
            if compiled.search(text):
                assert screen is None or any(literal in text for literal in screen), (
                    pattern,
                    text,
                )
            elif screen is not None and not any(literal in text for literal in screen):
                screened += 1
    assert screened > len(questions) * len(patterns) // 2  # it saves most searches


def test_literals_are_read_from_alternatives_and_sequences() -> None:
    assert needed_literals(r"\bbaa\b|business associate") == ("baa", "business associate")
    assert needed_literals(r"\b(2fa|two[\s-]?factor|mfa)\b") == ("2fa", "factor", "mfa")
    assert needed_literals(r"\bpen(etration)?[\s-]?test") == ("test",)
    assert needed_literals(r"(a|b)c") is None  # too short to screen anything out
    assert needed_literals(r"(?i)baa") is None  # case-insensitive literals are not literal

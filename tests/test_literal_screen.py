"""The literal screen in front of the lexicon's patterns: it skips only patterns that cannot
match, so folding a question gives exactly what applying every pattern gives."""

import json
import re
from pathlib import Path

import pytest

from questionnaires import text
from questionnaires.literals import needed_literals

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(
    ("pattern", "needed"),
    [
        (r"\bpen(etration)?[\s-]?test(s|ing)?\b", {"test"}),
        (r"\b(?:two|2) weeks\b", {" weeks"}),
        (r"\bbaa\b|\bhipaa\b", {"baa", "hipaa"}),
        (r"[\u2018\u2019`]", {"\u2018", "\u2019", "`"}),
        (r"\b(?:held|kept) in (?:our|your) own kms\b", {" own kms"}),
    ],
)
def test_needed_literals_are_what_every_match_contains(pattern: str, needed: set[str]) -> None:
    assert needed_literals(re.compile(pattern)) == needed


@pytest.mark.parametrize(
    "pattern",
    [r"\s+", r"(?i)acme", r"(?:vendor)?", r"\w+", r"[^a-z]"],
)
def test_patterns_without_a_needed_literal_are_always_applied(pattern: str) -> None:
    assert needed_literals(re.compile(pattern)) is None


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
    assert len(screened) > 0.9 * len(text._COMPILED)

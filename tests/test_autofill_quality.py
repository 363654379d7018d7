"""Auto-fill quality over the labelled question set (tests/data/labelled_questions.jsonl).

Fully correct = the verdict is right AND every ``must_contain`` substring is in the answer
(case-insensitive). The bar: at least 90% fully correct, and never a yes/no/partial where the
label says ``unknown`` (a confident wrong answer is the worst outcome).
"""

import json
from pathlib import Path

import pytest

from questionnaires.autofill import autofill
from questionnaires.questions import Question
from tests.conftest import DATA_DIR

LABELLED = DATA_DIR / "labelled_questions.jsonl"
# Paraphrases (H..) and traps (T..) written by the auto-fill engineer as held-out checks. First
# runs: paraphrases 41/45 fully correct with one confident wrong answer; traps 30/44, with 14
# confident answers to details no claim states; everyday-wording recall (R..) 33/40 answered,
# the 7 others unknown; second traps (U..) 26/30, three confident answers to details and one
# "partial" that should be "no". All fixed since; not independent of the engine.
PROBES = DATA_DIR / "probe_questions.jsonl"
# Held-out sets written by people who never saw the engine. First runs: holdout 1, 81/100
# fully correct; holdout 2, 66/80 with four confident wrong verdicts on decided questions;
# holdout 3, 66/80 with four confident answers where unknown was expected. All were then used
# to find general causes, so their figures are no longer independent.
HOLDOUTS = (
    DATA_DIR / "holdout_questions.jsonl",
    DATA_DIR / "holdout2_questions.jsonl",
    DATA_DIR / "holdout3_questions.jsonl",
)


def _labelled(path: Path = LABELLED) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[dict, object]]:
    from models.bootstrap import open_database

    database = open_database(tmp_path_factory.mktemp("quality"))
    rows = _labelled()
    answers = autofill(
        database, "openai-api", [Question(row["id"], row["question"]) for row in rows]
    )
    database.close()
    return list(zip(rows, answers, strict=True))


def _fully_correct(row: dict, answer) -> bool:
    text = answer.text.lower()
    return answer.verdict == row["verdict"] and all(
        fact.lower() in text for fact in row["must_contain"]
    )


def test_labelled_set_is_big_enough_and_mostly_unknown() -> None:
    rows = _labelled()
    assert len(rows) >= 150
    assert sum(row["verdict"] == "unknown" for row in rows) > len(rows) / 2


def test_at_least_90_percent_fully_correct(graded, capsys) -> None:
    correct = [row["id"] for row, answer in graded if _fully_correct(row, answer)]
    wrong = [
        f"{row['id']}: expected {row['verdict']} got {answer.verdict}"
        for row, answer in graded
        if not _fully_correct(row, answer)
    ]
    share = len(correct) / len(graded)
    with capsys.disabled():
        print(f"\nauto-fill quality: {len(correct)}/{len(graded)} fully correct ({share:.1%})")
        for line in wrong:
            print(f"  wrong: {line}")
    assert share >= 0.90, wrong


def test_never_confident_where_unknown_is_expected(graded, capsys) -> None:
    confident = [
        f"{row['id']}: {answer.verdict} ({answer.match.get('rule')})"
        for row, answer in graded
        if row["verdict"] == "unknown" and answer.verdict != "unknown"
    ]
    expected_unknown = sum(row["verdict"] == "unknown" for row, _answer in graded)
    with capsys.disabled():
        print(
            f"\nconfident answers where unknown is expected: {len(confident)} of {expected_unknown}"
        )
    assert confident == []


def test_every_answer_is_explained_and_cited(graded) -> None:
    for row, answer in graded:
        assert 0.0 <= answer.confidence <= 1.0
        if answer.verdict == "unknown":
            assert "Request" in answer.text, row["id"]
            assert answer.confidence < 0.6
            continue
        assert answer.match["rule"], row["id"]
        assert answer.match["terms"], row["id"]
        assert answer.match["score"] >= answer.match["threshold"]
        assert answer.citations, row["id"]
        for cited in answer.citations:
            assert cited["as_of"], row["id"]
            assert cited["as_of"] == "undated" or len(cited["as_of"]) == 10, row["id"]


def test_engineer_probes_hold_the_same_bar(tmp_path: Path) -> None:
    from models.bootstrap import open_database

    database = open_database(tmp_path / "probes")
    rows = _labelled(PROBES)
    answers = autofill(
        database, "openai-api", [Question(row["id"], row["question"]) for row in rows]
    )
    database.close()
    graded = list(zip(rows, answers, strict=True))
    correct = sum(_fully_correct(row, answer) for row, answer in graded)
    confident = [
        row["id"]
        for row, answer in graded
        if row["verdict"] == "unknown" and answer.verdict != "unknown"
    ]
    assert correct / len(rows) >= 0.90
    assert confident == []


@pytest.mark.parametrize("path", HOLDOUTS, ids=lambda path: path.stem)
def test_held_out_sets_hold_the_same_bar(tmp_path: Path, path: Path) -> None:
    from models.bootstrap import open_database

    database = open_database(tmp_path / "holdout")
    rows = _labelled(path)
    answers = autofill(
        database, "openai-api", [Question(row["id"], row["question"]) for row in rows]
    )
    database.close()
    graded = list(zip(rows, answers, strict=True))
    wrong = [row["id"] for row, answer in graded if not _fully_correct(row, answer)]
    confident = [
        row["id"]
        for row, answer in graded
        if row["verdict"] == "unknown" and answer.verdict != "unknown"
    ]
    assert (len(rows) - len(wrong)) / len(rows) >= 0.90, wrong
    assert confident == []

"""Auto-fill answers from what the knowledge base holds, for any vendor (issue 10).

Two fictional vendors' knowledge bases (``tests/data/vendors/*-kb.json``, ``ddq-kb/1``, keys
unlike the seed's) and labelled question sets were written by people who never saw the
engine. Round 1 sets were run once (first-run figures in the README), then used to find
general causes; they hold the bar below. Round 2 sets were run once after that, and are kept
unchanged for the next round of fixes, so they are graded only by ``python -m bench.holdout``.
"""

import json
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.kb.import_export import export_knowledge_base, import_knowledge_base_file
from questionnaires.autofill import autofill
from questionnaires.questions import Question
from tests.conftest import DATA_DIR

VENDORS = DATA_DIR / "vendors"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _grade(database, vendor: str, rows: list[dict]) -> tuple[float, list[str]]:
    answers = autofill(database, vendor, [Question(row["id"], row["question"]) for row in rows])
    correct = 0
    confident = []
    for row, answer in zip(rows, answers, strict=True):
        text = answer.text.lower()
        if answer.verdict == row["verdict"] and all(f.lower() in text for f in row["must_contain"]):
            correct += 1
        if row["verdict"] == "unknown" and answer.verdict != "unknown":
            confident.append(row["id"])
    return correct / len(rows), confident


@pytest.mark.parametrize("vendor", ["ledgerly", "parley"])
def test_a_new_vendor_is_answered_from_its_own_claims(tmp_path: Path, vendor: str) -> None:
    database = open_database(tmp_path)
    import_knowledge_base_file(database, VENDORS / f"{vendor}-kb.json")
    share, confident = _grade(database, vendor, _rows(VENDORS / f"{vendor}-round1.jsonl"))
    database.close()
    assert confident == []
    assert share >= 0.75


def test_a_claim_the_reviewer_adds_is_found_and_cited(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    question = Question("B1", "Do you back up customer data?")
    assert autofill(database, "openai-api", [question])[0].verdict == "unknown"
    document = export_knowledge_base(database)
    document["claims"].append(
        {
            "vendor": "openai-api",
            "key": "backups",
            "title": "Backups of customer data",
            "statement": "Customer data is backed up daily to a second region and kept for 35 days.",
            "status": "yes",
            "keywords": ["backup", "backed up"],
            "as_of": "2026-11-01",
        }
    )
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    import_knowledge_base_file(database, path)
    answer = autofill(database, "openai-api", [question])[0]
    database.close()
    assert answer.verdict == "yes"
    assert [item["claim"] for item in answer.citations] == ["backups"]
    assert "daily" in answer.text


def test_an_uncovered_qualifier_is_named_in_the_unknown_answer(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    import_knowledge_base_file(database, VENDORS / "ledgerly-kb.json")
    answer = autofill(
        database, "ledgerly", [Question("Q", "Are staff laptops encrypted with BitLocker?")]
    )[0]
    database.close()
    assert answer.verdict == "unknown"
    assert answer.match["method"] == "none"
    assert "says nothing about" in answer.text or "holds nothing" in answer.text


def test_a_phrasing_the_reviewer_taught_answers_the_same_question_later(tmp_path: Path) -> None:
    from models.kb.phrasings import add_phrasing

    database = open_database(tmp_path)
    taught = "Will you countersign our business associate paperwork?"
    assert autofill(database, "openai-api", [Question("Q", taught)])[0].verdict == "unknown"
    add_phrasing(database, "openai-api", taught, ["hipaa-baa"], "Alice")
    again = "Will you countersign our  Business Associate paperwork ?"
    answer = autofill(database, "openai-api", [Question("Q", again)])[0]
    exported = export_knowledge_base(database)
    database.close()
    assert answer.match["method"] == "learned"
    assert [item["claim"] for item in answer.citations] == ["hipaa-baa"]
    assert answer.verdict == "partial"  # still computed from the claim's conditions
    assert exported["phrasings"][0]["claims"] == ["hipaa-baa"]


def test_confidence_drops_for_an_undated_claim(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    fresh, undated = autofill(
        database,
        "openai-api",
        [
            Question("A", "Do you train your models on our API data?"),
            Question("B", "Do you perform third-party penetration testing?"),
        ],
    )
    database.close()
    assert fresh.citations[0]["as_of"] == "2026-07-05"
    assert fresh.confidence == round(fresh.match["score"], 2)
    assert undated.citations[0]["as_of"] == "undated"
    assert undated.confidence < undated.match["score"]


def test_a_vendor_without_a_soc2_claim_is_not_asked_for_one(tmp_path: Path) -> None:
    database = open_database(tmp_path)
    document = json.loads((VENDORS / "ledgerly-kb.json").read_text(encoding="utf-8"))
    document["claims"] = [c for c in document["claims"] if "soc 2" not in c["title"].lower()]
    for claim in document["claims"]:
        if claim.get("superseded_by") and not any(
            other["key"] == claim["superseded_by"] for other in document["claims"]
        ):
            claim["superseded_by"] = None
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    import_knowledge_base_file(database, path)
    answer = autofill(database, "ledgerly", [Question("Q", "Do you carry cyber insurance?")])[0]
    database.close()
    assert answer.verdict == "unknown"
    assert "SOC 2" not in answer.text
    assert "Request a written answer to this question from Ledgerly" in answer.text


def test_a_template_is_answered_from_another_vendors_own_claims(tmp_path: Path) -> None:
    from questionnaires.templates import template_questions

    database = open_database(tmp_path)
    import_knowledge_base_file(database, VENDORS / "ledgerly-kb.json")
    questions = template_questions(database, "soc2")
    answers = autofill(database, "ledgerly", questions)
    keys = {claim["key"] for claim in export_knowledge_base(database)["claims"]}
    database.close()
    cited = [item["claim"] for answer in answers for item in answer.citations]
    decided = [answer for answer in answers if answer.verdict != "unknown"]
    # The template maps to the seed vendor's claim keys; Ledgerly's own claims answer instead.
    assert len(decided) >= 5
    assert cited and all(key in keys for key in cited)
    assert all(item["claim"] in keys for answer in decided for item in answer.citations)


# The confident answers where the label says `unknown` that the engine still gives, by set
# (the README lists them). A new one fails this test; so does fixing one (update the list).
KNOWN_CONFIDENT_WRONG = {
    # A region outside the list the customer chooses from, which the writers labelled unknown
    # (the round 31-33 brief: "a region the KB never names is unknown") and the engine reads
    # as a complete list: no. Older sets label the same reading no (README, rounds 31-33).
    "ellisholt-round1": {"EH018"},
    "ferrybridge-round1": {"FY022"},
    "ledgerly-round3": {"LC048"},
    "openai-round1": {"OA028"},
    "openai-round2": {"OB041"},
    # The payment partner's PCI DSS AOC asked for, against a claim that names the partner's
    # PCI level and the vendor's own lack of an AOC (round 13's first run; not yet fixed).
    "vantrel-round1": {"VZ016"},
}
SETS = sorted(path.stem for path in VENDORS.glob("*-round*.jsonl"))


@pytest.mark.slow
@pytest.mark.parametrize("name", SETS)
def test_no_new_confident_answer_where_unknown_is_right(tmp_path: Path, name: str) -> None:
    vendor = name.split("-round")[0]
    database = open_database(tmp_path)
    if vendor != "openai":
        import_knowledge_base_file(database, VENDORS / f"{vendor}-kb.json")
    rows = _rows(VENDORS / f"{name}.jsonl")
    slug = "openai-api" if vendor == "openai" else vendor
    _share, confident = _grade(database, slug, rows)
    database.close()
    assert set(confident) == KNOWN_CONFIDENT_WRONG.get(name, set())

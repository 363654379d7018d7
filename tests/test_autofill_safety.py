"""Safety rules of the third held-out round, checked with wordings of our own (none is a
held-out question): an unclear claim never yields a verdict, a process time is not a retention
period, counts and notice periods need a stated quantity, and a report property the claim does
not record is not decided."""

import pytest

from questionnaires.autofill import autofill
from questionnaires.details import unsupported_details
from questionnaires.knowledge import load_knowledge_base
from questionnaires.questions import Question
from questionnaires.text import is_asking


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory: pytest.TempPathFactory):
    """One seeded database for the read-only checks of this module."""
    from models.bootstrap import open_database

    database = open_database(tmp_path_factory.mktemp("safety"))
    yield database
    database.close()


def _answer(database, question: Question):
    (answer,) = autofill(database, "openai-api", [question])
    return answer


def test_a_template_citing_an_unclear_claim_is_unknown(shared_database) -> None:
    """Even when a claim that would give 'yes' is cited with it and any claim would do."""
    question = Question(
        "T",
        "Is the training-content summary published, and is data encrypted at rest?",
        claim_keys=["eu-ai-act-art53-summary", "encryption-at-rest"],
    )
    answer = _answer(shared_database, question)
    assert answer.verdict == "unknown", answer.text
    assert answer.match["unclear"] == ["eu-ai-act-art53-summary"]
    assert [item["claim"] for item in answer.citations] == ["eu-ai-act-art53-summary"]


def test_free_text_touching_an_unclear_claim_is_unknown(shared_database) -> None:
    """Another rule may win the match; the unclear claim the question reaches still decides."""
    text = "Under Article 53 of the AI Act, are models trained on the prompts we send?"
    answer = _answer(shared_database, Question("Q", text))
    assert answer.verdict == "unknown", (answer.match, answer.text)
    assert "unclear" in answer.text


SAFETY_CASES = [
    # A process time (review, approval, signing) is not the retention period a claim states.
    ("What is the usual turnaround to get zero data retention approved?", "unknown", ""),
    ("How quickly will you review our request to enable EU residency?", "unknown", ""),
    ("For how long do you hold on to API prompts?", "yes", "30 days"),
    # Counts and notice periods: only a stated quantity of that kind answers them.
    ("How many hours' notice do you give before a new sub-processor starts?", "unknown", ""),
    ("What notice period applies before sub-processor changes?", "unknown", ""),
    ("How many data centres host API traffic?", "unknown", ""),
    ("What percentage of API requests are reviewed by staff?", "unknown", ""),
    # A property of a report or certificate the claim does not record.
    ("Which audit firm issued your SOC 2 Type 2 report?", "unknown", ""),
    ("Did the SOC 2 report have any exceptions noted by the auditor?", "unknown", ""),
    ("When does your ISO 27001 certificate expire?", "unknown", ""),
    ("Can you share a bridge letter covering the gap since the last SOC 2 report?", "unknown", ""),
    ("What audit period does the SOC 2 Type 2 report cover?", "unknown", ""),
    ("Who was the registrar that certified you for ISO 27017?", "unknown", ""),
    ("Does your PCI DSS attestation name the QSA that assessed it?", "unknown", ""),
    ("Is the SOC 2 Type 2 report based on a six-month window?", "unknown", ""),
    (
        "On what date was your latest SOC 2 Type 2 report issued? Give the report date.",
        "unknown",
        "",
    ),
    ("Can we get a copy of your SOC 2 Type 2 report?", "partial", "trust"),
    # Fine-tuning files are kept until the customer deletes them: never purged on their own.
    ("Are fine-tuning datasets erased automatically after the model is trained?", "no", "until"),
    # Stored objects kept until the customer deletes them, asked as the claim records it.
    ("Are conversations and uploaded files stored until the user deletes them?", "yes", "until"),
    # The recorded legal exception to the retention period.
    ("Could a court order lead you to hold API requests longer than normal?", "yes", "legally"),
    ("Are API prompts never preserved beyond 30 days, even if the law requires it?", "no", ""),
]


@pytest.mark.parametrize(("text", "verdict", "must_contain"), SAFETY_CASES)
def test_safety_rules(shared_database, text: str, verdict: str, must_contain: str) -> None:
    answer = _answer(shared_database, Question("Q", text))
    assert answer.verdict == verdict, (answer.match, answer.text)
    assert must_contain.lower() in answer.text.lower(), answer.text


def test_a_count_of_days_is_met_by_a_stated_number_of_days(shared_database) -> None:
    claims = load_knowledge_base(shared_database, "openai-api").claims
    text = "How many days of logs do you keep?"
    assert unsupported_details(text, [claims["retention-abuse-monitoring"]]) == []
    assert unsupported_details(text, [claims["subprocessors"]]) == ["a count ('how many days')"]


@pytest.mark.parametrize(
    "text",
    [
        "4.2(b) Confirm that staff access to customer data is logged.",
        "11.3 Describe how encryption keys are managed.",
        "Q7: Confirm that data is encrypted in transit.",
        "2.1 Is MFA available? 2.2 State whether it can be enforced.",
    ],
)
def test_numbered_requests_are_requests(text: str) -> None:
    assert is_asking(text)


def test_numbered_statements_are_still_statements() -> None:
    assert not is_asking("3.4(c) The processor shall keep records of processing.")


def test_numbering_of_a_later_part_is_not_a_detail_to_check() -> None:
    text = "3.1 Is stored data encrypted? 3.2 Name the cipher used."
    assert unsupported_details(text, []) == []
    # A quantity after a sentence end is still a detail the claims must state.
    assert unsupported_details("Is data deleted? 2.5 years is our limit.", []) == ["2.5"]


def test_a_region_named_after_within_is_a_residency_ask(shared_database) -> None:
    text = "Can our prompts be kept within the UK? List the conditions."
    answer = _answer(shared_database, Question("Q", text))
    assert answer.match["rule"] == "residency"
    assert answer.verdict == "partial", answer.text

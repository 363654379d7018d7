"""Records in the past tense and framing around a vendor review, for any vendor (issue 10,
round 25).

"Your earlier security overview said …" cites a record as "states" does; "as part of our
vendor review" adds nothing to what is asked; "describe your timeline for notifying" asks for
the time. Each wording comes from a blind held-out set.
"""

from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "product": "Brindle Clock",
    "summary": "Brindle schedules shifts.",
}

CLAIMS = [
    _claim(
        "biometrics",
        "Biometric templates",
        "Face templates are kept for 30 days after an employee is deactivated, then deleted.",
        ["face templates", "biometric"],
    ),
    _claim(
        "soc2",
        "SOC 2 Type II report",
        "Brindle has a SOC 2 Type II report. Customers can download it from the Trust Center "
        "after signing a non-disclosure agreement.",
        ["soc 2", "soc 2 type ii"],
        access="trust-portal",
    ),
    _claim(
        "incidents",
        "Security incident notification",
        "Brindle notifies affected customers of a security incident within 24 hours of "
        "confirming it.",
        ["incident notification", "breach notification"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_what_an_earlier_overview_said_is_a_record_to_confirm(ask) -> None:
    answer = ask(
        "Your earlier security overview said face templates are kept for 90 days after an "
        "employee is deactivated. Is 90 days still your retention period for face templates?"
    )
    assert answer.verdict == "no"
    assert "30 days" in answer.text


def test_as_part_of_our_vendor_review_adds_nothing(ask) -> None:
    answer = ask(
        "Can you share a current SOC 2 Type II report with us as part of our vendor review?"
    )
    assert answer.verdict == "partial"
    assert "non-disclosure agreement" in answer.text


def test_a_timeline_for_notifying_asks_for_the_time(ask) -> None:
    answer = ask("Please describe your timeline for notifying customers of a security incident.")
    assert answer.verdict == "yes"
    assert "24 hours" in answer.text


PLAN_VENDOR = {**VENDOR, "summary": "Brindle is sold on the Starter, Crew and Enterprise plans."}
PLAN_CLAIMS = [
    _claim(
        "payroll-export",
        "Payroll export (Payline)",
        "Brindle Payline exports approved hours for each pay period. Payline is included in the "
        "Crew and Enterprise plans and is not available on the Starter plan.",
        ["payroll export", "payline"],
    ),
]

ask_plans = _asker(PLAN_CLAIMS, PLAN_VENDOR)


def test_a_plan_named_before_the_subjects_second_predicate_is_not_excluded(ask_plans) -> None:
    answer = ask_plans("Is payroll export (Payline) included in the Enterprise plan?")
    assert answer.verdict != "no"
    assert ask_plans("Is Payline included in the Starter plan?").verdict == "no"

"""Support access the customer grants, asked as customers ask it, for any vendor (issue 10,
round 31).

A trust page's support-access claim says the customer's own administrator grants access: "…
cannot see a club's member data unless a club administrator grants access", "support must be
granted access by an account administrator", "A club administrator can grant support access
…". Questions ask it with a reason ("to troubleshoot an issue"), a request for the
conditions, or "without our permission", and call the staff a team, personnel or engineers.
The approval is the customer's, so the answer never says it needs the vendor's. An
administrator the vendor's own words qualify ("a security administrator", "a Brindle
administrator") is the vendor's control, and gates nothing the customer gives. The wordings
come from the round 30 blind held-out sets.
"""

import pytest

from questionnaires.grants import gates_on_customer
from tests.test_autofill_round11 import VENDOR, _asker, _claim

CLAIMS = [
    _claim(
        "support-access",
        "Support staff access to customer data",
        "Brindle support engineers have no standing access to customer data. To look at a "
        "club's account, support must be granted access by a club administrator from the admin "
        "console; the grant lasts 72 hours and every action is recorded in the audit log.",
        ["support access", "staff access"],
        default="requires-approval",
        attributes={"standing_access": False, "grant_hours": 72},
    ),
    _claim(
        "production-access",
        "Engineer access to production",
        "Brindle engineers can reach production databases only after approval by a security "
        "administrator, and every session is recorded.",
        ["production access", "privileged access"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Can Brindle's support team access our account to troubleshoot an issue?",
        "Can your support personnel access our data? Describe the conditions.",
        "Under what circumstances can Brindle support agents access our account data?",
    ],
)
def test_support_access_with_a_reason_or_asking_the_conditions_is_partial(ask, question) -> None:
    answer = ask(question)
    assert answer.verdict == "partial"
    assert "72 hours" in answer.text
    assert answer.match["claims"] == ["support-access"]


def test_the_customers_own_grant_is_not_called_the_vendors_approval(ask) -> None:
    answer = ask("Can Brindle support staff access our account data?")
    assert answer.verdict == "partial"
    assert "Brindle's approval" not in answer.text
    assert "the customer's own grant" in answer.text


def test_a_passive_grant_by_a_named_customer_administrator_gates_access(ask) -> None:
    answer = ask("Can Brindle support engineers access our data without the club's permission?")
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["support-access"]


def test_standing_access_asked_of_support_engineers_is_no(ask) -> None:
    answer = ask("Do Brindle support engineers have standing access to customer data?")
    assert answer.verdict == "no"


def test_a_vendor_administrators_approval_gates_nothing_the_customer_gives(ask) -> None:
    answer = ask("Can Brindle engineers reach production databases without our permission?")
    assert answer.verdict == "unknown"


@pytest.mark.parametrize(
    ("sentence", "customers"),
    [
        (
            "Support cannot see a district's data unless a district administrator grants access.",
            True,
        ),
        ("A club administrator can grant support access for up to 72 hours.", True),
        ("Support must be granted access by an account administrator.", True),
        ("Engineers reach production only after approval by a security administrator.", False),
        ("Engineers reach production only after a Brindle administrator approves.", False),
        ("Engineers reach production only after the on-call manager approves.", False),
    ],
)
def test_whose_grant_a_sentence_waits_on(sentence: str, customers: bool) -> None:
    assert gates_on_customer(sentence, "brindle") is customers

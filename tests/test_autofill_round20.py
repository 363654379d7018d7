"""Plans, SLA credits and emphatic "own", for any vendor (issue 10, round 20).

A summary may list its plans after a count ("sold on three plans, Solo, Practice and
Group"); "SSO is not available on the Solo or Practice plans" names where a feature is not,
never a limit to those plans; "service credits if you miss it" asks about the credits; "our
own private cloud" is a private cloud, while "our own penetration test" stays the
customer's test. Each wording comes from a blind held-out set.
"""

import pytest

from questionnaires.plans import summary_plans
from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "summary": "Brindle is a team workspace. It is sold on three plans, Solo, Practice and "
    "Group, and hosted in Frankfurt.",
}

CLAIMS = [
    _claim(
        "sso-saml",
        "Single sign-on (SAML 2.0)",
        "Single sign-on with SAML 2.0 is available on the Group plan only. An administrator "
        "must set up SSO before users can sign in with it. SSO is not available on the Solo "
        "or Practice plans.",
        ["sso", "single sign-on", "saml"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "scim",
        "SCIM provisioning",
        "On the Group plan, Brindle supports automatic provisioning of user accounts through "
        "SCIM 2.0. SCIM is not available on the Solo or Practice plans.",
        ["scim", "provisioning"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "uptime",
        "Uptime commitment",
        "Brindle commits to 99.9% monthly uptime on every plan. If uptime falls below the "
        "commitment, customers receive service credits of 10% of the monthly fee.",
        ["uptime", "sla", "service credits"],
        access="sales-contract",
    ),
    _claim(
        "deployment",
        "Deployment model",
        "Brindle is a multi-tenant cloud service only. There is no on-premises, self-hosted or "
        "private cloud option.",
        ["on-premises", "self-hosted", "private cloud", "deployment"],
        status="no",
    ),
    _claim(
        "customer-pentest",
        "Customer-run penetration tests",
        "Customers may run their own penetration tests against their tenant only with prior "
        "written approval from Brindle.",
        ["customer penetration test", "own penetration test"],
        status="yes-gated",
        default="requires-approval",
    ),
    _claim(
        "pentest",
        "Third-party penetration testing",
        "An independent firm tests the Brindle service every year.",
        ["penetration test", "pen test"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_plans_listed_after_a_count_are_the_vendors_plans() -> None:
    assert summary_plans(VENDOR["summary"]) == {"solo", "practice", "group"}
    assert summary_plans("offered in two editions (Core and Plus)") == {"core", "plus"}


@pytest.mark.parametrize(
    "question",
    [
        "We are on the Practice plan. Can we enable SAML single sign-on?",
        "Is SAML SSO available on the Solo plan?",
        "Is SCIM provisioning available on the Practice plan?",
    ],
)
def test_a_plan_the_claim_says_it_is_not_available_on_is_no(ask, question: str) -> None:
    answer = ask(question)
    assert answer.verdict == "no"
    assert "Group" in answer.text


def test_the_plan_it_is_available_on_still_answers(ask) -> None:
    assert ask("We are on the Group plan. Can we enable SAML single sign-on?").verdict != "no"


def test_credits_if_the_vendor_misses_the_target_are_the_credits(ask) -> None:
    answer = ask("What uptime do you commit to, and are service credits issued if you miss it?")
    assert answer.verdict == "partial"
    assert "99.9%" in answer.text


def test_our_own_private_cloud_is_a_private_cloud(ask) -> None:
    answer = ask("Can the service be deployed on-premises or in our own private cloud?")
    assert answer.verdict == "no"


def test_our_own_penetration_test_is_the_customers_test(ask) -> None:
    answer = ask("May we run our own penetration test against our tenant?")
    assert answer.verdict == "partial"
    assert answer.citations[0]["claim"] == "customer-pentest"

"""Open questions that negate, criteria that are laws, and places as peoples, for any vendor
(issue 10, round 23).

"Which states are not supported?" asks for a list the claims do not give: unknown, never a
turned-around "no"; "Privacy Act 1988" among a DPA's laws is not SOC 2's Privacy criterion;
"our Canadian fleets" names Canada; a region written "kc-central-1 (Kansas City, US)" is in
the US; "Does it automatically delete …?" asks what the feature does, which its conditions
decide. Each wording comes from a blind held-out set.
"""

from questionnaires.plans import summary_plans
from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "summary": "Brindle is a team workspace.",
}

CLAIMS = [
    _claim(
        "pdmp",
        "PDMP reporting",
        "Brindle can report dispensing to state prescription drug monitoring programs. "
        "Reporting stays off until the pharmacy enters its PDMP credentials. PDMP reporting is "
        "available for 46 states; the current list is on the Help Center.",
        ["pdmp", "prescription drug monitoring"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "dpa",
        "Data Processing Agreement",
        "Brindle's Data Processing Agreement covers the EU GDPR, the UK GDPR and Australia's "
        "Privacy Act 1988. It is part of the subscription terms on every plan.",
        ["dpa", "data processing agreement"],
        criteria=["eu gdpr", "uk gdpr", "privacy act 1988"],
    ),
    _claim(
        "hosting",
        "Hosting regions",
        "Data of US customers is hosted in the kc-central-1 region in Kansas City, Missouri. "
        "Data of Canadian customers is hosted in kc-canada-1 in Montreal. Backups stay in the "
        "customer's hosting region. Brindle does not host data in any other country.",
        ["hosting", "data residency", "backups"],
        attributes={
            "regions": ["kc-central-1 (Kansas City, US)", "kc-canada-1 (Montreal, Canada)"]
        },
    ),
    _claim(
        "leaver-deletion",
        "Automatic deletion of leavers",
        "Automatic deletion of leavers' personal data is off by default. Administrators can "
        "turn it on and choose a retention period of 12 to 120 months.",
        ["automatic deletion", "leavers", "retention"],
        status="yes-gated",
        default="requires-configuration",
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_which_ones_are_not_covered_asks_for_a_list_the_claims_lack(ask) -> None:
    answer = ask("Which U.S. states are not supported for PDMP reporting?")
    assert answer.verdict == "unknown"
    assert answer.match["unsupported_details"] == ["a list of what is not covered"]


def test_a_privacy_law_among_a_dpas_laws_is_not_the_privacy_criterion(ask) -> None:
    answer = ask("Does your DPA cover obligations under the UK GDPR and Australia's Privacy Act?")
    assert answer.verdict == "yes"


def test_a_place_written_with_its_city_and_country_in_parentheses(ask) -> None:
    assert ask("Can you host our data in a data centre in Mexico?").verdict == "no"


def test_a_peoples_adjective_names_its_country(ask) -> None:
    answer = ask("For our Canadian customers, is the data hosted in Canada?")
    assert answer.verdict == "yes"
    assert "Montreal" in answer.text


def test_does_it_automatically_asks_what_the_feature_does(ask) -> None:
    answer = ask("Does the service automatically delete leavers' personal data after a period?")
    assert answer.verdict == "partial"
    assert "12 to 120 months" in answer.text


PLAN_VENDOR = {
    **VENDOR,
    "summary": "Brindle is a pharmacy system. It is sold on three plans, Storefront, Storefront "
    "Plus and Collective (for groups of pharmacies).",
}
PLAN_CLAIMS = [
    _claim(
        "sso",
        "SAML single sign-on",
        "Brindle supports single sign-on with SAML 2.0 on the Collective plan. SSO is not "
        "available on the Storefront or Storefront Plus plans.",
        ["sso", "saml"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "audit-log",
        "Audit log",
        "The back office keeps an audit log of staff sign-ins and permission changes. The audit "
        "log can be viewed on all plans. Export to CSV is available on the Storefront Plus and "
        "Collective plans.",
        ["audit log"],
    ),
]

ask_plans = _asker(PLAN_CLAIMS, PLAN_VENDOR)


def test_a_plan_name_may_be_two_words() -> None:
    assert summary_plans(PLAN_VENDOR["summary"]) == {"storefront", "storefront plus", "collective"}


def test_the_plans_a_feature_is_not_on_leave_the_rest(ask_plans) -> None:
    answer = ask_plans("Do you support SAML 2.0 single sign-on?")
    assert answer.verdict == "partial"
    assert "only on the Collective plan" in answer.text


def test_what_the_question_does_counts_for_a_plan_limit(ask_plans) -> None:
    answer = ask_plans("Can administrators export the audit log to CSV?")
    assert answer.verdict == "partial"
    assert "only on the Storefront Plus or Collective plan" in answer.text

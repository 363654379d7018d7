"""Plans and details read from a claim's own sentences (issue 10), for a vendor written here.

A claim's status speaks of its main fact; one sentence may settle a detail differently
("does not share full reports", "only with written approval", "off by default"), and a fact
may hold for some plans only. These answers are read from the wording, for any vendor.
"""

from pathlib import Path

import pytest

from tests.helpers.written_vendor import asking, claim, source

SOURCE = source("site", "Security page", "https://quarry.example/security")


def _claim(key: str, title: str, statement: str, keywords: list[str], **conditions) -> dict:
    return claim("quarry", "site", key, title, statement, keywords, **conditions)


CLAIMS = [
    _claim(
        "saml-sso",
        "SAML single sign-on",
        "Quarry supports SAML 2.0 single sign-on for the Quarry console. "
        "SAML SSO is available only on the Enterprise plan. "
        "An owner configures it in the security settings.",
        ["sso", "saml", "single sign-on"],
        default="requires-configuration",
    ),
    _claim(
        "pen-tests",
        "Penetration testing",
        "An independent firm performs a penetration test of Quarry every 12 months. "
        "Quarry does not share full penetration test reports with customers. "
        "Customers may run their own penetration tests only with written approval from Quarry.",
        ["penetration test", "pen test"],
    ),
    _claim(
        "recovery",
        "Recovery objectives",
        "Dedicated-tier Quarry databases have a recovery time objective (RTO) of 1 hour. "
        "Standard-tier databases run in one zone with no standby.",
        ["rto", "recovery time objective", "disaster recovery"],
    ),
    _claim(
        "retention-policy",
        "Retention policy",
        "Files are kept until the customer deletes them. "
        "Automatic deletion after a chosen number of days is off by default.",
        ["retention", "automatic deletion"],
        default="requires-configuration",
    ),
]


VENDOR = {
    "slug": "quarry",
    "name": "Quarry",
    "product": "Quarry DB",
    "trust_portal_url": None,
    "summary": "Managed databases.",
}


@pytest.fixture
def ask(tmp_path: Path):
    with asking(tmp_path, VENDOR, [SOURCE], CLAIMS) as answer:
        yield answer


def test_a_fact_limited_to_one_plan_is_partial_and_names_the_plan(ask) -> None:
    answer = ask("Is SAML single sign-on supported for the console?")
    assert answer.verdict == "partial"
    assert "only on the Enterprise plan" in answer.text


def test_a_plan_the_claim_leaves_out_is_no_and_the_plan_it_names_is_answered(ask) -> None:
    assert ask("Is SAML single sign-on available on the Standard tier?").verdict == "no"
    assert ask("Is SAML single sign-on available on the Enterprise plan?").verdict == "yes"


def test_a_plan_the_sentence_on_a_fact_does_not_name_is_unknown(ask) -> None:
    answer = ask("What is the recovery time objective for a Standard-tier database?")
    assert answer.verdict == "unknown"
    assert "Standard" in answer.text


def test_a_sentence_that_denies_the_detail_answers_no(ask) -> None:
    answer = ask("Please provide the full report of your most recent penetration test.")
    assert answer.verdict == "no"
    assert "does not share full penetration test reports" in answer.text


def test_a_sentence_that_names_a_condition_answers_partial(ask) -> None:
    answer = ask("Are customers permitted to run their own penetration tests?")
    assert answer.verdict == "partial"
    assert "written approval" in answer.text


def test_a_sentence_that_states_the_default_decides_a_default_question(ask) -> None:
    answer = ask("Is automatic deletion after a number of days enabled by default?")
    assert answer.verdict == "no"
    assert "off by default" in answer.text

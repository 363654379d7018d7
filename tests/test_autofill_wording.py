"""Customer wording a claim does not use, read for any vendor (issue 10, round 8).

Each case comes from a blind held-out set: "replicated to a secondary region" against "not
copied to another region", "FedRAMP Moderate ATO" against a vendor without FedRAMP, "once our
contract ends" for termination, "verify" against "verification". The traps beside them stay
unknown.
"""

from pathlib import Path

import pytest

from tests.helpers.written_vendor import asking, claim, source

SOURCE = source("trust", "Trust page", "https://quorra.example/trust")


def _claim(key: str, title: str, statement: str, keywords: list[str], **conditions) -> dict:
    return claim("quorra", "trust", key, title, statement, keywords, **conditions)


CLAIMS = [
    _claim(
        "backups",
        "Backups",
        "Customer data is backed up daily. Backups are stored in a second availability zone "
        "in the same region. Backups are not copied to another region.",
        ["backup", "backups"],
    ),
    _claim(
        "fedramp",
        "FedRAMP",
        "Quorra does not hold a FedRAMP authorization.",
        ["fedramp"],
        status="no",
    ),
    _claim(
        "deletion",
        "Deletion after termination",
        "After termination, all customer data, backups included, is deleted within 45 days.",
        ["termination", "deletion"],
    ),
    _claim(
        "signer-id",
        "Signer identity verification",
        "Identity verification of signers by passport or driving licence check.",
        ["identity verification", "id check"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Users can turn on MFA with an authenticator app on every plan. SMS codes are not "
        "supported. Documents are never used to train machine learning models.",
        ["mfa", "2fa"],
        default="requires-configuration",
        attributes={"used_for_training": False},
    ),
    _claim(
        "sso",
        "Single sign-on",
        "SAML 2.0 single sign-on is available on every plan.",
        ["sso", "saml"],
        default="requires-configuration",
    ),
    _claim(
        "pen-test",
        "Penetration testing",
        "An independent firm performs a penetration test of the service at least once every 12 "
        "months.",
        ["penetration test"],
    ),
    _claim(
        "storage-encryption",
        "Workspace storage encryption",
        "Document storage in every workspace is encrypted with AES-256.",
        ["encryption at rest"],
    ),
    _claim(
        "scim",
        "SCIM provisioning",
        "SCIM 2.0 user provisioning is offered on Enterprise only. Plans: Team plan, Business "
        "plan, Enterprise plan.",
        ["scim", "provisioning"],
        default="requires-configuration",
    ),
    _claim(
        "pen-report",
        "Penetration test",
        "An independent firm tests the service every year. Customers can download an executive "
        "summary letter from the Trust Center with an accepted NDA; the full report is not "
        "shared.",
        ["penetration test"],
    ),
    _claim(
        "transport",
        "Encryption in transit",
        "Connections to the service are encrypted with TLS; TLS 1.2 is the minimum version "
        "accepted, and connections using TLS 1.0 or TLS 1.1 are refused.",
        ["tls", "encryption in transit"],
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Customer data is hosted in the region chosen at sign-up: the US or the EU.",
        ["hosting region", "data residency"],
        default="requires-configuration",
        attributes={"regions": ["US", "EU"]},
    ),
    _claim(
        "breach",
        "Breach notification",
        "Customers are notified of a personal data breach within 48 hours.",
        ["breach", "notification"],
    ),
]


VENDOR = {
    "slug": "quorra",
    "name": "Quorra",
    "product": "Quorra Signatures",
    "trust_portal_url": None,
    "summary": "Electronic signatures.",
}


@pytest.fixture
def ask(tmp_path: Path):
    with asking(tmp_path, VENDOR, [SOURCE], CLAIMS) as answer:
        yield answer


def test_a_denial_written_with_another_answers_a_secondary_region(ask) -> None:
    answer = ask("Are backups replicated to a secondary geographic region?")
    assert answer.verdict == "no"
    assert "not copied to another region" in answer.text


def test_a_grade_of_what_the_vendor_does_not_hold_is_no(ask) -> None:
    assert ask("FedRAMP Moderate ATO - Y/N").verdict == "no"
    assert ask("Is the offering FedRAMP authorized at the High baseline?").verdict == "no"


def test_plans_to_obtain_what_the_vendor_does_not_hold_stay_unknown(ask) -> None:
    assert ask("Do you plan to pursue FedRAMP within the next year?").verdict == "unknown"


def test_the_end_of_our_contract_is_termination(ask) -> None:
    answer = ask(
        "Once our contract ends, within how many days are all copies of our data destroyed?"
    )
    assert answer.verdict == "yes"
    assert "45 days" in answer.text


def test_a_verb_and_its_noun_are_one_idea(ask) -> None:
    answer = ask("Can the platform verify a signer's identity by checking a passport?")
    assert answer.verdict == "yes"


def test_one_time_passcodes_are_the_codes_a_claim_names(ask) -> None:
    answer = ask("Is SMS one-time passcode accepted as a second factor?")
    assert answer.verdict == "no"


def test_being_informed_is_being_notified(ask) -> None:
    answer = ask(
        "In the event of a breach involving personal data, within how many hrs will we be informed?"
    )
    assert answer.verdict == "yes"
    assert "48 hours" in answer.text


def test_our_own_test_against_the_service_stays_unknown(ask) -> None:
    assert ask("May we run our own backups of the service?").verdict == "unknown"


def test_a_ceiling_the_claims_figure_keeps_is_met(ask) -> None:
    answer = ask("Will you notify us of a personal data breach within 72 hours?")
    assert answer.verdict == "yes"
    assert "48 hours" in answer.text
    assert ask("Will you notify us of a personal data breach within 24 hours?").verdict == "no"


def test_a_frequency_is_read_as_the_claim_folds_it(ask) -> None:
    answer = ask("Are penetration tests performed by an independent third party at least annually?")
    assert answer.verdict == "yes"
    assert ask("Are penetration tests performed quarterly?").verdict == "unknown"


def test_a_limit_no_figure_states_is_unknown(ask) -> None:
    assert ask("Is document storage in every workspace encrypted?").verdict == "yes"
    assert ask("Maximum storage per workspace?").verdict == "unknown"


def test_openid_connect_is_not_the_saml_a_claim_names(ask) -> None:
    assert ask("Is OIDC single sign-on supported?").verdict == "unknown"
    assert ask("Is SAML single sign-on available?").verdict == "yes"


def test_a_plan_named_without_the_word_plan_limits_the_fact(ask) -> None:
    answer = ask("Is SCIM user provisioning supported?")
    assert answer.verdict == "partial"
    assert "Enterprise" in answer.text


def test_a_denial_of_the_full_report_does_not_deny_the_results(ask) -> None:
    assert ask("Please provide the results of your latest penetration test.").verdict == "partial"
    assert ask("Will you share the full penetration test report?").verdict == "no"


def test_the_product_named_in_any_inflection_is_the_service(ask) -> None:
    answer = ask(
        "Is every signature's audit log kept? Are signers notified within 72 hours of a breach?"
    )
    assert answer.verdict != "yes"  # two asks, one the claims do not decide
    assert ask("Will you notify signature customers of a breach within 48 hours?").verdict == "yes"


def test_a_tls_version_below_the_stated_minimum_is_not_accepted(ask) -> None:
    answer = ask("Are TLS 1.0 connections accepted? Y/N")
    assert answer.verdict == "no"
    assert "TLS 1.2 is the minimum" in answer.text  # stated, or the sentence refusing 1.0
    assert ask("Is TLS 1.2 supported?").verdict == "yes"


def test_context_naming_a_place_the_question_names_again_is_left_out(ask) -> None:
    answer = ask("Our regulator requires EU hosting. Can our data be hosted in the EU?")
    assert answer.verdict == ask("Can our data be hosted in the EU?").verdict != "unknown"


def test_a_yes_no_attribute_is_read_without_its_function_words_and_said_in_the_claims_words(
    ask,
) -> None:
    answer = ask("Are documents used to train MFA models?")
    assert answer.verdict == "no"
    assert "never used to train machine learning models" in answer.text
    assert "Used for training: no" not in answer.text


def test_the_possessive_of_a_filler_word_is_filler(ask) -> None:
    answer = ask(
        "Will our organisation's users be notified of a personal data breach within 48 hours?"
    )
    assert answer.verdict == "yes"

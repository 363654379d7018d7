"""Plans the customer is on, records the customer cites, and defaults stated in other words,
read for any vendor (issue 10, round 11).

Each case comes from a blind held-out set: "We are a K-12 district on the Starter edition.",
"Our 2024 file records a 72-hour notice. Is 72 hours still the figure?", ``scim_plans`` beside
``sso_plans``, "optional and each user chooses whether to turn it on". The traps beside them
(a plan the claim never speaks of) stay unknown.
"""

from pathlib import Path

import pytest

from tests.helpers.written_vendor import asking, claim, source

SOURCE = source("trust", "Trust page", "https://brindle.example/trust")


def _claim(key: str, title: str, statement: str, keywords: list[str], **conditions) -> dict:
    return claim("brindle", "trust", key, title, statement, keywords, **conditions)


CLAIMS = [
    _claim(
        "private-link",
        "Private connectivity",
        "Private connectivity: AWS PrivateLink on Business and Enterprise plans. Not offered "
        "on Starter or Team.",
        ["privatelink", "private link"],
        default="requires-configuration",
        attributes={"plans": ["Business", "Enterprise"]},
    ),
    _claim(
        "sso-scim",
        "Console SSO and SCIM provisioning",
        "SAML 2.0 single sign-on for the console on Business and Enterprise plans. SCIM 2.0 "
        "user provisioning and deprovisioning on Enterprise only, once SSO is set up.",
        ["sso", "saml", "scim"],
        status="yes-gated",
        default="requires-configuration",
        attributes={"sso_plans": ["Business", "Enterprise"], "scim_plans": ["Enterprise"]},
    ),
    _claim(
        "uptime",
        "Uptime SLA",
        "Enterprise plan: 99.9% monthly uptime SLA with service credits. Starter, Team and "
        "Business plans have no contractual SLA.",
        ["sla", "uptime"],
        attributes={"uptime_percent": 99.9, "no_sla_plans": ["Starter", "Team", "Business"]},
    ),
    _claim(
        "assistant",
        "Writing assistant",
        "The writing assistant suggests replies. Brindle does not train models on customer "
        "content.",
        ["writing assistant", "ai"],
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies customers no later than 48 hours after becoming aware of a personal "
        "data breach.",
        ["breach notification", "incident notification"],
        attributes={"notice_hours": 48},
    ),
    _claim(
        "support-access",
        "Support access",
        "Support engineers have no standing access to customer data. Access to a customer's "
        "workspace needs a time-limited grant that the customer approves in the console.",
        ["support access", "staff access"],
    ),
    _claim(
        "mobile",
        "Mobile app security",
        "The mobile app refuses to run on rooted devices. Biometric unlock (Face ID or "
        "fingerprint) is optional and each user chooses whether to turn it on.",
        ["mobile app", "biometric"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "MFA is mandatory for every user who signs in with a password. Accepted factors: TOTP "
        "apps and WebAuthn keys. SMS codes are not accepted.",
        ["mfa", "2fa"],
        attributes={"mandatory": True, "sms": False},
    ),
]
VENDOR = {
    "slug": "brindle",
    "name": "Brindle",
    "product": "Brindle Workspace",
    "trust_portal_url": "https://brindle.example/trust",
    "summary": "Team workspace",
}


def _asker(claims: list[dict], vendor: dict | None = None):
    """Return a fixture that imports ``claims`` as ``vendor``'s (Brindle's unless given) and
    yields ``answer(text)``."""

    @pytest.fixture
    def fixture(tmp_path: Path):
        with asking(tmp_path, vendor or VENDOR, [SOURCE], claims) as answer:
            yield answer

    return fixture


ask = _asker(CLAIMS)


def test_the_plan_the_customer_is_on_is_asked_of_the_claims_plans(ask) -> None:
    assert ask("We're on the Team plan. Is AWS PrivateLink available to us?").verdict == "no"
    answer = ask("We are a small agency on the Business plan. Is PrivateLink available?")
    assert answer.verdict == "yes"


def test_a_plan_the_claim_never_speaks_of_stays_unknown(ask) -> None:
    answer = ask("Is the writing assistant available on the Team plan?")
    assert answer.verdict == "unknown"
    assert "Team plan" in answer.text


def test_the_plans_listed_for_the_feature_asked_decide(ask) -> None:
    assert ask("We are on the Business tier - can we turn on SCIM provisioning?").verdict == "no"
    assert ask("We are on the Business tier - can we turn on SAML SSO?").verdict == "yes"


def test_plans_listed_as_without_a_feature_exclude_it(ask) -> None:
    answer = ask("We are on the Team plan. Is an uptime SLA with service credits included?")
    assert answer.verdict == "no"


def test_a_figure_from_the_customers_old_file_is_asked_as_current(ask) -> None:
    answer = ask(
        "Our 2024 records show a 72-hour breach notification commitment. Is 72 hours still "
        "the figure?"
    )
    assert answer.verdict == "no"
    assert "48 hours" in answer.text


def test_a_denial_of_something_else_does_not_turn_the_answer(ask) -> None:
    answer = ask("Support access to customer data requires customer approval - Y/N")
    assert answer.verdict == "yes"


def test_an_optional_feature_the_user_turns_on_is_off_by_default(ask) -> None:
    answer = ask("Is Face ID / fingerprint unlock switched on by default in the mobile app?")
    assert answer.verdict == "no"


def test_a_compound_word_names_the_attribute_it_starts_with(ask) -> None:
    answer = ask("Is an SMS-delivered one-time passcode available as a second factor?")
    assert answer.verdict == "no"


def test_a_user_who_logs_in_with_a_username_and_password_is_a_password_user(ask) -> None:
    answer = ask("Is MFA mandatory for every user who logs in with a username and password?")
    assert answer.verdict == "yes"


LATER_CLAIMS = [
    _claim(
        "dr",
        "High availability and disaster recovery",
        "Premium-tier accounts run a standby in a second zone, and Brindle states a recovery "
        "point objective of 5 minutes and a recovery time objective of 1 hour for them. "
        "Standard-tier projects run in a single zone.",
        ["disaster recovery", "failover", "rto", "rpo"],
    ),
    _claim(
        "notes-a",
        "Notes A",
        "Standard-tier projects keep notes. Standard-tier notes are plain text.",
        ["notes"],
    ),
    _claim(
        "dpa",
        "Data Processing Addendum",
        "Brindle's GDPR Article 28 Data Processing Addendum is part of the Terms of Service, so "
        "no separate signature is needed.",
        ["dpa", "data processing agreement"],
    ),
    _claim(
        "sso",
        "Single sign-on",
        "SAML 2.0 single sign-on with Microsoft Entra ID and Okta on every plan.",
        ["sso", "saml"],
    ),
    _claim(
        "deployment",
        "Deployment model",
        "Brindle is multi-tenant SaaS only. It cannot be installed on-premises. It is not "
        "offered inside a customer's own cloud account.",
        ["on-premises", "self-hosted"],
    ),
    _claim(
        "bias-audit",
        "Bias audit",
        "An independent auditor ran a bias audit of the ranking model in 2026. The audit "
        "calculated selection rates by sex and by race. The audit did not analyse age.",
        ["bias audit", "selection rates"],
    ),
]


PLANS = [_claim("plans", "Plans", "Brindle is sold on the Standard and Premium tiers.", ["tiers"])]
ask_later = _asker([*LATER_CLAIMS, *PLANS])


def test_recovery_time_objective_is_the_rto_and_its_tier_is_read(ask_later) -> None:
    answer = ask_later("What are your recovery point and recovery time objectives for Premium?")
    assert answer.verdict == "yes"
    assert "1 hour" in answer.text
    # The RTO sentence names the Premium tier; the Standard tier's sentence speaks of projects,
    # which more claims speak of than of the RTO.
    answer = ask_later("What is the RTO for Standard-tier projects?")
    assert answer.verdict == "unknown"


def test_an_article_28_citation_is_not_asked_about(ask_later) -> None:
    answer = ask_later("Please confirm that a GDPR Art. 28-compliant DPA applies to all customers.")
    assert answer.verdict == "yes"


def test_the_second_half_of_an_either_or_question_is_the_other_answer(ask_later) -> None:
    answer = ask_later(
        "Is a data processing agreement in place as standard, or must one be negotiated and "
        "executed separately?"
    )
    assert answer.verdict == "yes"


def test_azure_ad_is_entra_id(ask_later) -> None:
    assert ask_later(
        "Does the Supplier support federated login via SAML with Azure AD?"
    ).verdict == ("yes")


def test_each_joined_part_may_stand_in_its_own_sentence(ask_later) -> None:
    answer = ask_later("Can the solution be installed on-premises or within our own cloud account?")
    assert answer.verdict == "no"


def test_what_an_audit_did_not_analyse_is_outside_it(ask_later) -> None:
    answer = ask_later("Did the bias audit assess selection rates and impact by age?")
    assert answer.verdict != "yes"
    assert ask_later("Did the bias audit assess selection rates by age?").verdict == "no"


THIRD_CLAIMS = [
    _claim(
        "subprocessors",
        "Sub-processor list",
        "Brindle publishes its sub-processor list. Brindle emails customers at least 30 days "
        "before a new sub-processor begins processing customer data.",
        ["sub-processor", "subprocessor", "change notice"],
    ),
    _claim(
        "audit-trail",
        "Audit trail",
        "Brindle keeps an audit trail of sign-ins and permission changes. Audit records cannot "
        "be edited or deleted by any customer user, including workspace administrators.",
        ["audit trail", "activity log"],
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Brindle is hosted in three regions: US, EU and Australia.",
        ["regions", "data residency"],
        attributes={"regions": ["us", "eu", "au"]},
    ),
    _claim(
        "sla",
        "Uptime SLA",
        "The SLA commits to 99.95% monthly uptime for the Premium tier and 99.9% for the "
        "Standard tier.",
        ["sla", "uptime"],
    ),
]


ask_third = _asker(THIRD_CLAIMS)


def test_notice_before_a_new_one_is_notice_before_one_is_added(ask_third) -> None:
    answer = ask_third("What advance notice is given before a sub-processor is added?")
    assert answer.verdict == "yes"
    assert "30 days" in answer.text


def test_a_later_sentence_that_denies_the_detail_asked_decides(ask_third) -> None:
    answer = ask_third("Are workspace admins able to modify or purge entries in the audit trail?")
    assert answer.verdict == "no"


def test_hosted_exclusively_in_fewer_places_than_offered_is_no(ask_third) -> None:
    assert ask_third("Is the service hosted exclusively in the US and the EU?").verdict == "no"
    # Asked of the customer's own data, it is a choice the list allows.
    assert ask_third("Can our data be hosted exclusively in the EU?").verdict != "no"


def test_the_figure_a_claim_pairs_with_the_plan_asked_decides(ask_third) -> None:
    answer = ask_third("Does the Standard tier carry a 99.95% uptime SLA?")
    assert answer.verdict == "no"
    assert "99.9%" in answer.text
    assert ask_third("Does the Premium tier carry a 99.95% uptime SLA?").verdict == "yes"


FOURTH_CLAIMS = [
    _claim(
        "encryption",
        "Encryption of stored data",
        "Stored data: AES-256 with keys in a cloud KMS. No customer-managed or "
        "bring-your-own keys.",
        ["encryption", "at rest", "kms", "key management", "customer-managed keys"],
    ),
    _claim(
        "visitors",
        "Visitor records",
        "Visitor records are kept for 3 months by default and then deleted.",
        ["visitor records", "visitor retention"],
    ),
    _claim(
        "console-mfa",
        "Multi-factor authentication for the console",
        "The console requires MFA for every user who signs in with a password. SMS codes are "
        "not accepted.",
        ["mfa", "2fa", "sms"],
        attributes={"sms": False},
    ),
    _claim(
        "notice",
        "Sub-processor changes",
        "Customers are notified 30 days before a new sub-processor is engaged.",
        ["sub-processor", "change notice"],
    ),
    _claim(
        "admin-mfa",
        "Admin MFA",
        "Organisation admins can require MFA for every member.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
]


ask_fourth = _asker(FOURTH_CLAIMS)


def test_keys_named_in_a_shared_phrase_are_customer_managed_keys(ask_fourth) -> None:
    assert ask_fourth("Do you support customer-managed encryption keys?").verdict == "no"


def test_a_figure_in_words_is_a_figure(ask_fourth) -> None:
    answer = ask_fourth("Please confirm that visitor records are retained for twelve months.")
    assert answer.verdict == "no"
    assert "3 months" in answer.text


def test_the_admin_console_is_the_console(ask_fourth) -> None:
    answer = ask_fourth(
        "Is SMS one-time passcode supported as an MFA method for the admin console?"
    )
    assert answer.verdict == "no"


def test_being_told_is_being_notified(ask_fourth) -> None:
    answer = ask_fourth("Are customers told in advance before a new sub-processor is engaged?")
    assert answer.verdict == "yes"


def test_all_administrative_accounts_stays_a_qualifier_no_claim_states(ask_fourth) -> None:
    answer = ask_fourth("Is MFA enforced for all administrative accounts?")
    assert answer.verdict == "unknown"


POLARITY_CLAIMS = [
    _claim(
        "no-training",
        "AI model training",
        "Brindle does not use customer forms, saved drafts, assistant prompts or respondent "
        "answers to train or "
        "fine-tune AI models.",
        ["training", "ai", "machine learning"],
    ),
    _claim(
        "workloads",
        "Backed-up workloads",
        "Gmail, Calendar and Drive are backed up. Google Vault content is not covered.",
        ["backup", "workloads", "google workspace"],
        attributes={"not_covered": ["vault"]},
    ),
    _claim(
        "customer-testing",
        "Customer security testing",
        "An independent firm tests the platform every year. Customers may not run their own "
        "penetration tests against the platform without written approval from Brindle "
        "Security.",
        ["penetration test", "security testing"],
        status="yes-gated",
        attributes={"customer_testing_requires_approval": True},
    ),
]


ask_polarity = _asker(POLARITY_CLAIMS)


def test_a_use_denied_for_a_purpose_after_a_long_list_is_a_denial(ask_polarity) -> None:
    answer = ask_polarity(
        "Please confirm that respondent answers are excluded from the training of AI/ML models."
    )
    assert answer.verdict == "yes"


def test_out_of_scope_asks_the_exclusion(ask_polarity) -> None:
    answer = ask_polarity("Please confirm that Google Vault data is out of scope of the backup.")
    assert answer.verdict == "yes"


def test_not_without_approval_is_a_condition_not_a_denial(ask_polarity) -> None:
    answer = ask_polarity("May the customer conduct its own penetration test against the platform?")
    assert answer.verdict == "partial"
    assert "approval" in answer.text


WORDING_CLAIMS = [
    _claim(
        "tls",
        "Encryption in transit",
        "All connections use TLS 1.2 or higher; TLS 1.0 and 1.1 are refused.",
        ["tls", "encryption in transit"],
    ),
    _claim(
        "retention",
        "Backup retention",
        "Backups are kept for 3 years by default.",
        ["backup retention", "retention"],
    ),
    _claim(
        "sso",
        "SAML single sign-on",
        "SAML 2.0 single sign-on on every plan.",
        ["sso", "saml"],
    ),
    _claim(
        "pen-test",
        "Penetration testing",
        "An independent CREST firm tests the service every year.",
        ["penetration test"],
    ),
]


ask_wording = _asker(WORDING_CLAIMS)


@pytest.mark.parametrize(
    "question",
    [
        "What is the lowest TLS protocol version accepted for connections to the service?",
        "What is the standard out-of-the-box retention period applied to backup data?",
        "Can our staff authenticate using SAML federation?",
        "Does the Supplier commission an independent penetration test of the service?",
    ],
)
def test_everyday_wording_a_claim_does_not_use(ask_wording, question: str) -> None:
    assert ask_wording(question).verdict == "yes"


SETTABLE_CLAIMS = [
    _claim(
        "offline",
        "Offline mode",
        "In offline mode the app stores jobs, photos and captured signatures in an encrypted "
        "on-device database. Offline data that has not synced for 7 days is deleted.",
        ["offline mode", "cache"],
    ),
    _claim(
        "location",
        "Location history retention",
        "Location history is kept for 90 days. Administrators can shorten the period to 30 days.",
        ["location history", "retention"],
    ),
]


ask_settable = _asker(SETTABLE_CLAIMS)


def test_can_we_configure_needs_a_claim_that_says_it_can_be_set(ask_settable) -> None:
    answer = ask_settable("Can we configure a retention period for job photos and signatures?")
    assert answer.verdict == "unknown"
    answer = ask_settable("Can we shorten the retention period for location history?")
    assert answer.verdict == "yes"

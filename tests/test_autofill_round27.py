"""Customer framing and identity words, for any vendor (issue 10, round 27).

"our HR users' accounts" are the customer's users; "uploaded ID documents" are identity
documents; events "sent to our Splunk SIEM" are streamed; a second factor "for user logins"
is MFA; "to meet provincial requirements" says why, not what; "limited to the US and the EU"
asks which regions; a cloud region code ("ca-central-1") is a place; SCIM provisions users
automatically. Each wording comes from a blind held-out set.
"""

import pytest

from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "product": "Brindle Screen",
    "summary": "Brindle screens job candidates, sold on the Starter, Growth and Enterprise plans.",
}

CLAIMS = [
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Multi-factor authentication is enforced by default for all customer user accounts on "
        "every plan, using an authenticator app (TOTP) or a WebAuthn security key; there are no "
        "SMS codes.",
        ["mfa", "2fa"],
    ),
    _claim(
        "encryption-at-rest",
        "Encryption at rest",
        "Customer data, including uploaded identity documents and backups, is encrypted at rest "
        "with AES-256.",
        ["encryption at rest"],
    ),
    _claim(
        "siem",
        "SIEM streaming",
        "Audit log events can be streamed to Splunk or Microsoft Sentinel with the Audit Stream "
        "add-on on the Enterprise plan.",
        ["siem", "splunk", "audit stream"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "scim",
        "SCIM provisioning",
        "SCIM 2.0 user provisioning is available on the Enterprise plan only, once SAML SSO is "
        "set up. It is not available on the Starter or Growth plans.",
        ["scim", "provisioning"],
        status="yes-gated",
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Brindle hosts customer data on AWS in US East (N. Virginia, us-east-1) and EU Central "
        "(Frankfurt, eu-central-1). No other regions are offered.",
        ["hosting", "regions"],
        attributes={"regions": ["us-east-1", "eu-central-1"]},
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_a_department_s_users_are_the_customer_s_users(ask) -> None:
    answer = ask(
        "Is multi-factor authentication mandatory for our HR users' accounts by default, "
        "without us having to switch it on?"
    )
    assert answer.verdict == "yes"


def test_a_second_factor_for_user_logins_is_mfa(ask) -> None:
    answer = ask("Is an SMS one-time passcode supported as a second factor for user logins?")
    assert answer.verdict == "no"


def test_id_documents_are_identity_documents(ask) -> None:
    answer = ask("Are uploaded ID documents encrypted at rest? State the algorithm used.")
    assert answer.verdict == "yes"
    assert "AES-256" in answer.text


def test_events_sent_to_a_siem_are_streamed(ask) -> None:
    answer = ask("Can audit log events be sent to our Splunk SIEM?")
    assert answer.verdict == "partial"
    assert "Enterprise" in answer.text


def test_scim_provisions_users_automatically(ask) -> None:
    answer = ask("We are on the Growth plan. Can we provision users automatically via SCIM?")
    assert answer.verdict == "no"


def test_a_cloud_region_code_and_a_purpose_ask_only_where(ask) -> None:
    answer = ask(
        "Can customer data be hosted in Canada (e.g., AWS ca-central-1) to meet provincial "
        "requirements?"
    )
    assert answer.verdict == "no"


def test_limited_to_places_asks_which_regions(ask) -> None:
    answer = ask("Please confirm that your hosting options are limited to the US and the EU.")
    assert answer.verdict == "yes"


PAIR_CLAIMS = [
    _claim(
        "dpa",
        "DPA and international transfer mechanisms",
        "Brindle's Data Processing Addendum (v4, January 2026) is published on its website and "
        "forms part of every subscription agreement. For transfers of personal data out of the "
        "EEA, the UK or Switzerland it incorporates the EU Standard Contractual Clauses and the "
        "UK International Data Transfer Addendum.",
        ["dpa", "scc", "standard contractual clauses", "gdpr"],
    ),
    _claim(
        "ai-training",
        "Training AI models on customer and candidate data",
        "Brindle does not use customer data, candidate data or screening reports to train or "
        "fine-tune machine-learning or AI models.",
        ["ai", "machine learning", "model training"],
        status="no",
    ),
    _claim(
        "tls",
        "Encryption in transit",
        "All connections to the Brindle web app and API require TLS 1.2 or higher.",
        ["tls", "encryption in transit"],
    ),
    _claim(
        "pentest",
        "Independent penetration testing",
        "An independent firm tests the Brindle web app every 12 months. Brindle Connect is not "
        "in scope of the test.",
        ["penetration test"],
    ),
    _claim(
        "fixed-retention",
        "Report retention",
        "Completed reports are kept for 24 months and then deleted automatically.",
        ["retention", "reports"],
    ),
]

ask_pairs = _asker(PAIR_CLAIMS, VENDOR)


def test_a_claim_that_denies_something_else_does_not_answer_half_a_question(ask_pairs) -> None:
    answer = ask_pairs(
        "For transfers of EU and UK candidate data, does your DPA incorporate the EU Standard "
        "Contractual Clauses and the UK transfer addendum?"
    )
    assert answer.verdict != "no"


def test_external_connections_are_connections(ask_pairs) -> None:
    answer = ask_pairs(
        "Please confirm that all external connections to your application and API require "
        "TLS 1.2 or above."
    )
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["tls"]


def test_configurable_asks_whether_it_can_be_set(ask_pairs) -> None:
    # The only retention claim states a fixed period: it does not say the customer can set it.
    answer = ask_pairs("Is the retention period for reports configurable by the customer?")
    assert answer.verdict == "unknown"


SETTING_CLAIMS = [
    _claim(
        "custom-retention",
        "Customer-configurable report retention",
        "On every plan, customer administrators can set the retention period for reports "
        "between 6 and 84 months in Settings > Data Retention.",
        ["retention settings", "custom retention"],
        status="yes-gated",
        default="requires-configuration",
    ),
]

ask_setting = _asker(SETTING_CLAIMS, VENDOR)


def test_a_setting_the_customer_changes_on_every_plan_is_configurable(ask_setting) -> None:
    answer = ask_setting("Is the retention period for reports configurable by the customer?")
    assert answer.verdict == "yes"
    assert "between 6 and 84 months" in answer.text


SLA_CLAIMS = [
    _claim(
        "sla",
        "Uptime SLA",
        "Brindle commits to 99.9% monthly uptime on the Growth plan and 99.95% monthly uptime "
        "on the Enterprise plan. The Starter plan has no uptime commitment.",
        ["sla", "uptime"],
        status="yes-gated",
        scope=["growth", "enterprise"],
    ),
]

ask_sla = _asker(SLA_CLAIMS, VENDOR)


def test_a_claim_limited_to_plans_holds_on_the_plan_asked(ask_sla) -> None:
    answer = ask_sla("What monthly uptime do you commit to for customers on the Enterprise plan?")
    assert answer.verdict == "yes"
    assert "99.95%" in answer.text
    # Asked without a plan, the plan limit is the condition.
    assert ask_sla("What monthly uptime do you commit to?").verdict == "partial"


TWO_WORD_PLAN_VENDOR = {
    **VENDOR,
    # "Fleet" is a word of the product's name too.
    "product": "Brindle Fleet Hub",
    "summary": "Brindle manages chargers, sold on the Starter, Fleet and Fleet Plus plans.",
}
TWO_WORD_PLAN_CLAIMS = [
    _claim(
        "sso",
        "SAML single sign-on",
        "Brindle supports single sign-on with SAML 2.0 identity providers. SSO is available only "
        "on the Fleet Plus plan, not on Starter or Fleet, and an admin must configure it.",
        ["sso", "saml"],
        status="yes-gated",
        default="requires-configuration",
    ),
]

ask_two_word_plans = _asker(TWO_WORD_PLAN_CLAIMS, TWO_WORD_PLAN_VENDOR)


def test_a_plan_a_two_word_plan_name_contains_is_its_own_plan(ask_two_word_plans) -> None:
    assert ask_two_word_plans("Is SAML single sign-on included in the Fleet plan?").verdict == "no"
    answer = ask_two_word_plans("Is SAML single sign-on included in the Fleet Plus plan?")
    assert answer.verdict == "yes"


PRODUCT_SCOPE_VENDOR = {
    **VENDOR,
    "summary": "Brindle schedules shifts, sold on the Starter, Crew and Enterprise plans.",
}
PRODUCT_SCOPE_CLAIMS = [
    _claim(
        "payroll-export",
        "Payroll export (Brindle Payline)",
        "Brindle Payline exports approved hours for each pay period. Payline is included in the "
        "Crew and Enterprise plans and is not available on the Starter plan.",
        ["payroll export", "payline"],
        status="yes-gated",
        scope=["brindle payline", "crew", "enterprise"],
    ),
]

ask_product_scope = _asker(PRODUCT_SCOPE_CLAIMS, PRODUCT_SCOPE_VENDOR)


def test_a_scope_naming_the_product_asked_is_no_further_condition(ask_product_scope) -> None:
    answer = ask_product_scope(
        "Is payroll export (Brindle Payline) included in the Enterprise plan?"
    )
    assert answer.verdict == "yes"
    assert ask_product_scope("Is Payline included in the Starter plan?").verdict == "no"


BACKUP_CLAIMS = [
    _claim(
        "backups",
        "Backups",
        "Databases are backed up every 24 hours; backups are kept for 35 days. Build caches are "
        "not backed up.",
        ["backups"],
        attributes={"excluded": ["build caches"]},
    ),
]

ask_backups = _asker(BACKUP_CLAIMS, VENDOR)


def test_a_cache_left_out_of_backups_is_not_a_retention_question(ask_backups) -> None:
    answer = ask_backups("Backup retention period")
    assert answer.verdict == "yes"
    assert "35 days" in answer.text


PENTEST_CLAIMS = [
    _claim(
        "pentest",
        "Third-party penetration test",
        "An independent firm tests the Brindle web app and API every 12 months. The Brindle "
        "Connect ERP connectors are not in the penetration test scope.",
        ["penetration test", "pen test"],
    ),
]

ask_pentest = _asker(PENTEST_CLAIMS, VENDOR)


def test_not_in_the_named_scope_is_an_exclusion(ask_pentest) -> None:
    answer = ask_pentest(
        "Are the Brindle Connect ERP connectors excluded from the scope of your third-party "
        "penetration test?"
    )
    assert answer.verdict == "yes"


ENCRYPTION_CLAIMS = [
    _claim(
        "encryption-at-rest",
        "Encryption at rest",
        "Brindle encrypts stored customer data at rest with AES-256. Encryption keys are managed in "
        "AWS Key Management Service. Brindle does not offer customer-managed encryption keys.",
        ["encryption at rest", "aes-256", "byok"],
        attributes={"customer_managed_keys": False},
    ),
]

ask_encryption = _asker(ENCRYPTION_CLAIMS, VENDOR)


def test_a_description_is_not_decided_by_one_yes_no_attribute(ask_encryption) -> None:
    answer = ask_encryption(
        "Describe the encryption applied to stored customer data, including the algorithm and "
        "where keys are managed."
    )
    assert answer.verdict == "yes"
    assert "AES-256" in answer.text
    # Asked as a yes/no question, the attribute still decides.
    assert ask_encryption("Do you offer customer-managed encryption keys?").verdict == "no"


DEFAULT_CLAIMS = [
    _claim(
        "sandbox",
        "Attachment sandboxing",
        "Brindle detonates inbound attachments in a sandbox before delivery. It is available on "
        "the Growth and Enterprise plans and enabled by default on the plans that include it.",
        ["sandbox", "attachment detonation"],
        status="yes-gated",
        scope=["growth", "enterprise", "inbound attachments"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Administrators can require multi-factor authentication for every user; it is off until "
        "an administrator turns it on.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "audit-log",
        "Audit log",
        "Administrators can export the audit log as CSV. Streaming audit events to a customer "
        "SIEM is not offered.",
        ["audit log", "siem"],
        attributes={"siem_streaming": False},
    ),
]

ask_default = _asker(DEFAULT_CLAIMS, VENDOR)


def test_without_any_setup_asks_whether_it_is_on_by_default(ask_default) -> None:
    answer = ask_default(
        "We are on the Growth plan. Is attachment detonation included for us and active without "
        "any extra setup?"
    )
    assert answer.verdict == "yes"
    answer = ask_default(
        "Is multi-factor authentication required for every user by default, without any "
        "administrator configuration?"
    )
    assert answer.verdict == "no"


def test_real_time_and_an_example_siem_ask_only_for_streaming(ask_default) -> None:
    assert ask_default(
        "Can audit events be streamed in real time to our SIEM (Splunk)?"
    ).verdict == ("no")


RETENTION_CLAIMS = [
    _claim(
        "recording-retention",
        "Cloud recording retention",
        "Cloud recordings are kept for 120 days by default. Account admins can change the "
        "retention period to any value between 7 and 365 days.",
        ["recording retention", "cloud recording"],
    ),
    _claim(
        "pentest",
        "Annual penetration test",
        "An independent firm tests the platform once a year.",
        ["penetration test", "annual"],
    ),
    _claim(
        "audit-log",
        "Audit log",
        "Every plan keeps an audit log of user activity (sign-ins and setting changes) for 365 days.",
        ["audit log", "audit trail"],
    ),
]

ask_retention = _asker(RETENTION_CLAIMS, VENDOR)


def test_a_duration_in_years_is_not_a_yearly_frequency(ask_retention) -> None:
    answer = ask_retention("Can an admin keep cloud recordings for two years?")
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["recording-retention"]


def test_who_sees_a_log_adds_nothing_to_what_the_log_is(ask_retention) -> None:
    answer = ask_retention(
        "Are user activity audit trails available to customer administrators, and for how long "
        "are they retained?"
    )
    assert answer.verdict == "yes"
    assert "365 days" in answer.text


KEY_CLAIMS = [
    _claim(
        "encryption-at-rest",
        "Encryption at rest",
        "Brindle encrypts customer data at rest with AES-256. Encryption at rest covers the "
        "event store and backups. Keys are managed in AWS KMS. Customer-managed keys "
        "(BYOK/HYOK) are not offered.",
        ["encryption at rest", "aes-256", "customer-managed keys"],
    ),
]

ask_keys = _asker(KEY_CLAIMS, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Do you allow customers to supply and control their own encryption keys for the data "
        "you store?",
        "Can we hold and control our own encryption keys (customer-managed keys in our KMS)?",
        "Can we bring our own key, or hold the encryption keys in our own KMS?",
    ],
)
def test_a_denial_of_customer_held_keys_answers_every_wording_of_them(ask_keys, question) -> None:
    assert ask_keys(question).verdict == "no"


APP_VENDOR = {
    **VENDOR,
    "summary": "Brindle tracks freight: the Track portal, the Connect API and the Driver mobile "
    "app with location sharing.",
}
APP_CLAIMS = [
    _claim(
        "pentest",
        "Penetration testing",
        "An independent firm tests the Track portal, the Connect API and the Driver app at least "
        "once every 12 months.",
        ["penetration test"],
    ),
    _claim(
        "tls",
        "Encryption in transit",
        "TLS 1.2 or higher on the Track portal, the Connect API and the Driver app. TLS 1.0 and "
        "1.1 are disabled.",
        ["tls", "encryption in transit"],
        attributes={"tls_1_0": False},
    ),
]

ask_app = _asker(APP_CLAIMS, APP_VENDOR)


def test_the_mobile_app_is_the_one_mobile_app_the_summary_names(ask_app) -> None:
    answer = ask_app(
        "Is the application, including the mobile client, subject to third-party penetration "
        "testing at least annually?"
    )
    assert answer.verdict == "yes"


def test_switched_off_asks_whether_it_is_not_accepted(ask_app) -> None:
    assert ask_app("Are TLS 1.0 and 1.1 switched off?").verdict == "yes"
    assert ask_app("Is TLS 1.2 supported for the REST API?").verdict == "yes"


VULN_CLAIMS = [
    _claim(
        "vulnerability-management",
        "Vulnerability management",
        "Brindle scans production daily. Remediation targets by CVSS severity are: critical "
        "within 7 days, high within 30 days, medium within 90 days.",
        ["vulnerability management", "patching"],
    ),
]

ask_vuln = _asker(VULN_CLAIMS, VENDOR)


def test_fixed_within_one_week_is_remediated_within_7_days(ask_vuln) -> None:
    answer = ask_vuln(
        "Describe your vulnerability remediation timelines. Are critical-severity findings fixed "
        "within one week?"
    )
    assert answer.verdict == "yes"
    assert "7 days" in answer.text
    assert ask_vuln("Are critical vulnerabilities patched within 2 days?").verdict != "yes"


ROLE_CLAIMS = [
    _claim(
        "roles",
        "Roles",
        "Brindle has 4 built-in roles: Owner, Admin, Analyst and Viewer. Custom roles are not "
        "available.",
        ["rbac", "roles", "custom roles", "permissions"],
        attributes={"custom_roles": False},
    ),
]

ask_roles = _asker(ROLE_CLAIMS, VENDOR)


def test_defining_custom_roles_beyond_predefined_ones_asks_for_custom_roles(ask_roles) -> None:
    answer = ask_roles(
        "Does the platform allow us to define custom roles with granular permissions beyond the "
        "predefined roles?"
    )
    assert answer.verdict == "no"


SSO_CLAIMS = [
    _claim(
        "sso",
        "SAML single sign-on",
        "Single sign-on with SAML 2.0 is available on every plan. Once SSO is set up, Owners can "
        "require it for every member of the workspace.",
        ["sso", "saml", "identity provider"],
        default="requires-configuration",
    ),
]

ask_sso = _asker(SSO_CLAIMS, VENDOR)


def test_authenticating_via_our_idp_is_single_sign_on(ask_sso) -> None:
    answer = ask_sso(
        "Can we mandate that all workspace members authenticate only via our corporate IdP?"
    )
    assert answer.verdict in ("yes", "partial")
    assert answer.match["claims"] == ["sso"]


ISO_CLAIMS = [
    _claim(
        "iso27001",
        "ISO/IEC 27001 certificate",
        "Brindle is certified to ISO/IEC 27001:2022 by an accredited registrar. Brindle is not "
        "certified to ISO/IEC 27701.",
        ["iso 27001", "iso certification"],
    ),
]

ask_iso = _asker(ISO_CLAIMS, VENDOR)


def test_certification_for_privacy_information_management_names_the_standard(ask_iso) -> None:
    answer = ask_iso("Are you certified to ISO/IEC 27701 for privacy information management?")
    assert answer.verdict == "no"
    answer = ask_iso("Do you hold an ISO 27001 certificate for an information security management?")
    assert answer.verdict == "yes"


def test_a_questionnaire_prefix_is_not_part_of_the_question(ask_vuln) -> None:
    answer = ask_vuln("SIG Lite: Are critical vulnerabilities remediated within 7 days?")
    assert answer.verdict == "yes"


def test_within_days_of_being_identified_is_the_remediation_target(ask_vuln) -> None:
    answer = ask_vuln(
        "Are critical-severity vulnerabilities remediated within seven days of being identified?"
    )
    assert answer.verdict == "yes"
    assert "7 days" in answer.text


def test_a_so_that_clause_restates_what_requiring_sso_means(ask_sso) -> None:
    answer = ask_sso(
        "Is SSO enforced for all of our users, so that nobody can log in with a password?"
    )
    assert answer.verdict == "partial"

"""Wordings of clauses, places and the customer's own teams, for any vendor (issue 10, round 28).

Of two figures in one sentence, the one in the clause about what is asked keeps a bound
("deleted from production within 60 days, and ages out of backups within a further 35 days"
keeps "within 90 days"); "GPS location" is GPS; "out of the EEA" is "outside the EEA"; "users
who log in with a password" are password users; "AES-256 or an equivalent algorithm" asks for
AES-256; "newly provisioned accounts" are new accounts; "our security team" is the customer.
Each wording comes from a blind held-out set.
"""

import pytest

from tests.test_autofill_round11 import VENDOR, _asker, _claim

CLAIMS = [
    _claim(
        "deletion",
        "Deletion after termination",
        "After a subscription ends the customer can export its data for 30 days. Brindle then "
        "deletes the customer's data from production systems within 60 days of the end of the "
        "subscription, and deleted data ages out of backups within a further 35 days.",
        ["data deletion", "termination"],
    ),
    _claim(
        "tracking",
        "Location sharing",
        "A driver's live location is shared only when the driver taps Check in; there is no "
        "continuous background GPS tracking.",
        ["location sharing", "tracking"],
        attributes={"background_gps": False},
    ),
    _claim(
        "dpa",
        "Data Processing Addendum",
        "The Data Processing Addendum applies to every customer. For transfers out of the EEA "
        "and the UK it incorporates the EU Standard Contractual Clauses (2021/914).",
        ["dpa", "sccs", "data transfers"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Users who sign in with a password can enrol in multi-factor authentication with an "
        "authenticator app. On every plan an administrator can make MFA mandatory for all "
        "password users with the 'Enforce MFA' setting, which is off by default.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "encryption-at-rest",
        "Encryption at rest",
        "All customer data, including receipt images, is encrypted at rest with AES-256.",
        ["encryption at rest", "aes-256"],
    ),
    _claim(
        "customer-pentest",
        "Customer-run penetration tests",
        "Customers are not permitted to run their own penetration tests against the service.",
        ["customer penetration test", "security testing"],
        status="no",
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_the_clause_about_what_is_asked_keeps_the_bound(ask) -> None:
    answer = ask(
        "Upon termination of the agreement, will our data be deleted from your production "
        "systems within 90 days?"
    )
    assert answer.verdict == "yes"
    assert "60 days" in answer.text


def test_gps_location_is_gps(ask) -> None:
    answer = ask("Is GPS location tracked continuously in the background?")
    assert answer.verdict == "no"


def test_out_of_the_eea_is_outside_the_eea(ask) -> None:
    answer = ask(
        "Does your data processing agreement incorporate the EU Standard Contractual Clauses "
        "for transfers outside the EEA?"
    )
    assert answer.verdict == "yes"
    assert "2021/914" in answer.text


def test_users_who_log_in_with_a_password_are_password_users(ask) -> None:
    answer = ask(
        "Can our administrators make multi-factor authentication mandatory for every user who "
        "logs in with a password?"
    )
    assert answer.verdict == "yes"
    assert "Enforce MFA" in answer.text


def test_an_equivalent_algorithm_asks_for_the_one_named(ask) -> None:
    answer = ask(
        "Please confirm that customer data at rest, including scanned receipt images, is "
        "encrypted using AES-256 or an equivalent strong algorithm."
    )
    assert answer.verdict == "yes"
    assert ask("Is data at rest encrypted with an equivalent strong algorithm?").verdict != "yes"


def test_our_red_team_is_the_customer(ask) -> None:
    question = "Will you permit our internal red team to perform penetration testing against the production service?"
    assert ask(question).verdict == "no"
    assert (
        ask("May our security team perform its own penetration test against our tenant?").verdict
        == "no"
    )


OUTSIDE_CLAIMS = [
    _claim(
        "dpa",
        "Data Processing Addendum",
        "For transfers outside the EEA the Data Processing Addendum incorporates the EU Standard "
        "Contractual Clauses (2021/914). Support is staffed outside business hours too.",
        ["dpa", "sccs", "data transfers"],
    ),
]

ask_outside = _asker(OUTSIDE_CLAIMS, VENDOR)


def test_outside_a_place_does_not_take_the_mention_out_of_scope(ask_outside) -> None:
    answer = ask_outside("Does your DPA include the SCCs for data transfers?")
    assert answer.verdict == "yes"
    assert "2021/914" in answer.text


PENTEST_CLAIMS = [
    _claim(
        "pentest",
        "Independent penetration testing",
        "An independent CREST-accredited firm performs a penetration test of the Brindle "
        "platform and the public API every 12 months. Brindle Connect (the ATS connectors) is "
        "not in scope of the test. An executive summary letter is available on request.",
        ["penetration test", "pentest"],
    ),
    _claim(
        "firmware",
        "Firmware",
        "Hub and reader firmware images are signed. Hub security updates ship monthly.",
        ["firmware", "security updates"],
    ),
]

ask_pentest = _asker(PENTEST_CLAIMS, VENDOR)


def test_a_qualifier_of_the_claims_subject_is_covered_anywhere_in_it(ask_pentest) -> None:
    answer = ask_pentest(
        "Please provide the executive summary of your most recent third-party penetration test."
    )
    assert answer.verdict == "partial"  # the summary is given on request
    assert answer.match["claims"] == ["pentest"]


def test_a_name_in_brackets_is_excluded_with_the_name_before_it(ask_pentest) -> None:
    answer = ask_pentest("Does your annual penetration test include the ATS connectors?")
    assert answer.verdict == "no"


def test_a_thing_named_elsewhere_in_the_claim_is_not_a_qualifier(ask_pentest) -> None:
    answer = ask_pentest("How often are security patches released for the reader firmware?")
    assert answer.verdict == "unknown"


WORDING_CLAIMS = [
    _claim(
        "regions",
        "Hosting regions",
        "Brindle hosts customer data on AWS in Frankfurt (eu-central-1) or Sydney "
        "(ap-southeast-2), as the customer chooses. Data and backups stay in the chosen region.",
        ["hosting", "regions", "data residency"],
        attributes={"regions": ["eu-central-1", "ap-southeast-2"]},
    ),
    _claim(
        "dpa",
        "DPA",
        "Brindle's DPA applies to all customers and incorporates the EU Standard Contractual "
        "Clauses (2021).",
        ["dpa", "sccs"],
    ),
    _claim(
        "tls",
        "Encryption in transit",
        "All connections use TLS 1.2 or higher; TLS 1.0 and 1.1 are refused.",
        ["tls", "encryption in transit"],
    ),
    _claim(
        "vulnerabilities",
        "Vulnerability management",
        "Remediation targets are 7 days for critical and 30 days for high findings.",
        ["vulnerability management"],
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies customers of a personal data breach within 24 hours of becoming aware "
        "of it.",
        ["breach notification"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Multi-factor authentication is enforced for every user with TOTP apps or WebAuthn "
        "keys; no SMS codes.",
        ["mfa", "2fa"],
        attributes={"sms": False},
    ),
]

ask_wording = _asker(WORDING_CLAIMS, VENDOR)


def test_where_the_customer_is_does_not_narrow_where_data_is_hosted(ask_wording) -> None:
    question = "Our group is headquartered in Germany. Can our tenant be hosted in Frankfurt?"
    assert ask_wording(question).verdict == "yes"
    question = "We are an Australian retailer. Can our data be hosted in Australia and stay there?"
    assert ask_wording(question).verdict == "yes"
    question = "Our firm is headquartered in Melbourne. Can our tenant and all its data be hosted in Sydney?"
    assert ask_wording(question).verdict == "yes"


def test_the_sccs_are_for_transfers_outside_the_eea(ask_wording) -> None:
    answer = ask_wording("Does your DPA include the SCCs for transfers outside the EEA?")
    assert answer.verdict == "yes"


def test_deprecated_protocols_and_or_stronger_are_tls_versions(ask_wording) -> None:
    assert ask_wording("Are legacy protocol versions such as TLS 1.0 refused?").verdict == "yes"
    answer = ask_wording("Is all data in transit protected using TLS 1.2 or stronger?")
    assert answer.verdict == "yes"


def test_a_remediation_sla_is_the_remediation_target(ask_wording) -> None:
    answer = ask_wording("What is your remediation SLA for vulnerabilities rated critical?")
    assert answer.verdict == "yes"
    assert "7 days" in answer.text


def test_within_hours_of_discovery_keeps_the_bound(ask_wording) -> None:
    answer = ask_wording(
        "Will you notify us of a personal data breach within 48 hours of discovery?"
    )
    assert answer.verdict == "yes"


def test_sms_as_an_mfa_factor_is_sms_for_mfa(ask_wording) -> None:
    assert ask_wording("Are SMS one-time passcodes supported as an MFA factor?").verdict == "no"


BACKUP_CLAIMS = [
    _claim(
        "backups",
        "Backups",
        "Brindle backs up tenant databases daily; backups are encrypted and copied to a second "
        "availability zone in the same region, and backups never leave the region.",
        ["backups", "disaster recovery"],
    ),
]

ask_backups = _asker(BACKUP_CLAIMS, VENDOR)


def test_never_leaving_the_region_affirms_staying_in_it(ask_backups) -> None:
    assert ask_backups("Do backups stay in the same region?").verdict == "yes"
    question = "Please confirm that backups of our data remain in the same hosting region."
    assert ask_backups(question).verdict == "yes"
    assert ask_backups("Do backups ever leave the region?").verdict == "no"


CATEGORY_VENDOR = {
    **VENDOR,
    "summary": "Mortgage loan origination SaaS for lenders and brokers: a borrower portal and "
    "document collection. Plans: Starter, Professional, Enterprise.",
}
CATEGORY_CLAIMS = [
    _claim(
        "iso27001",
        "ISO/IEC 27001 certification",
        "Brindle holds an ISO/IEC 27001:2022 certificate covering the Brindle platform.",
        ["iso 27001", "certification"],
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Brindle hosts each tenant in the region chosen at provisioning: US (N. Virginia), EU "
        "(Frankfurt), UK (London) or Australia (Sydney).",
        ["hosting", "regions"],
        attributes={
            "regions": ["US (N. Virginia)", "EU (Frankfurt)", "UK (London)", "Australia (Sydney)"]
        },
    ),
    _claim(
        "dr",
        "Disaster recovery",
        "The recovery point objective (RPO) is 1 hour and the recovery time objective (RTO) is "
        "8 hours.",
        ["disaster recovery", "rpo", "rto"],
    ),
    _claim(
        "customer-pentest",
        "Customer-run penetration testing",
        "Customers may penetration-test their own tenant only with Brindle's prior written "
        "approval.",
        ["customer penetration test", "security testing"],
        status="yes-gated",
        default="requires-approval",
    ),
]

ask_category = _asker(CATEGORY_CLAIMS, CATEGORY_VENDOR)


def test_what_the_vendor_is_said_of_a_platform_is_the_service(ask_category) -> None:
    question = (
        "Do you hold a current ISO/IEC 27001 certification covering the loan origination platform?"
    )
    assert ask_category(question).verdict == "yes"


def test_only_hosting_options_asks_for_the_whole_list(ask_category) -> None:
    answer = ask_category(
        "Confirm that your only hosting options are the US (N. Virginia) and EU (Frankfurt)."
    )
    assert answer.verdict == "no"


def test_no_more_than_bounds_a_figure_and_negates_nothing(ask_category) -> None:
    answer = ask_category(
        "What is your recovery point objective? Please confirm it is no more than one hour."
    )
    assert answer.verdict == "yes"
    assert "1 hour" in answer.text


def test_our_team_conducting_its_own_test_is_the_customer_testing(ask_category) -> None:
    answer = ask_category(
        "May our security team conduct its own penetration test against our tenant?"
    )
    assert answer.verdict == "partial"
    question = "Our security team intends to perform its own penetration test of your service. Is this permitted?"
    assert ask_category(question).verdict == "partial"


SUBPROCESSOR_CLAIMS = [
    _claim(
        "subprocessors-2025",
        "Sub-processors",
        "Brindle's sub-processors are Corvane Cloud (hosting), Mailvane (transactional email) "
        "and Tallyhelp (support ticketing).",
        ["sub-processors"],
        attributes={"subprocessors": ["Corvane Cloud", "Mailvane", "Tallyhelp"]},
    )
    | {"superseded_by": "subprocessors", "as_of": "2025-03-01"},
    _claim(
        "subprocessors",
        "Sub-processors",
        "Brindle's sub-processors are Corvane Cloud (hosting), Postlark (transactional email, "
        "replacing Mailvane) and Tallyhelp (support ticketing).",
        ["sub-processors"],
        attributes={"subprocessors": ["Corvane Cloud", "Postlark", "Tallyhelp"]},
    ),
    _claim(
        "baa",
        "HIPAA BAA",
        "Brindle signs a BAA for Brindle Workspace on the Enterprise plan.",
        ["hipaa", "baa"],
        attributes={"covered_products": ["Brindle Workspace"]},
    ),
]

ask_subprocessors = _asker(SUBPROCESSOR_CLAIMS, VENDOR)


def test_a_name_the_current_list_dropped_is_no_longer_a_member(ask_subprocessors) -> None:
    answer = ask_subprocessors("Is Mailvane currently one of your sub-processors?")
    assert answer.verdict == "no"
    assert "Postlark" in answer.text
    assert answer.match["claims"] == ["subprocessors"]
    answer = ask_subprocessors("Please confirm Mailvane remains your sub-processor for email.")
    assert answer.verdict == "no"


def test_a_name_still_listed_or_asked_of_the_past_is_not_dropped(ask_subprocessors) -> None:
    assert ask_subprocessors("Is Postlark one of your sub-processors?").verdict == "yes"
    assert ask_subprocessors("Was Mailvane a sub-processor in 2025?").verdict != "no"


POLARITY_CLAIMS = [
    _claim(
        "ai-training",
        "AI features and training",
        "Draft Assist, the AI writing helper, is off by default and is turned on per account. "
        "Brindle does not use customer data, including donor records, to train or fine-tune AI "
        "models.",
        ["ai", "model training"],
    ),
    _claim(
        "backups-dr",
        "Backups and disaster recovery",
        "Production databases are backed up continuously; backups are retained for 35 days and "
        "copied to a second availability zone in the same region, so backups never leave the "
        "region.",
        ["backups", "disaster recovery"],
    ),
]

ask_polarity = _asker(POLARITY_CLAIMS, VENDOR)


def test_a_later_sentence_denying_training_answers_an_exclusion_question(ask_polarity) -> None:
    question = "Please confirm that our donor data is excluded from the training of any AI models."
    assert ask_polarity(question).verdict == "yes"
    assert ask_polarity("Is our donor data used to train AI models?").verdict == "no"


def test_a_detail_sentence_that_never_leaves_the_region_affirms_staying(ask_polarity) -> None:
    question = (
        "Do backup copies of customer data remain within the same region as the primary data?"
    )
    assert ask_polarity(question).verdict == "yes"


ROW_CLAIMS = [
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Administrators can require multi-factor authentication for every user of the "
        "workspace, on every plan. Supported factors are TOTP apps and WebAuthn security keys.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "identity",
        "SSO and SCIM",
        "SAML 2.0 single sign-on and SCIM 2.0 provisioning are available on every plan.",
        ["sso", "saml", "scim"],
        default="requires-configuration",
    ),
    _claim(
        "subprocessor-notice",
        "Sub-processor changes",
        "Brindle gives customers 30 days' notice by email before adding a new sub-processor, "
        "and customers may object.",
        ["sub-processors", "notice"],
    ),
    _claim(
        "audit-log",
        "Audit log",
        "The audit log records sign-ins, document downloads and exports, with the user and time.",
        ["audit log"],
    ),
]

ask_rows = _asker(ROW_CLAIMS, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Can our staff users register a hardware security key (FIDO2) as their second factor?",
        "Can our administrators require every user to enrol in multi-factor authentication?",
        "Identity: Do you support both SAML SSO and automated provisioning via SCIM?",
        "Describe how far in advance customers are informed of new sub-processors.",
        "Is there an audit trail showing which users downloaded documents?",
    ],
)
def test_row_wordings_of_real_questionnaires(ask_rows, question) -> None:
    assert ask_rows(question).verdict == "yes"


GATE_CLAIMS = [
    _claim(
        "scim",
        "SCIM provisioning",
        "SCIM 2.0 user provisioning and deprovisioning is available on the Enterprise plan once "
        "SSO is configured; it stays off until the customer's administrator sets it up.",
        ["scim", "provisioning"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "customer-managed-keys",
        "Customer-managed encryption keys",
        "Customer-managed encryption keys are offered as a paid add-on to the Enterprise plan "
        "only; the Starter and Team plans do not offer them.",
        ["byok", "customer-managed keys"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "sso",
        "Single sign-on",
        "The console supports SAML 2.0 single sign-on on the Enterprise plan only.",
        ["sso", "saml"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "deletion",
        "Deletion at termination",
        "All customer data is deleted within 30 days of termination, after a 30-day export "
        "window on request.",
        ["deletion", "termination"],
    ),
    _claim(
        "dr",
        "Disaster recovery",
        "The disaster recovery plan sets an RPO of 1 hour and an RTO of 4 hours, and disaster "
        "recovery failover is tested every year.",
        ["disaster recovery", "rpo", "rto"],
    ),
    _claim(
        "mfa",
        "MFA",
        "MFA uses TOTP apps or WebAuthn keys; there are no SMS codes.",
        ["mfa", "2fa"],
        attributes={"sms": False},
    ),
    _claim(
        "edge",
        "Edge processing",
        "Regional Lock restricts TLS termination and caching to EU points of presence.",
        ["regional lock", "edge"],
    ),
]

GATE_VENDOR = {**VENDOR, "summary": "Team workspace. Plans: Starter, Team, Enterprise."}
ask_gates = _asker(GATE_CLAIMS, GATE_VENDOR)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Can user accounts be provisioned and deprovisioned automatically via SCIM?", "partial"),
        ("Do you support bring-your-own-key (customer-managed keys) for data at rest?", "partial"),
        ("Does the console support SAML 2.0 single sign-on with our identity provider?", "partial"),
        ("Will all of our data be deleted within 30 days of contract termination?", "yes"),
        ("Is DR failover tested at least annually?", "yes"),
        ("Are SMS one-time passcodes excluded as a second factor?", "yes"),
        ("After contract termination, how soon are our zone configurations deleted?", "unknown"),
    ],
)
def test_gates_and_wordings_of_a_round_28_set(ask_gates, question, verdict) -> None:
    assert ask_gates(question).verdict == verdict


MOVE_CLAIMS = [
    _claim(
        "regions",
        "Data residency",
        "Customers choose a hosting region when their tenant is created: United States (AWS "
        "us-east-2), European Union (AWS eu-central-1) or United Kingdom (AWS eu-west-2).",
        ["hosting", "regions", "data residency"],
        attributes={"regions": ["us-east-2", "eu-central-1", "eu-west-2"]},
    ),
]

ask_move = _asker(MOVE_CLAIMS, VENDOR)


def test_moving_a_tenant_between_regions_is_not_choosing_one(ask_move) -> None:
    # Round 29's first run answered this `yes` from the regions offered (FB013).
    question = "Can we move our tenant from the EU region to the UK region after go-live?"
    answer = ask_move(question)
    assert answer.verdict == "unknown"
    assert "move" in answer.text
    assert ask_move("Can we choose the UK region for our tenant?").verdict == "yes"


SAME_REGION_CLAIMS = [
    _claim(
        "backups-dr",
        "Backups and disaster recovery",
        "Production databases are backed up every 6 hours; backups are encrypted, retained for "
        "35 days and copied to a second availability zone in the same AWS region, and backups "
        "never leave the region.",
        ["backups", "disaster recovery"],
    ),
]

ask_same_region = _asker(SAME_REGION_CLAIMS, VENDOR)


def test_backups_kept_in_the_same_region_against_a_clause_that_never_leaves_it(
    ask_same_region,
) -> None:
    question = "Are backups kept within the same geographic region as the primary production data?"
    assert ask_same_region(question).verdict == "yes"
    question = "Are backups replicated to a secondary geographic region for disaster recovery?"
    assert ask_same_region(question).verdict == "no"


ENDPOINT_CLAIMS = [
    _claim(
        "tls",
        "Encryption in transit",
        "All connections to the web application and the API use TLS 1.2 or higher; TLS 1.0 "
        "and TLS 1.1 are rejected.",
        ["tls", "encryption in transit"],
    ),
]

ask_endpoints = _asker(ENDPOINT_CLAIMS, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Are the legacy protocols TLS 1.0 and TLS 1.1 disabled on all customer-facing endpoints?",
        "Confirm that TLS 1.0 and 1.1 are disabled on every externally facing endpoint.",
        "Please confirm that all connections to the platform require TLS 1.2 or later.",
    ],
)
def test_every_endpoint_is_every_connection_a_tls_claim_speaks_of(ask_endpoints, question) -> None:
    assert ask_endpoints(question).verdict == "yes"


SUPPORT_CLAIMS = [
    _claim(
        "support-access",
        "Support access",
        "Support staff can open a customer account only after an administrator grants support "
        "access. Support staff access grants expire after 72 hours.",
        ["support access"],
    ),
]

ask_support = _asker(SUPPORT_CLAIMS, VENDOR)


def test_time_limited_access_is_access_that_expires(ask_support) -> None:
    answer = ask_support("Is support staff access to a customer account limited in time?")
    assert answer.verdict == "yes"
    assert "72 hours" in answer.text

"""Questions every vendor gets, asked against claims worded as trust pages word them (issue 10,
round 34).

A claim that makes every account use MFA ("enforced for every user account by default")
answers a question on administrator accounts; one that only lets an administrator require it
does not, because whose administrator accounts the question means is then open. The
wordings come from the round 31–33 blind held-out sets.
"""

import pytest

from questionnaires.aspects import as_written
from questionnaires.shape import read_shape
from questionnaires.text import normalise
from tests.test_autofill_round11 import VENDOR, _asker, _claim

CLAIMS = [
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Multi-factor authentication is enforced for every user account by default on all "
        "plans, using a TOTP authenticator app or a WebAuthn security key. SMS one-time codes "
        "are not supported as a second factor.",
        ["mfa", "2fa", "multi-factor authentication"],
        attributes={"factors": ["TOTP", "WebAuthn"], "unsupported_factors": ["SMS"]},
    ),
]

ask = _asker(CLAIMS, VENDOR)

OPTIONAL_MFA = [
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Brindle supports multi-factor authentication with authenticator apps. MFA is optional "
        "for users by default. Account administrators can require MFA for every user of the "
        "account.",
        ["mfa", "2fa", "multi-factor authentication"],
        default="requires-configuration",
    ),
]

ask_optional = _asker(OPTIONAL_MFA, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Is MFA enforced for all administrator accounts?",
        "Is multi-factor authentication required for every administrative account?",
    ],
)
def test_mfa_enforced_on_every_account_answers_for_administrator_accounts(ask, question) -> None:
    answer = ask(question)
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["mfa"]
    assert "every user account" in answer.text


def test_mfa_an_administrator_can_require_leaves_administrator_accounts_open(
    ask_optional,
) -> None:
    answer = ask_optional(
        "Is multi-factor authentication enforced for all administrative accounts?"
    )
    assert answer.verdict == "unknown"


def test_mfa_required_for_every_account_asks_whether_it_is_mandatory(ask) -> None:
    # "required for all…" asks whether MFA is mandatory, which the claim decides; it does
    # not ask whether the service requires a step of the customer.
    answer = ask("Is MFA required for all user logins to the platform?")
    assert answer.verdict == "yes"
    assert answer.match["aspect"] == "members"


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("Is MFA required for all user logins to the platform?", "members"),
        ("Is multi-factor authentication mandatory for every administrator account?", "members"),
        ("Is customer approval required for every support session?", "requires"),
        ("Does support access require our approval?", "requires"),
        ("Do you require TLS 1.2 or higher for all connections to the API?", "members"),
        ("Do you require our approval before support staff access data?", "requires"),
    ],
)
def test_what_required_for_every_asks(question: str, aspect: str) -> None:
    assert read_shape(normalise(question)).aspect == aspect


REQUIREMENTS = [
    _claim(
        "dpa",
        "Data processing agreement",
        "Brindle's Data Processing Agreement covers the EU GDPR and the UK GDPR. The DPA is "
        "part of the subscription terms on every plan, so no separate signature is needed.",
        ["dpa", "data processing agreement"],
    ),
]

ask_requirements = _asker(REQUIREMENTS, VENDOR)


def test_an_unrecorded_requirement_reads_as_one_sentence_case_reason(ask_requirements) -> None:
    answer = ask_requirements(
        "Does your standard Data Processing Agreement cover the UK GDPR, and does it require a "
        "separate signature?"
    )
    assert answer.verdict == "unknown"
    assert ". the " not in answer.text
    assert "does not decide this. The knowledge base" not in answer.text


LOGS = [
    _claim(
        "activity-log",
        "Activity log",
        "Brindle records admin and manager actions, including pay rate changes and role "
        "changes, in an activity log. The log is kept for 365 days on the Pro and Enterprise "
        "plans and for 30 days on the Starter plan, and can be exported as CSV.",
        ["activity log", "audit log"],
    ),
    _claim(
        "vulnerability-remediation",
        "Vulnerability remediation",
        "Critical vulnerabilities are fixed within 7 days and high-severity ones within 30 "
        "days of being confirmed.",
        ["vulnerability remediation", "patching"],
    ),
]

ask_logs = _asker(LOGS, VENDOR)


def test_a_sentence_about_the_thing_an_earlier_one_named_is_read_with_it(ask_logs) -> None:
    # "The log is kept…" speaks of the activity log the first sentence names.
    answer = ask_logs("Are audit logs of administrative activity retained for at least 30 days?")
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["activity-log"]


@pytest.mark.parametrize(
    "question",
    [
        "Are audit logs of administrative activity retained for at least one year?",
        "Are audit logs retained for a minimum of 12 months?",
        "Are audit logs kept for at least 365 days?",
    ],
)
def test_a_bound_met_on_some_plans_only_is_partial(ask_logs, question) -> None:
    answer = ask_logs(question)
    assert answer.verdict == "partial"
    assert answer.text.startswith("Partially: met on some plans only")
    assert "365 days" in answer.text


def test_figures_for_different_things_leave_the_bound_to_its_own_figure(ask_logs) -> None:
    answer = ask_logs("Are critical vulnerabilities remediated within 7 days?")
    assert answer.verdict == "yes"


PRIVACY = [
    _claim(
        "support-access",
        "Support staff access to customer data",
        "Brindle support staff cannot view a pharmacy's patient data unless a pharmacy "
        "administrator grants access for a specific support ticket. Access is limited to 72 "
        "hours.",
        ["support access", "staff access"],
        default="requires-approval",
    ),
    _claim(
        "no-model-training",
        "No training of AI models on customer data",
        "Brindle does not use customer or patient data to train machine learning or AI models, "
        "whether its own or a third party's.",
        ["ai training", "model training"],
        status="no",
    ),
]

ask_privacy = _asker(PRIVACY, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Can Brindle support personnel access our patient data while working on a support case?",
        "Can support engineers view our patient data when handling a ticket?",
    ],
)
def test_support_working_on_a_case_is_supports_own_purpose(ask_privacy, question) -> None:
    answer = ask_privacy(question)
    assert answer.verdict == "partial"
    assert answer.match["claims"] == ["support-access"]


def test_a_third_partys_models_are_third_party_models(ask_privacy) -> None:
    answer = ask_privacy(
        "Do you ever use patient or customer data to train AI or machine learning models, "
        "including third-party models?"
    )
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["no-model-training"]


REGIONS = [
    _claim(
        "data-residency",
        "Hosting regions and data residency",
        "Customers choose to host their data in the United States (Ohio) or Canada (Montreal) "
        "when the account is created. Brindle does not offer hosting in the European Union, "
        "the United Kingdom or any other region.",
        ["data residency", "hosting region"],
        attributes={
            "regions": ["United States (Ohio)", "Canada (Montreal)"],
            "not_offered": ["European Union", "United Kingdom"],
        },
    ),
]

ask_regions = _asker(REGIONS, VENDOR)


def test_choosing_a_place_the_claim_lets_customers_choose_from_is_decided(ask_regions) -> None:
    answer = ask_regions(
        "Can we choose to have our data hosted in the EU, for example in Frankfurt?"
    )
    assert answer.verdict == "no"
    assert ask_regions("Can we choose to have our data hosted in Canada?").verdict == "yes"


@pytest.mark.parametrize(
    ("term", "question", "written"),
    [
        ("byok", "Does BYOK cover backups?", "BYOK"),
        ("canada", "Do you host in canada or the US?", "Canada"),
        ("us", "Can our data stay in the United States?", "US"),
        ("uk", "Is UK hosting offered?", "UK"),
        ("insights", "Is Brindle Insights in scope?", "Insights"),
    ],
)
def test_an_excluded_term_is_written_as_the_question_wrote_it(term, question, written) -> None:
    assert as_written(term, question) == written


CERTIFICATES = [
    _claim(
        "iso27001",
        "ISO/IEC 27001 certification",
        "Brindle is certified to ISO/IEC 27001:2022. The certificate, issued by Certivance "
        "Ltd, an accredited certification body, covers the Brindle platform.",
        ["iso 27001", "isms"],
        attributes={"standard": "ISO/IEC 27001:2022", "certification_body": "Certivance Ltd"},
    ),
]

ask_certificates = _asker(CERTIFICATES, VENDOR)

UNNAMED_BODY = [
    _claim(
        "iso27001",
        "ISO/IEC 27001 certification",
        "Brindle is certified to ISO/IEC 27001:2022. The certificate was issued in September "
        "2025 by an accredited certification body.",
        ["iso 27001", "isms"],
    ),
]

ask_unnamed_body = _asker(UNNAMED_BODY, VENDOR)


@pytest.mark.parametrize(
    "question",
    [
        "Is the organisation certified against ISO/IEC 27001 by an accredited certification "
        "body? Please attach the certificate.",
        "Do you hold a current ISO/IEC 27001 certification? Name the certification body.",
    ],
)
def test_a_recorded_certification_body_names_who_certified(ask_certificates, question) -> None:
    answer = ask_certificates(question)
    assert answer.verdict == "yes"
    assert "Certivance Ltd" in answer.text


def test_an_unnamed_certification_body_does_not_say_which_it_was(ask_unnamed_body) -> None:
    answer = ask_unnamed_body("Which certification body issued your ISO 27001 certificate?")
    assert answer.verdict == "unknown"


def test_the_certification_body_is_not_the_accreditation_body(ask_certificates) -> None:
    answer = ask_certificates(
        "Is the certification body that issued your ISO 27001 certificate accredited, and by "
        "which accreditation body?"
    )
    assert answer.verdict == "unknown"


SERVICE_LEVELS = [
    _claim(
        "uptime-sla",
        "Uptime SLA",
        "Brindle commits to 99.9% monthly availability on the Group plan, with service "
        "credits if the target is missed. The Essentials plan has no contractual uptime SLA.",
        ["sla", "uptime"],
        attributes={"plans": ["Group"]},
    ),
    _claim(
        "incident-notification",
        "Personal data breach notification",
        "Brindle notifies affected customers of a personal data breach no later than 48 hours "
        "after confirming it.",
        ["breach notification"],
    ),
]

ask_service_levels = _asker(SERVICE_LEVELS, VENDOR)


def test_a_service_level_agreement_is_the_sla(ask_service_levels) -> None:
    answer = ask_service_levels(
        "Please confirm whether a service level agreement with service credits applies to us."
    )
    assert answer.verdict == "partial"
    assert answer.match["claims"] == ["uptime-sla"]


def test_whose_rule_sets_the_figure_is_not_asked_of_the_claims(ask_service_levels) -> None:
    answer = ask_service_levels(
        "Within what period will you notify us of a personal data breach, and is it within "
        "the 36 hours our contract requires?"
    )
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["incident-notification"]
    assert "48 hours" in answer.text


BACKUPS = [
    _claim(
        "data-retention",
        "Data retention",
        "When a contract ends, the customer can export its data for 30 days, and all customer "
        "data is deleted within 60 days; copies in backups expire with the 35-day backup "
        "retention.",
        ["retention", "data retention", "deletion"],
    ),
    _claim(
        "backups",
        "Backups",
        "Production databases are backed up daily, and backups are kept for 35 days.",
        ["backups", "backup"],
    ),
]

ask_backups = _asker(BACKUPS, VENDOR)


def test_a_claim_saying_how_often_answers_how_often_before_one_stating_days(ask_backups) -> None:
    answer = ask_backups(
        "Are production backups taken at least daily and retained for at least 30 days?"
    )
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["backups"]

"""Support access the customer grants, asked as customers ask it, for any vendor (issue 10,
round 31).

A trust page's support-access claim says the customer's own administrator grants access: "…
cannot see a club's member data unless a club administrator grants access", "support must be
granted access by an account administrator", "A club administrator can grant support access
…". Questions ask it with a reason ("to troubleshoot an issue"), a request for the
conditions, or "without our permission", and call the staff a team, personnel or engineers.
The approval is the customer's, so the answer never says it needs the vendor's. A later
sentence naming the same subject ("Support staff have no standing access …") is read with the
first. A question about what a claim leaves out ("incidents that do not involve personal
data" against a claim on personal-data breaches) is ``unknown``. An
administrator the vendor's own words qualify ("a security administrator", "a Brindle
administrator") is the vendor's control, and gates nothing the customer gives. The wordings
come from the round 30 blind held-out sets.
"""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from questionnaires.coverage import claim_terms
from questionnaires.grants import gates_on_customer
from questionnaires.terms import stem
from tests.test_autofill_round11 import SOURCE, VENDOR, _asker, _claim, asking

CLAIMS = [
    _claim(
        "support-access",
        "Support staff access to customer data",
        "Brindle support staff cannot view a club's member records unless a club administrator "
        "grants a support session from the admin console. A session lasts 72 hours, and every "
        "action is recorded in the audit log. Support staff have no standing access to member "
        "records.",
        ["support access", "staff access"],
        default="requires-approval",
        attributes={"session_hours": 72, "standing_access": False},
    ),
    _claim(
        "incident-notification",
        "Security incident notification",
        "Under the DPA, Brindle notifies affected customers of a personal data breach without "
        "undue delay and no later than 48 hours after becoming aware of it.",
        ["breach notification", "incident notification"],
    ),
    _claim(
        "bug-bounty",
        "Bug bounty programme",
        "Brindle does not run a bug bounty programme and does not pay monetary rewards for "
        "vulnerability reports.",
        ["bug bounty", "bounty"],
        status="no",
    ),
    _claim(
        "sso",
        "Single sign-on (SAML)",
        "SAML 2.0 single sign-on is available and must be configured by an organization "
        "administrator with the customer's identity provider.",
        ["sso", "single sign-on", "saml"],
        default="requires-configuration",
    ),
    _claim(
        "dashboard-mfa",
        "Multi-factor authentication for dashboard users",
        "Every dashboard user must set up multi-factor authentication at first sign-in, on "
        "every plan, and MFA cannot be turned off.",
        ["mfa", "2fa"],
    ),
    _claim(
        "encryption-at-rest",
        "Encryption at rest",
        "Customer data, including file storage and backups, is encrypted at rest with AES-256.",
        ["encryption at rest", "at rest"],
    ),
    _claim(
        "backups",
        "Backups",
        "Production databases are backed up every 24 hours. Backups are retained for 35 days.",
        ["backups", "backup"],
    ),
    _claim(
        "subprocessors",
        "Sub-processors",
        "Brindle uses the following sub-processors: Cirrusgate Cloud (hosting) and Postvale "
        "(transactional email).",
        ["sub-processor", "subprocessor"],
    ),
    _claim(
        "ai-training",
        "No training on customer data",
        "Brindle does not use customer data, documents or prompts to train or fine-tune "
        "machine learning models.",
        ["ai training", "model training"],
        status="no",
    ),
    _claim(
        "ai-assist",
        "Brindle Assist (AI note drafting)",
        "Brindle Assist drafts notes from dictation; it is off by default.",
        ["assist", "note drafting"],
        default="requires-configuration",
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


def _record_fields() -> dict:
    """The fields coverage reads of a claim record, for the support-access claim."""
    return {
        "id": 1,
        "vendor": "brindle",
        "title": CLAIMS[0]["title"],
        "keywords": CLAIMS[0]["keywords"],
        "status": "yes",
        "conditions": CLAIMS[0]["conditions"],
        "updated_at": datetime(2026, 10, 1, tzinfo=UTC),
    }


@pytest.mark.parametrize(
    "question",
    [
        "Can Brindle's support team access our account to troubleshoot an issue?",
        "Can your support personnel access our data? Describe the conditions.",
        "Under what circumstances can Brindle support agents access our member records?",
        "Can Brindle support engineers view our member records when troubleshooting a ticket?",
    ],
)
def test_support_access_with_a_reason_or_asking_the_conditions_is_partial(ask, question) -> None:
    answer = ask(question)
    assert answer.verdict == "partial"
    assert "72 hours" in answer.text
    assert answer.match["claims"] == ["support-access"]


def test_the_customers_own_grant_is_not_called_the_vendors_approval(ask) -> None:
    answer = ask("Can Brindle support staff access our member records?")
    assert answer.verdict == "partial"
    assert "Brindle's approval" not in answer.text
    assert "once the customer grants it" in answer.text


def test_a_passive_grant_by_a_named_customer_administrator_gates_access(ask) -> None:
    answer = ask("Can Brindle support engineers access our data without the club's permission?")
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["support-access"]


def test_a_later_sentence_naming_the_same_subject_is_read_with_the_first() -> None:
    # "standing access" is in the third sentence, "a club's" in the first: both are about
    # "support staff", so one passage speaks of both; "A session lasts…" is another subject.
    record = SimpleNamespace(**{**_record_fields(), "statement": CLAIMS[0]["statement"]})
    passages = claim_terms(record).passages  # type: ignore[arg-type]
    assert any({stem("standing"), stem("club")} <= passage for passage in passages)
    assert not any({stem("lasts"), stem("standing")} <= passage for passage in passages)


def test_what_a_question_leaves_out_of_a_claim_is_unknown(ask) -> None:
    answer = ask(
        "Will you notify us of security incidents affecting our club that do not involve "
        "personal data?"
    )
    assert answer.verdict == "unknown"
    assert "not involving personal data" in answer.text
    assert ask("Will you notify us of a personal data breach?").verdict == "yes"


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


@pytest.mark.parametrize(
    "question",
    [
        "Do you operate a bug bounty program that pays monetary rewards to external researchers?",
        "Do you run a bug bounty programme that rewards external security researchers?",
    ],
)
def test_a_bug_bounty_is_read_as_paying_external_researchers(ask, question: str) -> None:
    answer = ask(question)
    assert answer.verdict == "no"
    assert answer.match["claims"] == ["bug-bounty"]


@pytest.mark.parametrize(
    "question",
    [
        "Do you support SAML-based single sign-on for our attorneys and staff?",
        "Does the platform support SAML single sign-on for our club managers and front-desk staff?",
        "Do you support SAML 2.0 single sign-on for district staff?",
    ],
)
def test_sso_for_a_group_of_the_customers_people_is_sso_for_its_users(ask, question: str) -> None:
    # Supported, once the customer configures it: ``yes``, naming the setting (issue 10, 7).
    answer = ask(question)
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["sso"]
    assert "configure" in answer.text


def test_every_user_must_set_it_up_is_enforced(ask) -> None:
    answer = ask("Is multi-factor authentication enforced for all users of the dashboard?")
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["dashboard-mfa"]


def test_the_maximum_time_to_notify_asks_for_the_period(ask) -> None:
    answer = ask(
        "What is the maximum time within which you will notify us of a personal data breach?"
    )
    assert answer.verdict == "yes"
    assert "48 hours" in answer.text


@pytest.mark.parametrize(
    ("question", "verdict", "fact"),
    [
        (
            "Is customer data encrypted at rest using AES-256 or a stronger algorithm?",
            "yes",
            "AES-256",
        ),
        (
            "Are backups performed at least daily and retained for a minimum of 30 days?",
            "yes",
            "35 days",
        ),
        (
            "Please list all third-party sub-processors that may process customer data.",
            "yes",
            "Postvale",
        ),
        ("Do you ever use the documents we upload to train machine learning models?", "no", ""),
        # "(AI note drafting)" describes Brindle Assist; "AI" is not its short name.
        ("Do you ever use customer data to train or fine-tune AI models?", "no", ""),
    ],
)
def test_general_wordings_of_round_31(ask, question: str, verdict: str, fact: str) -> None:
    answer = ask(question)
    assert answer.verdict == verdict
    assert fact in answer.text


def test_a_floor_on_how_long_is_kept_by_the_period_not_by_the_frequency(tmp_path) -> None:
    # "every 24 hours" says how often; "for 35 days" how long the backups are kept.
    claims = [
        _claim(
            "backups",
            "Backups",
            "Production databases are backed up every 24 hours and backups are retained for "
            "35 days.",
            ["backups", "backup"],
        )
    ]
    with asking(tmp_path, VENDOR, [SOURCE], claims) as answer:
        kept = answer("Are backups retained for a minimum of 30 days?")
        assert kept.verdict == "yes"
        assert "35 days" in kept.text
        assert answer("Are backups retained for at most 30 days?").verdict != "yes"


def test_asking_where_needs_a_claim_that_names_a_place(ask) -> None:
    # The sub-processor list names no place ("hosting" is where to coverage, not a place).
    answer = ask("In which countries are your sub-processors located?")
    assert answer.verdict == "unknown"
    assert "the places asked for (no claim names one)" in answer.text


def test_no_such_thing_beyond_what_the_claim_is_about_is_no(tmp_path) -> None:
    claims = [
        _claim(
            "support-access",
            "Support staff access to customer data",
            "Brindle support staff have no standing access to customer data. A customer "
            "administrator must grant access from the admin console; each grant lasts at most "
            "72 hours.",
            ["support access", "staff access"],
            default="requires-approval",
        )
    ]
    with asking(tmp_path, VENDOR, [SOURCE], claims) as answer:
        standing = answer("Do Brindle support engineers have standing access to customer data?")
        assert standing.verdict == "no"
        assert "no standing access" in standing.text
        assert ".." not in standing.text
        # What the claim is about keeps its condition: the customer's own grant.
        plain = answer("Can Brindle support staff access customer data?")
        assert plain.verdict == "partial"
        assert "Brindle's approval" not in plain.text


TRANSIT = _claim(
    "encryption-in-transit",
    "Encryption in transit",
    "All connections to Brindle web applications and APIs use TLS 1.2 or TLS 1.3. TLS 1.0 and "
    "TLS 1.1 are disabled.",
    ["encryption in transit", "tls"],
)


@pytest.mark.parametrize(
    ("question", "verdict"),
    [
        ("Do your systems still accept TLS 1.0 connections for legacy integrations?", "no"),
        ("Will any Brindle endpoint accept connections negotiated over TLS 1.0 or TLS 1.1?", "no"),
        ("Confirm that no endpoint accepts TLS 1.1.", "yes"),
        # Email is not what the claim speaks of: its sentence does not decide SMTP.
        ("Is TLS 1.0 still accepted for inbound SMTP email?", "unknown"),
    ],
)
def test_old_versions_a_claim_disables_are_not_accepted(tmp_path, question, verdict) -> None:
    with asking(tmp_path, VENDOR, [SOURCE], [TRANSIT]) as answer:
        found = answer(question)
        assert found.verdict == verdict
        if verdict != "unknown":
            assert "TLS 1.0 and TLS 1.1 are disabled" in found.text


def test_a_version_disabled_on_one_product_only_does_not_answer_for_all(tmp_path) -> None:
    scoped = _claim(
        "encryption-in-transit",
        "Encryption in transit",
        "The web console uses TLS 1.2. TLS 1.0 is disabled on the web console.",
        ["encryption in transit", "tls"],
    )
    with asking(tmp_path, VENDOR, [SOURCE], [scoped]) as answer:
        assert answer("Do any of your endpoints still accept TLS 1.0?").verdict != "no"


def test_mfa_for_all_administrator_accounts_is_read_from_owner_and_administrator_accounts(
    tmp_path,
) -> None:
    mfa = _claim(
        "mfa",
        "Multi-factor authentication",
        "Multi-factor authentication with a TOTP app is mandatory for all account owner and "
        "administrator accounts on every plan.",
        ["mfa", "2fa"],
    )
    with asking(tmp_path, VENDOR, [SOURCE], [mfa]) as answer:
        found = answer("Is multi-factor authentication enforced for all administrator accounts?")
        assert found.verdict == "yes"
        assert "TOTP" in found.text


def test_what_a_claim_withholds_is_no(tmp_path) -> None:
    pentest = _claim(
        "penetration-testing",
        "Penetration testing",
        "An independent CREST-accredited firm tests the Brindle service at least once every 12 "
        "months and after major releases. Full penetration test reports are not shared with "
        "customers; a summary letter from the testing firm is available under NDA.",
        ["penetration test", "pen test"],
    )
    with asking(tmp_path, VENDOR, [SOURCE], [pentest]) as answer:
        full = answer(
            "Will you provide us with the full report of your most recent third-party "
            "penetration test?"
        )
        assert full.verdict == "no"
        assert "Full penetration test reports are not shared" in full.text


def test_a_narrower_thing_withheld_does_not_answer_the_broader_question(tmp_path) -> None:
    pentest = _claim(
        "penetration-testing",
        "Third-party penetration test",
        "Third-party penetration test once a year covering the console and public API. "
        "Customers can get a one-page attestation letter under NDA via the Trust Center; the "
        "full report is not shared.",
        ["penetration test", "pen test"],
        access="trust-portal",
    )
    with asking(tmp_path, VENDOR, [SOURCE], [pentest]) as answer:
        # A letter is shared: the full report withheld does not answer "the results".
        results = answer(
            "Results of the latest third-party penetration test - can these be shared?"
        )
        assert results.verdict == "partial"


def test_a_documented_continuity_plan_is_the_plan_a_claim_maintains(tmp_path) -> None:
    plan = _claim(
        "bcp-dr",
        "Business continuity and disaster recovery",
        "Brindle maintains a business continuity and disaster recovery plan with a recovery point "
        "objective (RPO) of 4 hours and a recovery time objective (RTO) of 12 hours. The plan is "
        "tested annually.",
        ["business continuity", "disaster recovery", "bcp"],
    )
    with asking(tmp_path, VENDOR, [SOURCE], [plan]) as answer:
        found = answer(
            "Do you maintain a documented business continuity / disaster recovery plan with "
            "defined RPO and RTO targets?"
        )
        assert found.verdict == "yes"
        assert "4 hours" in found.text
        # "documented" is read away for a continuity plan only, not for any document.
        assert answer("Do you have a documented incident response plan?").verdict == "unknown"


def test_without_our_approval_is_the_customers_gate_not_self_service(tmp_path) -> None:
    support = _claim(
        "support-access",
        "Support staff access to customer data",
        "Brindle support engineers cannot view customer data by default. Access is granted only "
        "when a customer administrator approves a support access request in the admin console.",
        ["support access", "staff access"],
        default="requires-approval",
    )
    with asking(tmp_path, VENDOR, [SOURCE], [support]) as answer:
        found = answer(
            "Do you ever allow support engineers to view our data without our explicit approval?"
        )
        assert found.verdict == "no"
        assert "not on those terms" not in found.text


def test_a_percentage_of_something_no_clause_gives_is_unknown(tmp_path) -> None:
    sla = _claim(
        "uptime-sla",
        "Uptime SLA",
        "Brindle commits to 99.9% monthly availability on the Business plan, with service credits.",
        ["sla", "uptime", "service credits"],
    )
    with asking(tmp_path, VENDOR, [SOURCE], [sla]) as answer:
        credit = answer(
            "What service credit percentage is paid if the uptime commitment is missed?"
        )
        assert credit.verdict == "unknown"
        assert "percentage of service credit" in credit.text
        assert answer("What uptime percentage do you commit to?").verdict != "unknown"


def test_a_disclosure_policy_takes_reports_of_issues_and_a_bounty_pays_for_findings(
    tmp_path,
) -> None:
    claims = [
        _claim(
            "vulnerability-disclosure",
            "Vulnerability disclosure policy",
            "Brindle publishes a vulnerability disclosure policy with safe-harbour terms for "
            "good-faith security researchers. Reports go to security@brindle.example.",
            ["vulnerability disclosure", "vdp"],
        ),
        _claim(
            "bug-bounty",
            "Bug bounty programme",
            "Brindle does not run a paid bug bounty programme.",
            ["bug bounty", "bounty"],
            status="no",
        ),
    ]
    with asking(tmp_path, VENDOR, [SOURCE], claims) as answer:
        policy = answer(
            "Do you have a published vulnerability disclosure policy through which external "
            "researchers can report security issues?"
        )
        assert policy.verdict == "yes"
        assert "security@brindle.example" in policy.text
        bounty = answer(
            "Do you offer a bug bounty program that pays researchers for valid findings?"
        )
        assert bounty.verdict == "no"


def test_data_stored_with_the_vendor_is_the_customers_data(tmp_path) -> None:
    keys = _claim(
        "customer-managed-keys",
        "Customer-managed encryption keys (BYOK)",
        "On the Enterprise plan, customers can bring their own encryption keys from AWS KMS; "
        "an administrator must configure the key.",
        ["byok", "customer-managed keys"],
        default="requires-configuration",
    )
    with asking(tmp_path, VENDOR, [SOURCE], [keys]) as answer:
        found = answer("Can we bring our own encryption keys (BYOK) for data stored in Brindle?")
        assert found.verdict != "unknown"
        assert found.match["claims"] == ["customer-managed-keys"]
        # A place named stays part of the question.
        assert (
            answer("Can we bring our own keys for data stored in Frankfurt?").verdict == "unknown"
        )


def test_streaming_audit_events_to_a_siem_is_not_a_csv_download(tmp_path) -> None:
    streaming = _claim(
        "audit-logs",
        "Audit logs",
        "The console keeps an audit log of sign-ins and role changes, retained for 365 days. "
        "Audit logs can be exported as CSV; streaming to a customer SIEM over webhook is "
        "available on every plan.",
        ["audit log", "siem"],
    )
    download = _claim(
        "audit-logs",
        "Audit logs",
        "The console keeps an audit log of sign-ins and role changes, retained for 365 days. "
        "Customers can download the audit log as a CSV file.",
        ["audit log", "siem"],
        attributes={"export_formats": ["csv"]},
    )
    question = "Can audit log events be streamed in real time to our Splunk SIEM?"
    for folder, claim, verdict in (("a", streaming, "yes"), ("b", download, "unknown")):
        (tmp_path / folder).mkdir()
        with asking(tmp_path / folder, VENDOR, [SOURCE], [claim]) as answer:
            assert answer(question).verdict == verdict

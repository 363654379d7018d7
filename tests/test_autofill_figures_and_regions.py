"""Figures, regions and terse rows, for a vendor whose reviewer writes claims tersely (issue 10).

A reviewer types "72 hrs", "us-oregon" and "kept 90 days"; a customer's spreadsheet asks
"Backup retention period" with no question mark. These answers are read from the wording and
the claims' own data, for any vendor.
"""

from pathlib import Path

import pytest

from tests.helpers.written_vendor import asking, claim, source

SOURCE = source("trust", "Trust page", "https://tessera.example/trust")


def _claim(key: str, title: str, statement: str, keywords: list[str], **conditions) -> dict:
    return claim("tessera", "trust", key, title, statement, keywords, **conditions)


CLAIMS = [
    _claim(
        "uptime",
        "Uptime SLA",
        "99.9% monthly uptime SLA w/ service credits. Scheduled maintenance of up to 4 hours "
        "is excluded from the uptime calculation. The SLA is available on the Business and "
        "Enterprise plans only. No SLA on the Team plan.",
        ["sla", "uptime", "availability"],
    ),
    _claim(
        "deletion-backups",
        "Deletion and backups",
        "On contract end: prod data purged within 30 days. Daily encrypted backups, "
        "same region, kept 90 days then expire.",
        ["deletion", "backups", "termination"],
    ),
    _claim(
        "breach-notice",
        "Incident notification",
        "Org admins notified by email within 72 hrs of a confirmed security incident.",
        ["incident", "breach", "notification"],
    ),
    _claim(
        "subprocessor-notice",
        "Sub-processor changes",
        "Customers are emailed at least 30 days before a new sub-processor is added.",
        ["sub-processor", "notice"],
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Hosting region picked at org creation. Data stays in the chosen region. The EU region "
        "is available on the Business and Enterprise plans only, Team orgs are always hosted "
        "in the US.",
        ["hosting region", "data residency", "data location"],
        default="requires-configuration",
        attributes={"regions": ["us-oregon", "eu-frankfurt"]},
    ),
    _claim(
        "mfa",
        "MFA",
        "Org admins can require MFA for all members. Methods: TOTP apps, WebAuthn security keys. "
        "No SMS codes.",
        ["mfa", "2fa", "two-factor"],
        default="requires-configuration",
    ),
    _claim(
        "encryption",
        "Encryption at rest",
        "Customer data at rest is encrypted with AES-256.",
        ["encryption at rest", "aes"],
    ),
    _claim(
        "ai-suggest",
        "Smart suggestions",
        "AI suggestions for document tags. Off by default; an org admin switches it on.",
        ["ai suggestions", "machine learning"],
        default="requires-configuration",
        scope=["Business", "Enterprise"],
    ),
    _claim(
        "event-log",
        "Admin event log",
        "Admin event log of logins and policy changes, kept 1 year. SIEM export to Splunk.",
        ["event log", "audit log", "activity log"],
    ),
    _claim(
        "support-access",
        "Support access",
        "Support engineers get time-boxed access to an org only after an admin grants it.",
        ["support access"],
        default="requires-configuration",
    ),
    _claim(
        "soc2",
        "SOC 2 Type II report",
        "SOC 2 Type II covering Security and Availability. Report on the trust page.",
        ["soc 2", "soc2"],
        criteria=["Security", "Availability"],
    ),
]


VENDOR = {
    "slug": "tessera",
    "name": "Tessera",
    "product": "Tessera Cloud",
    "trust_portal_url": None,
    "summary": "Document storage.",
}


@pytest.fixture
def ask(tmp_path: Path):
    with asking(tmp_path, VENDOR, [SOURCE], CLAIMS) as answer:
        yield answer


def test_a_figure_the_claim_settles_otherwise_is_no_and_names_both(ask) -> None:
    answer = ask("Does the vendor offer a 99.99% uptime guarantee?")
    assert answer.verdict == "no"
    assert "99.9% is stated, not 99.99%" in answer.text


def test_a_bound_the_claims_figure_breaks_is_no(ask) -> None:
    answer = ask("Are backups kept for at least 180 days?")
    assert answer.verdict == "no"
    assert "90 days is stated, not 180 days" in answer.text


def test_a_bound_the_claims_figure_keeps_is_not_answered_no(ask) -> None:
    assert ask("Is production data purged within 60 days of contract end?").verdict != "no"


def test_a_stricter_figure_than_a_bound_the_claim_states_is_unknown(ask) -> None:
    answer = ask("Will you notify us at least 90 days before adding a new sub-processor?")
    assert answer.verdict == "unknown"


def test_abbreviated_units_state_a_period(ask) -> None:
    answer = ask("Do you notify customers of security incidents? State the notification timeframe.")
    assert answer.verdict == "yes"
    assert "72 hrs" in answer.text


def test_a_terse_spreadsheet_row_is_answered(ask) -> None:
    answer = ask("Backup retention period")
    assert answer.verdict == "yes"
    assert "90 days" in answer.text


def test_law_text_and_statements_are_still_not_answered(ask) -> None:
    assert ask("Article 32 Security of processing").verdict == "unknown"
    assert ask("The processor shall keep backups for 90 days.").verdict == "unknown"


def test_region_codes_as_a_reviewer_writes_them_decide_membership(ask) -> None:
    assert ask("Can customer data be hosted in a Canadian region?").verdict == "no"
    assert ask("Can our data be hosted in the US?").verdict == "yes"


def test_asking_whether_a_region_is_the_only_one_offered_is_no(ask) -> None:
    answer = ask("Please confirm that the United States is the only hosting region offered.")
    assert answer.verdict == "no"
    assert "EU" in answer.text


def test_a_leading_phrase_does_not_join_two_claims(ask) -> None:
    answer = ask("For EU-hosted organisations, are the support engineers located in the EU?")
    assert answer.verdict == "unknown"


def test_a_criterion_outside_the_claims_list_is_no(ask) -> None:
    answer = ask("Does your SOC 2 examination cover the Privacy trust services criterion?")
    assert answer.verdict == "no"
    assert "privacy" in answer.text.lower()


def test_a_questionnaires_everyday_words_reach_a_terse_claim(ask) -> None:
    assert ask("Are hardware security keys supported as a second factor?").verdict == "yes"
    assert ask("Can administrators mandate MFA for every user?").verdict == "yes"
    answer = ask("Can admin activity logs be forwarded to our SIEM?")
    assert answer.verdict == "yes"
    assert "Splunk" in answer.text


def test_can_it_be_used_asks_whether_the_feature_exists(ask) -> None:
    # MFA is there for the customer to turn on: supported, so yes (not "on by default").
    assert ask("Can security keys be used as a second factor?").verdict == "yes"


def test_a_method_joined_by_a_slash_still_narrows_the_question(ask) -> None:
    answer = ask("Are FIDO2/U2F hardware tokens supported for MFA?")
    assert answer.verdict == "unknown"


def test_a_plan_limit_on_some_regions_does_not_limit_the_others(ask) -> None:
    assert ask("Can our data be hosted in a data centre in the EU?").verdict == "partial"
    assert ask("Can our data be hosted in a US data centre?").verdict == "yes"


def test_a_scope_that_lists_plans_limits_the_claim(ask) -> None:
    answer = ask("Do you offer machine learning suggestions for tagging documents?")
    assert answer.verdict == "partial"


def test_a_control_id_a_section_label_and_the_customers_context_are_not_asked_about(ask) -> None:
    assert ask("CEK-03.1 / DSP: Backup retention period").verdict == "yes"
    answer = ask("HECVAT HRMG-01: Can administrators mandate MFA for every user?")
    assert answer.verdict == "yes"
    assert answer.question.startswith("HECVAT HRMG-01")
    assert ask("Our finance team will use the service. Can we make MFA mandatory?").verdict == "yes"


def test_context_that_narrows_the_question_is_kept(ask) -> None:
    # The plan named before the question narrows it; "they" needs the sentence before.
    answer = ask("We are on the Team plan. Do you offer AI suggestions?")
    assert answer.match["asked"] == "On the Team plan. Do you offer AI suggestions?"
    assert answer.verdict != "yes"
    assert ask("Our laptops are managed by us. Are they encrypted?").verdict == "unknown"


def test_what_follows_can_is_the_subject_of_the_question(ask) -> None:
    assert ask("Can customer-managed keys be used to protect the event log?").verdict == "unknown"


def test_key_length_is_asked_of_the_algorithm_a_claim_names(ask) -> None:
    answer = ask("Encryption of customer data at rest - algorithm and key length?")
    assert answer.verdict == "yes"
    assert "AES-256" in answer.text


def test_in_the_event_of_is_framing(ask) -> None:
    answer = ask("In the event of a security incident, will you notify org admins within 72 hrs?")
    assert answer.verdict == "yes"


def test_an_exclusion_asked_about_names_what_is_excluded_not_its_unit(ask) -> None:
    answer = ask("Is scheduled maintenance excluded from the uptime calculation? Maximum hours?")
    assert answer.verdict in ("yes", "partial")
    assert "does not extend to hours" not in answer.text

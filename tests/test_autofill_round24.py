"""Plan names of two words, the customer's sites on a plan, a region named by its city, and
whose data a breach affects, for any vendor (issue 10, round 24).

"Does the Multi-Site plan include an uptime commitment?" asks about the Multi-Site plan; "Our
restaurants are on the Kitchen plan." says which plan the customer is on; "the Amsterdam
region" is the EU region an ``eu_region_plans`` list limits; "a breach affecting our
attendees" is a breach. Each wording comes from a blind held-out set.
"""

from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "product": "Brindle Cloud",
    "summary": "Brindle monitors refrigerators. It is sold on the Kitchen, Multi-Site and "
    "Enterprise plans.",
}

CLAIMS = [
    _claim(
        "availability",
        "Availability commitment (Enterprise)",
        "On the Enterprise plan, Brindle commits in the order form to 99.95% monthly "
        "availability. Kitchen and Multi-Site plans have no availability commitment.",
        ["uptime", "availability", "sla"],
        access="sales-contract",
        scope=["enterprise"],
    ),
    _claim(
        "hosting",
        "Hosting regions",
        "Brindle runs in two regions: Amsterdam, Netherlands (sv-eu-west) and Columbus, Ohio, "
        "United States (sv-us-central). The Amsterdam region is available on the Multi-Site "
        "and Enterprise plans. Kitchen plan accounts are hosted in Columbus only.",
        ["hosting", "region"],
        attributes={
            "regions": ["amsterdam", "columbus"],
            "eu_region_plans": ["multi-site", "enterprise"],
        },
    ),
    _claim(
        "backups",
        "Backups",
        "Brindle backs up every database daily and keeps backups for 35 days. Administrators "
        "can change the backup retention to between 7 and 90 days.",
        ["backups", "backup retention"],
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies customers within 36 hours of confirming a personal data breach.",
        ["breach notification"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_a_plan_name_of_two_words_is_asked_about(ask) -> None:
    answer = ask("Does the Multi-Site plan include a contractual uptime commitment?")
    assert answer.verdict == "no"


def test_the_customers_sites_on_a_plan_and_a_region_named_by_its_city(ask) -> None:
    answer = ask(
        "Our restaurants are on the Kitchen plan. Can our account be hosted in the Amsterdam "
        "region?"
    )
    assert answer.verdict == "no"
    assert "Kitchen" in answer.text


def test_a_breach_affecting_our_attendees_is_a_breach(ask) -> None:
    answer = ask(
        "Within what timeframe will you notify us of a personal data breach affecting our attendees?"
    )
    assert answer.verdict == "yes"
    assert "36 hours" in answer.text


def test_what_the_vendors_own_document_gave_is_a_record_to_confirm(ask) -> None:
    answer = ask(
        "Your security overview states that backups are kept for 30 days. Please confirm this is "
        "still current."
    )
    assert answer.verdict == "no"
    assert "35 days" in answer.text


def test_a_recorded_figure_to_confirm_is_asked_exactly(ask) -> None:
    answer = ask(
        "Our 2024 file says you notify customers of a breach within 72 hours. Please confirm "
        "this is still current."
    )
    assert answer.verdict == "no"
    assert "36 hours" in answer.text
    assert ask("Will you notify us of a personal data breach within 72 hours?").verdict == "yes"


def test_a_value_the_customer_can_set_is_not_fixed(ask) -> None:
    answer = ask(
        "Our 2024 file says backups are kept for a fixed 35 days and the period cannot be "
        "changed. Is that still the case?"
    )
    assert answer.verdict == "no"
    assert "not fixed" in answer.text


FEDERATION_VENDOR = {
    **VENDOR,
    "summary": "Brindle is a fundraising CRM. It is sold on three plans, Starter, Impact and "
    "Federation.",
}
FEDERATION_CLAIMS = [
    _claim(
        "roles",
        "Roles and permissions",
        "Five built-in roles are included on every plan. Custom roles are available on the "
        "Impact and Federation plans and are not available on the Starter plan.",
        ["roles", "custom roles", "rbac"],
    ),
    _claim(
        "notice",
        "Sub-processor notice",
        "Brindle emails the account owner at least 30 days before a new sub-processor starts "
        "processing customer data.",
        ["sub-processor", "notice"],
    ),
]

ask_federation = _asker(FEDERATION_CLAIMS, FEDERATION_VENDOR)


def test_a_plan_named_like_a_lexicon_word_stays_a_plan(ask_federation) -> None:
    answer = ask_federation("Can administrators define custom user roles?")
    assert answer.verdict == "partial"
    assert "Federation" in answer.text


def test_asked_for_the_figure_a_recorded_lower_one_is_not_denied(ask_federation) -> None:
    answer = ask_federation(
        "Our vendor file records a 14-day notice period for sub-processor changes. Please "
        "confirm how much advance notice you currently give before engaging a new sub-processor."
    )
    assert answer.verdict != "no"

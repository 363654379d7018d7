"""Regions, plan-limited regions, single denials and figures, for any vendor (issue 10,
round 21).

Region lists are read as vendors write them ("au-southeast", "east us 2", a city with its
country in the statement); a yes/no attribute naming a place (``uk_region``) answers only a
question about that place; a region an attribute limits to some plans (``canada_region_plans``)
is partial; the one sentence that denies what is asked decides it; "at least 45 days" is not
14 days; "5 calendar days" states a time. Each wording comes from a blind held-out set.
"""

import pytest

from questionnaires.vendor_names import category_abbreviations
from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "summary": "Brindle is a corporate learning management system delivered as SaaS. It is "
    "sold on the Core, Growth and Scale plans.",
}

CLAIMS = [
    _claim(
        "hosting",
        "Hosting regions",
        "Brindle runs on Nimbara Cloud in three regions: Dallas (United States), Toronto "
        "(Canada) and Amsterdam (Netherlands). The Toronto region is available on the Growth "
        "and Scale plans. Brindle does not offer hosting in the United Kingdom or Asia.",
        ["hosting", "data residency", "region"],
        attributes={
            "regions": ["dallas", "toronto", "amsterdam"],
            "canada_region_plans": ["growth", "scale"],
            "uk_region": False,
            "other_countries": False,
        },
    ),
    _claim(
        "encryption",
        "Encryption of stored data",
        "Brindle encrypts stored customer data with AES-256, including message logs and "
        "backups. Keys are rotated every 90 days. Brindle does not offer customer-managed "
        "encryption keys for stored data.",
        ["encryption", "at rest", "aes-256", "byok"],
    ),
    _claim(
        "subprocessors",
        "Sub-processor notice",
        "Brindle emails the account owner at least 45 days before a new sub-processor begins "
        "processing customer personal data.",
        ["sub-processor", "notice"],
        attributes={"notice_days": 45},
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies affected customers of a personal data breach no later than 5 "
        "calendar days after discovery.",
        ["breach notification", "incident notification"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Multi-factor authentication is required for every user and cannot be turned off.",
        ["mfa", "multi-factor", "2fa"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_what_the_vendor_is_is_asked_about_by_its_initials() -> None:
    assert category_abbreviations(VENDOR["summary"]) == {"lms"}
    assert category_abbreviations("Acme is a unified endpoint management (UEM) SaaS.") == {"uem"}
    assert category_abbreviations("Acme is a legal e-discovery SaaS.") == frozenset()


@pytest.mark.parametrize(
    "question",
    ["Can we elect to have our data hosted in the United Kingdom?", "Can data be kept in Japan?"],
)
def test_a_place_outside_the_regions_written_as_cities_is_no(ask, question: str) -> None:
    assert ask(question).verdict == "no"


def test_a_region_some_plans_offer_is_partial_and_names_them(ask) -> None:
    answer = ask("Can our account be hosted in Canada?")
    assert answer.verdict == "partial"
    assert "Growth" in answer.text


def test_a_place_attribute_answers_only_its_own_place(ask) -> None:
    answer = ask("Please list the data centre locations in which customer data can be hosted.")
    assert answer.verdict == "yes"
    assert "Amsterdam" in answer.text


def test_the_one_sentence_that_denies_what_is_asked_decides_it(ask) -> None:
    answer = ask("Do you offer customer-managed encryption keys (BYOK) for stored message logs?")
    assert answer.verdict == "no"


def test_a_figure_below_the_floor_stated_is_no(ask) -> None:
    answer = ask("Is your advance notice period for adding a new sub-processor 14 days?")
    assert answer.verdict == "no"
    assert "45 days" in answer.text


def test_calendar_days_state_a_time(ask) -> None:
    answer = ask("What is your timeframe for notifying us of a personal data breach?")
    assert answer.verdict == "yes"
    assert "5 calendar days" in answer.text


def test_switching_it_off_is_turning_it_off(ask) -> None:
    answer = ask("Is MFA mandatory for every user, with no setting to switch it off?")
    assert answer.verdict == "yes"

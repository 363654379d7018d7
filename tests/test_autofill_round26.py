"""Cities as places, for any vendor (issue 10, round 26).

A question naming a city ("a Frankfurt data centre") asks where, as one naming a country does:
against a claim that lists its locations city by city, a city left out is ``no``; against one
listing only regions, the city's country decides; a city some claim names is asked as itself.
Each wording comes from a blind held-out set.
"""

from tests.helpers.written_vendor import asking
from tests.test_autofill_round11 import SOURCE, _asker, _claim
from tests.test_autofill_round11 import VENDOR as BRINDLE

VENDOR = {**BRINDLE, "product": "Brindle Charge", "summary": "Brindle manages chargers."}

CITY_CLAIMS = [
    _claim(
        "hosting",
        "Hosting locations",
        "Brindle hosts customer data in Stockholm, Sweden, with a replica in Amsterdam, the "
        "Netherlands, and for UK accounts in Manchester with a replica in London. Customer data "
        "is stored only in these four data centres.",
        ["hosting", "data residency"],
        attributes={"locations": ["Stockholm", "Amsterdam", "Manchester", "London"]},
    ),
    _claim(
        "backups",
        "Backups",
        "Backups are taken daily, kept for 35 days and stay in the same data centre.",
        ["backups"],
    ),
]

ask_cities = _asker(CITY_CLAIMS, VENDOR)


def test_a_city_the_locations_leave_out_is_no(ask_cities) -> None:
    answer = ask_cities("Can our account be hosted in a Frankfurt data centre?")
    assert answer.verdict == "no"
    assert "Stockholm" in answer.text


def test_a_listed_city_is_answered_from_the_hosting_claim(ask_cities) -> None:
    answer = ask_cities("Can our data be hosted in Amsterdam?")
    assert answer.verdict == "yes"
    assert answer.match["claims"] == ["hosting"]


def test_a_city_named_by_no_place_claim_stays_unknown(ask_cities) -> None:
    # The backups claim names no place: where backups sit in Paris is not decided by it.
    answer = ask_cities("Are backups encrypted before they are copied to Paris?")
    assert answer.verdict == "unknown"


REGION_CLAIMS = [
    _claim(
        "regions",
        "Hosting regions",
        "Brindle offers exactly three regions: US East (Virginia), EU Central (Frankfurt) and "
        "EU West (Dublin). Customers choose one when the account is created.",
        ["regions", "hosting"],
        attributes={
            "regions": ["US East (Virginia)", "EU Central (Frankfurt)", "EU West (Dublin)"]
        },
    ),
]

ask_regions = _asker(REGION_CLAIMS, VENDOR)


def test_a_listed_city_among_several_eu_regions_is_offered(ask_regions) -> None:
    assert (
        ask_regions("Is EU West (Dublin) among the regions you currently offer?").verdict == "yes"
    )


def test_a_city_outside_the_listed_regions_is_no(ask_regions) -> None:
    answer = ask_regions("Can our data be hosted in an Australian data centre, e.g. Sydney?")
    assert answer.verdict == "no"


def test_an_eu_country_against_a_list_without_the_eu_is_no(tmp_path) -> None:
    us_only = _claim(
        "regions",
        "Hosting regions",
        "Brindle hosts all customer data in two US regions: US East (Virginia) and US West "
        "(Oregon). No other region is offered.",
        ["regions", "hosting"],
        attributes={"regions": ["US East (Virginia)", "US West (Oregon)"]},
    )
    with asking(tmp_path, VENDOR, [SOURCE], [us_only]) as answer:
        assert answer("Can our data be hosted in Germany?").verdict == "no"


WORDING_CLAIMS = [
    _claim(
        "card-payments",
        "Card payments",
        "Card details are entered in the payment partner's hosted fields and are never passed "
        "to or stored by Brindle; Brindle keeps only a payment token and the last four digits.",
        ["card payments", "pci"],
        attributes={"stores_pan": False},
    ),
    _claim(
        "encryption",
        "Encryption in transit",
        "All connections to Brindle use TLS 1.2 or higher.",
        ["tls", "encryption in transit"],
    ),
    _claim(
        "iso-27701",
        "ISO/IEC 27701",
        "Brindle is not certified to ISO/IEC 27701.",
        ["iso 27701"],
        status="no",
    ),
]

ask_wording = _asker(WORDING_CLAIMS, VENDOR)


def test_full_card_numbers_are_card_numbers(ask_wording) -> None:
    assert (
        ask_wording("Do you ever store full card numbers (PAN) in Brindle systems?").verdict == "no"
    )
    answer = ask_wording("Are full card numbers excluded from storage in Brindle's own systems?")
    assert answer.verdict == "yes"
    assert "last four digits" in answer.text


def test_the_minimum_version_enforced_asks_for_the_minimum(ask_wording) -> None:
    answer = ask_wording("What minimum TLS version is enforced for data in transit?")
    assert answer.verdict == "yes"
    assert "TLS 1.2" in answer.text


def test_what_a_standard_certifies_adds_nothing_to_its_name(ask_wording) -> None:
    answer = ask_wording("Are you certified to ISO/IEC 27701 (privacy information management)?")
    assert answer.verdict == "no"
    answer = ask_wording("Is Brindle certified to ISO 27701 for its privacy management system?")
    assert answer.verdict == "no"


PERIOD_CLAIMS = [
    _claim(
        "exit",
        "Data export at the end of a subscription",
        "Owners can export survey responses at any time as CSV or JSON. After a subscription "
        "ends, the workspace stays open in read-only mode for 14 days so that the customer can "
        "export its data.",
        ["data export", "exit"],
    ),
    _claim(
        "retention",
        "Survey response retention",
        "Brindle keeps survey responses for 36 months after they are collected and then deletes "
        "them automatically.",
        ["retention", "survey responses"],
    ),
    _claim(
        "chargers",
        "Charger protocol support",
        "Brindle supports OCPP 1.6J and OCPP 2.0.1 for charge-point connections.",
        ["ocpp", "chargers"],
    ),
]

ask_periods = _asker(PERIOD_CLAIMS, VENDOR)


def test_a_period_beside_two_of_the_question_s_ideas_answers_how_long(ask_periods) -> None:
    answer = ask_periods(
        "Upon termination of the contract, will we be able to retrieve our survey data, and for "
        "how long after the end date?"
    )
    assert answer.verdict == "yes"
    assert "14 days" in answer.text


def test_how_long_responses_are_kept_is_not_a_response_time(ask_periods) -> None:
    answer = ask_periods("How long are survey responses retained before they are deleted?")
    assert answer.verdict == "yes"
    assert "36 months" in answer.text


def test_an_abbreviation_s_expansion_asks_nothing_more(ask_periods) -> None:
    answer = ask_periods(
        "Which versions of the Open Charge Point Protocol (OCPP) does your platform support?"
    )
    assert answer.verdict == "yes"
    assert "2.0.1" in answer.text


def test_abbreviations_beside_their_expansions_are_read_once() -> None:
    from questionnaires.text import fold_abbreviations

    assert fold_abbreviations("do you use a siem (security information and event management)?") == (
        "do you use a siem?"
    )
    assert fold_abbreviations("single sign-on (sso) for iaas") == "sso for iaas"
    assert fold_abbreviations("primary account numbers (pans) are") == "pan are"
    # Parentheses that do not spell the words before them are left as they are.
    assert fold_abbreviations("encrypted (aes-256) at rest") == "encrypted (aes-256) at rest"
    assert fold_abbreviations("we use okta (our idp)") == "we use okta (our idp)"


VERSION_CLAIMS = [
    _claim(
        "sso",
        "Single sign-on",
        "Brindle supports single sign-on with SAML 2.0 identity providers. SCIM provisioning is "
        "not supported on any plan.",
        ["sso", "saml", "scim"],
        attributes={"protocol": "SAML 2.0"},
    ),
]

ask_versions = _asker(VERSION_CLAIMS, VENDOR)


def test_a_version_of_what_is_not_offered_at_all_is_no(ask_versions) -> None:
    answer = ask_versions("Do you support SCIM 2.0 for automated user provisioning?")
    assert answer.verdict == "no"
    # A version of what is offered still has to be one a claim states.
    assert ask_versions("Do you support SAML 1.1 for single sign-on?").verdict != "yes"

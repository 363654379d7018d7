"""Framing words around what is asked, for any vendor (issue 10, round 22).

"Is X disabled by default until an owner turns it on?" asks whether it is off; "Are employees
subject to background checks?" asks about the checks (while "subject to approval" stays a
condition); "We understand … Please confirm" cites what the customer was told; "Do you grant
customers the right to audit" asks for the right; "as part of the platform" adds nothing; a
country the statement gives for the EU region decides another EU country; "docs" are
documents; "a contractual deadline" asks for a time. Each wording comes from a blind held-out
set.
"""

from tests.test_autofill_round11 import VENDOR as BRINDLE
from tests.test_autofill_round11 import _asker, _claim

VENDOR = {
    **BRINDLE,
    "summary": "Brindle is a team workspace.",
}

CLAIMS = [
    _claim(
        "recap",
        "Recap AI summaries",
        "Recap writes summaries of canvases and docs. Recap is off by default: a workspace "
        "owner must turn it on in the admin settings.",
        ["recap", "ai summaries"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "screening",
        "Employee screening",
        "Every Brindle employee passes a criminal background check before they are hired.",
        ["background check", "screening"],
    ),
    _claim(
        "guest-retention",
        "Guest profile retention",
        "Guest profiles are kept for 24 months after the guest's last visit, then deleted.",
        ["guest profiles", "retention"],
    ),
    _claim(
        "audit-rights",
        "Customer audit rights",
        "Customers have the right to audit Brindle's security controls once a year, including "
        "on-site audits with 30 days' notice, under the enterprise agreement.",
        ["right to audit", "audit rights"],
        access="sales-contract",
    ),
    _claim(
        "regions",
        "Hosting regions",
        "Brindle hosts workspaces in two regions: US (Columbus, Ohio) and EU (Amsterdam, "
        "Netherlands).",
        ["hosting", "region"],
        attributes={"regions": ["us", "eu"]},
    ),
    _claim(
        "no-training",
        "No training on customer content",
        "Brindle does not use customer canvases, docs or comments to train or fine-tune AI models.",
        ["training", "ai models"],
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies customers of a personal data breach within 48 hours of confirming it.",
        ["breach notification"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_disabled_by_default_asks_whether_it_is_off(ask) -> None:
    assert ask("Is Recap disabled by default until a workspace owner turns it on?").verdict == "yes"
    assert ask("Is Recap enabled by default for new workspaces?").verdict == "no"


def test_subject_to_a_check_asks_about_the_check(ask) -> None:
    answer = ask("Are all employees subject to background checks prior to hire?")
    assert answer.verdict == "yes"
    assert "criminal background check" in answer.text


def test_what_the_customer_understands_is_a_record_to_confirm(ask) -> None:
    answer = ask(
        "We understand guest profiles are retained for 36 months after the guest's last visit. "
        "Please confirm this is still your retention period."
    )
    assert answer.verdict == "no"
    assert "24 months" in answer.text


def test_granting_a_right_asks_for_the_right(ask) -> None:
    answer = ask("Do you grant customers the right to audit your security controls?")
    assert answer.verdict == "partial"


def test_the_statement_says_which_country_the_eu_region_is_in(ask) -> None:
    answer = ask("Can our workspace be hosted in a data centre in Germany?")
    assert answer.verdict == "no"
    assert "Netherlands" in answer.text
    assert ask("Can our workspace be hosted in the Netherlands?").verdict == "yes"


def test_docs_are_documents(ask) -> None:
    answer = ask("Do you ever use customer canvases, documents or comments to train AI models?")
    assert answer.verdict == "no"


def test_a_deadline_asks_for_the_time(ask) -> None:
    answer = ask("What is your contractual deadline for notifying us of a personal data breach?")
    assert answer.verdict == "yes"
    assert "48 hours" in answer.text


REGION_CODES = [
    _claim(
        "hosting",
        "Hosting locations",
        "Brindle hosts customer data in two regions: Toronto, Canada (ca-tor-1) and Columbus, "
        "Ohio, United States (us-cmh-1). Brindle does not offer hosting in Europe.",
        ["hosting", "data residency"],
        attributes={"regions": ["ca-tor-1", "us-cmh-1"]},
    ),
    _claim(
        "dpa",
        "Data Processing Agreement",
        "Brindle's standard Data Processing Agreement covers the GDPR, PIPEDA and Quebec's Law 25.",
        ["dpa", "data processing agreement"],
    ),
    _claim(
        "training",
        "Security awareness training",
        "All employees complete security awareness training when hired and annually.",
        ["security awareness training"],
    ),
]

ask_codes = _asker(REGION_CODES, VENDOR)


def test_a_region_code_after_its_place_is_that_place(ask_codes) -> None:
    answer = ask_codes("Do you offer hosting in the European Union or the United Kingdom?")
    assert answer.verdict == "no"
    assert ask_codes("Can our data be hosted in Canada?").verdict == "yes"


def test_a_dpa_that_addresses_a_law_covers_it(ask_codes) -> None:
    assert ask_codes("Does your standard DPA address Quebec's Law 25?").verdict == "yes"


def test_thereafter_adds_nothing(ask_codes) -> None:
    answer = ask_codes(
        "Do all employees complete security awareness training upon hire and annually thereafter?"
    )
    assert answer.verdict == "yes"

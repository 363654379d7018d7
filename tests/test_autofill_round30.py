"""Questions on what happens without the customer's say, and the customer's reasons for asking,
for any vendor (issue 10, round 30).

"Can support staff view our data without our permission?" is ``no`` against a claim that
makes that access wait on a grant ("… unless an administrator grants support access");
"Confirm that support cannot view our data without our permission" is ``yes``. A claim that
states no gate, or gates something else, leaves the question ``unknown``. "… to meet
provincial data residency requirements" is why the customer asks, not what; a purpose that
names a standard stays part of the question. The wordings come
from the round 27 to 29 blind held-out sets.
"""

from tests.test_autofill_round11 import VENDOR, _asker, _claim

CLAIMS = [
    _claim(
        "support-access",
        "Support access to customer workspaces",
        "Brindle support engineers cannot view a customer's projects or files unless a "
        "workspace owner grants temporary support access. A grant expires after 72 hours.",
        ["support access", "vendor staff access"],
    ),
    _claim(
        "production-access",
        "Engineer access to production",
        "Brindle engineers can reach production databases only after approval by the on-call "
        "manager, and every session is recorded.",
        ["production access", "privileged access"],
    ),
    _claim(
        "hosting",
        "Hosting regions",
        "Customers choose a hosting region at onboarding: United States (Virginia) or European "
        "Union (Frankfurt). Hosting in Canada or Australia is not offered.",
        ["hosting region", "data residency"],
    ),
    _claim(
        "backups",
        "Backups",
        "Brindle backs up production databases daily; backups are kept for 35 days and stored "
        "in a separate availability zone within the customer's hosting region.",
        ["backups", "backup"],
    ),
    _claim(
        "vdp",
        "Vulnerability disclosure policy",
        "Brindle publishes a vulnerability disclosure policy and a security.txt file; reports "
        "sent to security@brindle.example are acknowledged within 3 business days.",
        ["vulnerability disclosure", "vdp"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Studio accounts can use multi-factor authentication with an authenticator app. MFA is "
        "optional by default; an administrator must switch on the setting that requires it for "
        "all users.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "exports",
        "Data export",
        "Workspace administrators can export all projects and files as a ZIP archive at any time.",
        ["data export", "export"],
    ),
]

ask = _asker(CLAIMS, VENDOR)


def test_access_that_waits_on_a_grant_does_not_happen_without_one(ask) -> None:
    answer = ask("Can your support engineers view our projects without our explicit authorization?")
    assert answer.verdict == "no"
    assert "grants temporary support access" in answer.text
    assert answer.match["claims"] == ["support-access"]


def test_the_customer_first_granting_access_is_the_same_gate(ask) -> None:
    answer = ask("Can support engineers view our files without the owner first granting access?")
    assert answer.verdict == "no"


def test_a_question_that_states_the_gate_holds_is_yes(ask) -> None:
    answer = ask("Confirm that support engineers cannot view our projects without our consent.")
    assert answer.verdict == "yes"


def test_once_the_customer_grants_it_the_practice_happens(ask) -> None:
    answer = ask("Can support engineers view our projects once we grant access?")
    assert answer.verdict == "yes"


def test_asked_plainly_a_gated_practice_is_partial(ask) -> None:
    answer = ask("Can support engineers view our projects?")
    assert answer.verdict == "partial"
    assert "only once the customer grants it" in answer.text


def test_the_vendors_own_approval_is_no_customer_grant(ask) -> None:
    answer = ask("Can your engineers access production databases without our permission?")
    assert answer.verdict == "unknown"
    assert "unpermitted" in answer.text


def test_a_claim_with_no_gate_leaves_it_unknown(ask) -> None:
    answer = ask("Can Brindle staff export our projects without our permission?")
    assert answer.verdict == "unknown"
    assert "nothing about: export" in answer.text


def test_the_customers_own_export_without_approval_stays_self_service(ask) -> None:
    answer = ask("Can administrators export our projects without our approval?")
    assert answer.verdict == "yes"


def test_a_generic_purpose_is_why_the_customer_asks(ask) -> None:
    answer = ask(
        "Can our tenant be hosted in Canada to meet provincial data residency requirements?"
    )
    assert answer.verdict == "no"
    assert "Canada" in answer.text


def test_a_purpose_naming_a_standard_stays_asked(ask) -> None:
    answer = ask("Can our tenant be hosted in Frankfurt to meet BaFin outsourcing requirements?")
    assert answer.verdict == "unknown"


def test_a_place_the_statement_says_is_not_offered_is_no(ask) -> None:
    answer = ask("Can our tenant be hosted in Australia?")
    assert answer.verdict == "no"


def test_a_place_the_statement_offers_is_yes(ask) -> None:
    answer = ask("Can our tenant be hosted in Frankfurt?")
    assert answer.verdict == "yes"


def test_a_us_region_is_a_place_the_backups_claim_does_not_name(ask) -> None:
    # It was answered yes from "stored … within the customer's hosting region".
    answer = ask("Can Brindle store our backups in a US region?")
    assert answer.verdict == "unknown"
    assert "the US" in answer.text


def test_us_as_a_pronoun_is_no_place(ask) -> None:
    answer = ask("Are backups kept for 35 days? Please send us the details.")
    assert answer.verdict == "yes"


def test_a_disclosure_policy_is_the_channel_for_external_researchers(ask) -> None:
    answer = ask(
        "Is there a published channel through which external security researchers can "
        "report vulnerabilities?"
    )
    assert answer.verdict == "yes"
    assert "security.txt" in answer.text


def test_a_sentence_that_says_it_goes_on_about_the_first_ones_subject(ask) -> None:
    answer = ask("Is multi-factor authentication enforced for all Studio accounts?")
    assert answer.verdict == "partial"

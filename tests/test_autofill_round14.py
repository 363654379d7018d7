"""Customer wording read as the claims' ideas, for any vendor (issue 10, round 14).

"End-user logins" are users' logins; a processing agreement is a DPA; "without a separately
executed document" and "without us having to enable anything" ask for the default; "installed
on-premises in our own data centre" is self-hosting; an ISMS is what an ISO 27001 certificate
certifies; "switched on automatically" asks for the default. Each wording comes from a blind
held-out set; the traps beside them stay unknown.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from questionnaires.plans import summary_plans
from tests.test_autofill_round11 import CLAIMS, LATER_CLAIMS, _asker, _claim

ROUND14_CLAIMS = [
    *[claim for claim in CLAIMS if claim["key"] == "mfa"],
    *[claim for claim in LATER_CLAIMS if claim["key"] in {"dpa", "deployment"}],
    _claim(
        "iso-27001",
        "ISO/IEC 27001 certificate",
        "Brindle is certified to ISO/IEC 27001:2022. The certificate covers Brindle Workspace.",
        ["iso 27001", "certification"],
    ),
    _claim(
        "summaries",
        "Meeting summaries",
        "Meeting summaries are off by default for new workspaces. A workspace owner can turn "
        "them on in Settings.",
        ["meeting summaries"],
        default="requires-configuration",
    ),
    _claim(
        "offboarding",
        "Data at the end of the contract",
        "At termination Brindle deletes customer data from production systems within 30 days.",
        ["termination", "deletion", "offboarding"],
        attributes={"deletion_days": 30},
    ),
]

ask = _asker(ROUND14_CLAIMS)


def test_end_user_logins_are_the_users_logins(ask) -> None:
    answer = ask("Does the platform support multi-factor authentication for end-user logins?")
    assert answer.verdict == "yes"
    assert "TOTP" in answer.text


def test_a_processing_agreement_in_the_standard_terms_is_the_dpa_by_default(ask) -> None:
    answer = ask(
        "Is a GDPR processing agreement in place as part of the standard terms, without a "
        "separately executed document?"
    )
    assert answer.verdict == "yes"
    answer = ask("Is a DPA in place without us having to negotiate and sign a separate document?")
    assert answer.verdict == "yes"


def test_installed_on_premises_in_our_own_data_centre_is_self_hosting(ask) -> None:
    answer = ask("Can the solution be installed on-premises in our own data centre?")
    assert answer.verdict == "no"


def test_an_isms_certified_to_iso_27001_is_the_certificate(ask) -> None:
    answer = ask(
        "Is the Supplier's information security management system certified to ISO 27001? "
        "State the edition of the standard."
    )
    assert answer.verdict == "yes"
    assert "27001:2022" in answer.text


def test_switched_on_automatically_asks_for_the_default(ask) -> None:
    answer = ask("Are meeting summaries switched on automatically when a workspace is created?")
    assert answer.verdict == "no"


def test_termination_of_the_agreement_is_termination(ask) -> None:
    answer = ask(
        "Upon termination of the agreement, is customer data deleted from production systems "
        "within 30 days?"
    )
    assert answer.verdict == "yes"


def test_a_qualifier_beside_the_new_wording_still_leaves_it_unknown(ask) -> None:
    answer = ask("Is MFA enforced for end-user logins with FIPS 140-2 validated authenticators?")
    assert answer.verdict == "unknown"


SUMMARY_VENDOR = {
    "slug": "brindle",
    "name": "Brindle",
    "product": "Brindle Workspace",
    "trust_portal_url": "https://brindle.example/trust",
    "summary": "Brindle is a team workspace: Brindle Notes (KMS, the knowledge base) and "
    "Brindle Calls. Sold as Draft, Studio and Atlas; hosted in the EU (Frankfurt).",
}
SUMMARY_CLAIMS = [
    _claim(
        "notes-dr",
        "Brindle Notes recovery objectives",
        "Brindle Notes has a recovery point objective of 1 hour and a recovery time objective "
        "of 4 hours.",
        ["rpo", "rto", "disaster recovery"],
        scope=["brindle notes"],
    ),
    _claim(
        "sso-saml",
        "SAML single sign-on",
        "SAML 2.0 single sign-on is available on Studio and Atlas; Draft has no SSO. Tested "
        "identity providers: Okta and Microsoft Entra ID. Atlas plan customers can enforce it.",
        ["sso", "saml"],
        status="yes-gated",
        default="requires-configuration",
        scope=["studio", "atlas"],
    ),
    _claim(
        "mfa-all",
        "Two-factor authentication",
        "Two-factor authentication with TOTP apps is available to every user on all plans. "
        "Engines are reached through API tiers of the engine providers.",
        ["mfa", "2fa"],
        scope=["draft", "studio", "atlas"],
    ),
]


ask_summary = _asker(SUMMARY_CLAIMS, SUMMARY_VENDOR)


def test_a_product_introduced_by_its_short_name_is_asked_by_it(ask_summary) -> None:
    answer = ask_summary("State the RPO and RTO committed for the KMS.")
    assert answer.verdict == "yes"
    assert "4 hours" in answer.text


def test_the_plans_the_summary_lists_are_the_vendors_plans(ask_summary) -> None:
    # The claims name only the Atlas plan with the word "plan"; the summary names all three.
    answer = ask_summary("Does the application support SAML federation with Azure AD?")
    assert answer.verdict == "partial"
    assert "Studio or Atlas" in answer.text
    assert ask_summary("We are on the Draft plan. Is SAML SSO available?").verdict == "no"


def test_a_later_clause_for_another_plan_limits_rather_than_denies(ask_summary) -> None:
    answer = ask_summary("Does the application support SAML SSO for our users?")
    assert answer.verdict == "partial"
    assert "Studio or Atlas" in answer.text


EDGE_VENDOR = {
    "slug": "brindle",
    "name": "Brindle",
    "product": "Brindle Edge",
    "trust_portal_url": "https://brindle.example/trust",
    "summary": "Brindle is an edge network sold on the Launch, Scale and Enterprise plans.",
}
EDGE_CLAIMS = [
    _claim(
        "pops",
        "Points of presence",
        "The Brindle edge network has 164 points of presence in 71 countries. Brindle has no "
        "points of presence in mainland China.",
        ["pop", "points of presence", "china"],
        attributes={"mainland_china": False},
    ),
    _claim(
        "ddos",
        "DDoS mitigation",
        "Brindle mitigates network-layer (L3/L4) and application-layer (L7) DDoS attacks on "
        "every plan. Mitigation is always on and unmetered.",
        ["ddos", "volumetric", "layer 7", "unmetered"],
    ),
    _claim(
        "regional-lock",
        "Regional Lock",
        "Regional Lock keeps a zone's traffic on PoPs in the European Union. "
        "Regional Lock is an Enterprise add-on. Regional Lock is offered for the EU only.",
        ["regional lock", "data residency"],
        attributes={"regions": ["eu"]},
    ),
    _claim(
        "dpa",
        "Data Processing Addendum",
        "Brindle's Data Processing Addendum covers the EU GDPR, the UK GDPR and the Swiss "
        "FADP. It is part of the Terms of Service.",
        ["dpa", "gdpr", "fadp"],
    ),
]


ask_edge = _asker(EDGE_CLAIMS, EDGE_VENDOR)


def test_none_of_asks_the_inverse(ask_edge) -> None:
    answer = ask_edge("Please confirm that none of your edge nodes are located in mainland China.")
    assert answer.verdict == "yes"


def test_layer_seven_and_denial_of_service_are_the_claims_words(ask_edge) -> None:
    answer = ask_edge(
        "Is DoS/DDoS protection (volumetric and layer 7) provided without usage-based charges?"
    )
    assert answer.verdict == "yes"
    assert "unmetered" in answer.text


def test_a_plan_named_without_the_word_plan_is_the_customers_plan(ask_edge) -> None:
    answer = ask_edge("We're Enterprise. Can Regional Lock keep our traffic on US-only PoPs?")
    assert answer.verdict == "no"
    assert "US is not among the regions offered (EU)" in answer.text


def test_the_swiss_federal_act_is_the_fadp(ask_edge) -> None:
    answer = ask_edge(
        "Does your DPA address both the UK GDPR and the Swiss Federal Act on Data Protection?"
    )
    assert answer.verdict == "yes"


ROUND15_CLAIMS = [
    _claim(
        "mfa",
        "Multi-factor authentication",
        "The Brindle Console supports multi-factor authentication with TOTP apps. MFA is off by "
        "default. Owners can require MFA for all users in the organisation.",
        ["mfa", "2fa", "totp"],
        status="yes-gated",
        default="requires-configuration",
        attributes={"enabled_by_default": False, "enforceable": True},
    ),
    _claim(
        "offboarding",
        "Data after the subscription ends",
        "When a subscription ends, the customer's data stays available for export for 30 days. "
        "After those 30 days Brindle deletes it; copies in backups expire within a further 35 "
        "days, when the backup retention period runs out.",
        ["offboarding", "termination", "data retention"],
    ),
    _claim(
        "dpa",
        "Data Processing Addendum",
        "Brindle offers a Data Processing Addendum that covers the EU GDPR, the UK GDPR and the "
        "Swiss Federal Act on Data Protection. The DPA is part of the Terms of Service.",
        ["dpa", "gdpr", "fadp"],
    ),
]


VENDOR_15 = {**EDGE_VENDOR, "summary": "Brindle is a workspace."}
ask15 = _asker(ROUND15_CLAIMS, VENDOR_15)


def test_an_able_attribute_answers_can_not_is(ask15) -> None:
    assert ask15("Is MFA enforced for every user in our organisation?").verdict == "partial"
    assert ask15("Can MFA be enforced for every user?").verdict == "yes"


def test_a_figure_none_of_the_stated_figures_is_settled_otherwise(ask15) -> None:
    answer = ask15(
        "Confirm that customer data is retained for 90 days after the subscription ends."
    )
    assert answer.verdict == "no"
    assert "30 days and 35 days are stated, not 90 days" in answer.text


def test_the_opening_does_not_say_the_first_sentence_twice(ask15) -> None:
    answer = ask15("Please confirm the DPA addresses the UK GDPR and Swiss data protection law.")
    assert answer.verdict == "yes"
    assert answer.text.count("covers the EU GDPR") == 1


_ASK_IN_A_NEW_PROCESS = """
import sys, tempfile
import os
import subprocess
import sys
from pathlib import Path
from models.bootstrap import open_database
from models.kb.import_export import import_knowledge_base_file
from questionnaires.autofill import autofill
from questionnaires.questions import Question
database = open_database(Path(tempfile.mkdtemp()))
import_knowledge_base_file(database, Path(sys.argv[1]))
question = "Is customer data encrypted while stored, including backup copies? State the cipher."
print(autofill(database, "quaystone", [Question("Q1", question)])[0].verdict)
"""


@pytest.mark.parametrize("seed", ["1", "5"])
def test_answers_do_not_depend_on_the_hash_seed(seed: str) -> None:
    # Two claims that score the same once broke the tie by a set's (hash-seeded) order.
    kb = Path(__file__).parent / "data" / "vendors" / "quaystone-kb.json"
    result = subprocess.run(
        [sys.executable, "-c", _ASK_IN_A_NEW_PROCESS, str(kb)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": seed},
        cwd=Path(__file__).parent.parent,
        check=True,
    )
    assert result.stdout.strip() == "yes"


EXCLUSION_CLAIMS = [
    _claim(
        "pen-test",
        "Independent penetration testing",
        "An independent firm tests Brindle twice a year. The executive summary of the latest "
        "test is available on the Trust Portal under NDA. Full penetration test reports are not "
        "shared with customers.",
        ["penetration test", "pen test"],
        status="yes-gated",
        access="trust-portal",
        attributes={"full_report_shared": False, "excludes": ["full report"]},
    ),
    _claim(
        "sso",
        "Single sign-on (SAML 2.0)",
        "The Brindle Console supports single sign-on with SAML 2.0. An Owner must configure SSO "
        "before users can use it. Owners can require SSO for all users except one break-glass "
        "Owner account.",
        ["sso", "saml"],
        status="yes-gated",
        default="requires-configuration",
    ),
]


ask_exclusions = _asker(EXCLUSION_CLAIMS, VENDOR_15)


def test_an_excluded_full_report_leaves_the_summary_of_results(ask_exclusions) -> None:
    answer = ask_exclusions("Please share the results of your most recent third-party pen test.")
    assert answer.verdict == "partial"
    assert "executive summary" in answer.text
    assert ask_exclusions("Will you share the full penetration test report?").verdict == "no"


def test_except_excludes_what_follows_it_not_what_precedes(ask_exclusions) -> None:
    answer = ask_exclusions("Please confirm SAML SSO can be made mandatory for all of our users.")
    assert answer.verdict in {"yes", "partial"}
    assert "does not extend" not in answer.text


WORDING_CLAIMS = [
    _claim(
        "hosting",
        "Hosting regions",
        "Customer data is hosted in the EU (Frankfurt) or the US (Virginia), chosen when the "
        "workspace is created.",
        ["hosting", "data residency", "region"],
        attributes={"regions": ["eu", "us"]},
    ),
    _claim(
        "passwordless",
        "Passwordless login",
        "Brindle supports passwordless login with passkeys and magic links on every plan.",
        ["passwordless", "passkeys"],
    ),
    _claim(
        "social-login",
        "Social login",
        "Users can sign in with Google, Apple or GitHub accounts on every plan.",
        ["social login", "google", "apple", "github"],
    ),
]


ask_wording = _asker(WORDING_CLAIMS, VENDOR_15)


def test_can_it_be_kept_in_a_place_asks_where_it_is_hosted(ask_wording) -> None:
    answer = ask_wording("Can our tenant data be kept in an EU data centre?")
    assert answer.verdict == "yes"
    assert "Frankfurt" in answer.text
    assert ask_wording("Can our data be kept in Canada?").verdict == "no"


def test_login_with_no_password_is_passwordless(ask_wording) -> None:
    assert ask_wording("Can we offer passkey-based login with no password?").verdict == "yes"


def test_an_apple_id_is_an_apple_account(ask_wording) -> None:
    assert ask_wording("Can users sign in with their Apple ID?").verdict == "yes"


ROUND16_VENDOR = {
    "slug": "brindle",
    "name": "Brindle",
    "product": "Brindle enterprise video platform",
    "trust_portal_url": "https://brindle.example/trust",
    "summary": "Brindle is a video platform, sold as Core, Plus and Enterprise.",
}
ROUND16_CLAIMS = [
    _claim(
        "sso",
        "Single sign-on",
        "Single sign-on with SAML 2.0 or OpenID Connect is available on the Plus and "
        "Enterprise plans. The Core plan has no SSO. SCIM 2.0 user provisioning is available "
        "on the Enterprise plan only.",
        ["sso", "saml", "scim"],
        status="yes-gated",
        default="requires-configuration",
    ),
    _claim(
        "hosting",
        "Hosting regions",
        "Two regions are available on every plan: US (Oregon) and EU (Frankfurt). An Australia "
        "(Sydney) region is available on the Enterprise plan only.",
        ["hosting", "region", "data residency"],
    ),
    _claim(
        "etcd-backups",
        "Control-plane backups",
        "Brindle takes a snapshot of every control plane every 6 hours. Snapshots are kept for "
        "14 days. Brindle does not back up persistent volumes.",
        ["backup", "snapshot"],
    ),
    _claim(
        "agent-telemetry",
        "Agent telemetry",
        "Telemetry from the endpoint agent is kept for 90 days, then deleted.",
        ["telemetry", "endpoint agent"],
    ),
    _claim(
        "iso",
        "ISO/IEC 27001 certificate",
        "Brindle holds an ISO/IEC 27001:2022 certificate, valid until 30 November 2027.",
        ["iso 27001", "certification"],
    ),
]


ask16 = _asker(ROUND16_CLAIMS, ROUND16_VENDOR)


def test_a_plan_named_like_the_products_description_is_still_a_plan(ask16) -> None:
    answer = ask16("Does the platform support federated login via SAML?")
    assert answer.verdict == "partial"
    assert "Plus or Enterprise" in answer.text


def test_a_parenthesis_in_a_limit_is_detail(ask16) -> None:
    answer = ask16("Can our data be hosted in Australia?")
    assert answer.verdict == "partial"
    assert "Enterprise" in answer.text


def test_persistent_volumes_are_not_a_retention_period(ask16) -> None:
    answer = ask16("How frequently are control-plane backups taken, and how long are they kept?")
    assert answer.verdict == "yes"
    assert "6 hours" in answer.text and "14 days" in answer.text


def test_a_duration_in_other_units_is_compared(ask16) -> None:
    answer = ask16("Is endpoint-agent telemetry retained for 12 months?")
    assert answer.verdict == "no"
    assert "90 days" in answer.text


def test_the_expiry_of_a_certificate_is_its_validity(ask16) -> None:
    answer = ask16("Does the Supplier hold ISO 27001? Provide the expiry date of the certificate.")
    assert answer.verdict == "yes"
    assert "30 November 2027" in answer.text


def test_scim_speaks_of_deprovisioning(ask16) -> None:
    answer = ask16("Is automated user provisioning and deprovisioning (SCIM) supported?")
    assert answer.verdict == "partial"


ROUND17_CLAIMS = [
    _claim(
        "encryption",
        "Encryption",
        "Brindle encrypts customer data at rest with AES-256. Data in transit is encrypted "
        "with TLS 1.2 or higher. TLS 1.0 and TLS 1.1 are disabled.",
        ["encryption", "aes-256", "tls"],
        attributes={"tls_1_0": False, "tls_1_1": False},
    ),
    _claim(
        "iso-27701",
        "ISO/IEC 27701",
        "Brindle is not certified to ISO/IEC 27701.",
        ["iso 27701"],
        status="no",
    ),
    _claim(
        "offboarding",
        "Data at the end of the contract",
        "At termination Brindle purges customer data from production within 30 days.",
        ["termination", "deletion"],
    ),
]


ask17 = _asker(ROUND17_CLAIMS, VENDOR_15)


def test_a_yes_no_attribute_naming_a_version_answers_only_that_version(ask17) -> None:
    answer = ask17("Describe how data is encrypted at rest and in transit (minimum TLS version).")
    assert answer.verdict == "yes"
    assert "TLS 1.2" in answer.text
    assert ask17("Is TLS 1.0 accepted?").verdict == "no"


def test_pims_is_iso_27701_and_while_stored_is_at_rest(ask17) -> None:
    assert ask17("Are you certified against ISO 27701 (PIMS)?").verdict == "no"
    assert ask17("Is customer content encrypted while stored? Specify the cipher.").verdict == "yes"


def test_contract_expiry_is_termination(ask17) -> None:
    answer = ask17(
        "Upon contract expiry, is our data purged from production, and within what timeframe?"
    )
    assert answer.verdict == "yes"
    assert "30 days" in answer.text


ROUND18_VENDOR = {
    **VENDOR_15,
    "summary": "Brindle is an email gateway, sold to IT teams on the Essentials, Business and "
    "Enterprise plans.",
}
ROUND18_CLAIMS = [
    _claim(
        "dlp",
        "Outbound DLP",
        "Outbound DLP blocks outbound messages that contain card numbers. Outbound DLP is "
        "available on the Business and Enterprise plans.",
        ["dlp", "data loss prevention"],
        default="requires-configuration",
    ),
    _claim(
        "breach",
        "Breach notification",
        "Brindle notifies affected customers of a personal data breach within 36 hours.",
        ["breach notification"],
        scope=["essentials", "business", "enterprise"],
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Brindle supports multi-factor authentication for staff accounts on every plan. "
        "District administrators can require MFA for all staff.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "deployment",
        "Deployment model",
        "Brindle is offered only as a cloud service. There is no on-premises or virtual "
        "appliance edition.",
        ["on-premises", "self-hosted", "virtual appliance"],
        status="no",
    ),
]


ask18 = _asker(ROUND18_CLAIMS, ROUND18_VENDOR)


def test_outgoing_mail_is_outbound_and_pii_is_personal_data(ask18) -> None:
    answer = ask18("Do you block outgoing messages that contain card numbers?")
    assert answer.verdict == "partial"
    answer = ask18("Will you notify us of a personal data breach affecting our PII?")
    assert answer.verdict == "yes"
    assert "36 hours" in answer.text


def test_can_the_customers_side_mandate_it_asks_whether_it_can(ask18) -> None:
    assert ask18("Can district IT mandate 2FA for all staff?").verdict == "yes"


def test_in_our_own_data_center_is_self_hosting(ask18) -> None:
    answer = ask18("Can Brindle be deployed as a virtual appliance in our own data center?")
    assert answer.verdict == "no"


def test_a_summary_naming_its_buyers_before_the_plans_lists_them() -> None:
    summary = "An email gateway, sold to IT teams on the Essentials, Business and Enterprise plans."
    assert summary_plans(summary) == {"essentials", "business", "enterprise"}


ROUND19_VENDOR = {
    **VENDOR_15,
    "summary": "Brindle is sold on the Relay, Convoy and Meridian plans.",
}
ROUND19_CLAIMS = [
    _claim(
        "uptime-sla",
        "Uptime SLA",
        "Brindle commits to 99.9% monthly uptime on the Meridian plan only. Relay and "
        "Convoy have no uptime commitment.",
        ["sla", "uptime", "availability"],
        status="yes-gated",
        access="sales-contract",
    ),
    _claim(
        "mfa",
        "Multi-factor authentication",
        "Brindle supports MFA with TOTP apps on every plan. MFA is off by default. An "
        "administrator can require MFA for the workspace.",
        ["mfa", "2fa"],
        default="requires-configuration",
    ),
    _claim(
        "hosting",
        "Hosting regions",
        "Customer data is hosted in Columbus, Ohio (US) or Frankfurt, Germany (EU).",
        ["hosting", "data residency", "data location"],
    ),
]
ask19 = _asker(ROUND19_CLAIMS, ROUND19_VENDOR)


def test_a_fact_asked_of_every_plan_against_one_plan_is_no(ask19) -> None:
    answer = ask19("Does every subscription tier include a contractual uptime SLA?")
    assert answer.verdict == "no"
    assert "Meridian" in answer.text


def test_today_asks_the_state_now(ask19) -> None:
    assert ask19("Is MFA enforced for all user accounts in our workspace today?").verdict == (
        "partial"
    )


def test_name_the_cities_asks_where(ask19) -> None:
    answer = ask19("In which geographic locations will our data reside? Name the cities.")
    assert answer.verdict == "yes"
    assert "Frankfurt" in answer.text

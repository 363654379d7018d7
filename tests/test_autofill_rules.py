"""The general rules added after the held-out evaluation (issue 3 follow-up), each checked with
wordings of our own (none is a held-out question): asked-for details no claim states, words
that only look like a topic ("public sector", "describe any…"), what a published document
contains, absolutes against a stated exception, automatic deletion, requirements, self-service,
region membership, third-person questionnaires and customer-arranged features."""

import pytest

from questionnaires.autofill import autofill
from questionnaires.details import unsupported_details
from questionnaires.questions import Question
from questionnaires.text import is_asking, normalise


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory: pytest.TempPathFactory):
    """One seeded database for the read-only checks of this module."""
    from models.bootstrap import open_database

    database = open_database(tmp_path_factory.mktemp("rules"))
    yield database
    database.close()


CASES = [
    # Asks for a time it takes or how often something happens: only a claim stating one answers.
    ("How many weeks does it take for you to countersign a BAA?", "unknown", "time it takes"),
    ("What lead time should we plan for a zero data retention request?", "unknown", ""),
    ("How fast are requests to set up an EU project processed?", "unknown", ""),
    ("How regularly do you revise the list of sub-processors?", "unknown", "how often"),
    ("How much advance notice do you give before adding a sub-processor?", "unknown", ""),
    ("At what interval does a third party pen test the API?", "yes", "once a year"),
    ("For how long do you hold on to API prompts?", "yes", "30 days"),
    # Encryption keys are a topic of their own; a key length is a property of the cipher.
    ("Which team holds the master keys used to encrypt stored data?", "unknown", ""),
    ("Do you rotate data encryption keys every year?", "unknown", ""),
    ("Is stored customer data encrypted, and what is the key size?", "yes", "AES-256"),
    # "public" describing another noun is not "publicly available".
    ("Is your ISO 27018 certification valid for public cloud services?", "partial", "27018"),
    ("Is the PCI DSS attestation available publicly?", "no", "trust-portal"),
    # A quantifier counts only for the noun it governs.
    ("Can you sign a BAA with us? List any conditions that apply to our API use.", "partial", ""),
    ("Is every endpoint of the API within the scope of your BAA?", "no", "zdr"),
    ("Will you sign a BAA with any API customer who asks?", "partial", "approval"),
    # What a published document says holds whether or not it is signed; its binding does not.
    ("Which module of the SCCs is incorporated in your DPA?", "yes", "Module 3"),
    ("Which edition of the data processing addendum is current?", "yes", "v.010126"),
    ("Does the DPA include a clause on data portability?", "unknown", "document contains"),
    ("Is there a DPA we can put in place with you?", "partial", "executes"),
    # An absolute fails against a claim that records an exception; without one it holds.
    (
        "Can you guarantee API prompts are held at most 30 days, without exception?",
        "no",
        "legally required",
    ),
    ("Are API requests kept for no more than 30 days?", "yes", "30 days"),
    ("Are API requests kept for no more than 45 days in all cases?", "unknown", "45"),
    # Automatic deletion: data kept until the customer deletes it is never purged on a timer.
    ("Are uploaded files removed automatically after 7 days?", "no", "until deleted"),
    ("Are threads erased after a fixed period once the account is closed?", "unknown", ""),
    # Requirements: yes when the claim records it and the qualifier fits; otherwise not decided.
    ("Does choosing the Canada region need a zero data retention amendment?", "yes", "amendment"),
    ("Does the US region require a zero data retention amendment?", "unknown", ""),
    ("Is OpenAI's approval a prerequisite for UK data residency?", "yes", "approval"),
    ("Does data residency require a penetration test report?", "unknown", ""),
    # Self-service (no vendor approval) versus on by default.
    ("Can our admins switch on MFA as a self-service setting?", "yes", "authenticator"),
    ("Can the India region be selected without approval?", "no", "approval"),
    ("Is a HIPAA BAA available without requesting one?", "no", "approval"),
    # Region membership for any named country: outside the list no; inside the EU not decided.
    ("Can our data reside in Ukraine under your residency offering?", "no", "not among"),
    ("Do you offer data residency in Spain?", "unknown", "spain"),
    ("Is data residency offered in Singapore?", "partial", "approval"),
    # Third-person questionnaires ("the supplier") ask the vendor.
    ("Does the supplier use customer API content for model training?", "no", "opts in"),
    ("Does the service provider commission external penetration testing?", "yes", "annual"),
    # Who may see customer data: limits the claim states, and a denial it contradicts.
    ("Is access to stored customer data restricted to authorised personnel?", "yes", "abuse"),
    ("Is access to customer data limited to employees only?", "unknown", ""),
    ("Can you confirm no subcontractors can view our API inputs?", "no", "contractors"),
    ("Is access to stored customer data limited to OpenAI staff?", "unknown", ""),
    # A place no cited claim mentions is a detail it does not state (unless the claim lists
    # regions, or covers all data).
    ("Does your DPA incorporate the SCCs for transfers to Switzerland?", "unknown", "switzerland"),
    ("Is your ISO 27017 certification valid in France?", "unknown", "france"),
    ("Is data encrypted at rest in the Japan region?", "yes", "AES-256"),
    # The vendor's own claims do not decide what its sub-processors do.
    ("Do you require sub-processors to encrypt data at rest?", "unknown", ""),
    ("Does the provider pen test its suppliers' systems?", "unknown", ""),
    ("Is employee access to customer data limited to authorised staff and logged?", "unknown", ""),
    ("Can we download the SOC 2 report on a self-service basis?", "partial", "trust-portal"),
    # "any of the … endpoints" asks about some of them, not all.
    ("Does your BAA cover any of the audio endpoints?", "unknown", ""),
    # A feature the customer must sign up for is partial.
    ("Do you send notice before a new sub-processor is engaged?", "partial", "sign-up"),
    # A request after a leading phrase is still a request.
    (
        "For our audit file, please confirm that your service encrypts data in transit.",
        "yes",
        "TLS 1.2",
    ),
]


@pytest.mark.parametrize(("text", "verdict", "must_contain"), CASES)
def test_general_rules(shared_database, text: str, verdict: str, must_contain: str) -> None:
    (answer,) = autofill(shared_database, "openai-api", [Question("Q", text)])
    assert answer.verdict == verdict, (answer.match, answer.text)
    assert must_contain.lower() in answer.text.lower(), answer.text


def test_asked_detail_needs_a_claim_that_states_that_kind_of_detail(shared_database) -> None:
    (answer,) = autofill(
        shared_database, "openai-api", [Question("Q", "How quickly is a ZDR request reviewed?")]
    )
    assert answer.match["unsupported_details"] == [
        "a time it takes ('how quickly is')",
        "how long the process takes ('quickly is a zdr request reviewed')",
    ]
    # The same ask is answered when the cited claim does state a frequency.
    assert unsupported_details("How often is the API pen tested?", []) == [
        "how often it happens ('how often')"
    ]


def test_third_person_and_polite_requests_are_folded() -> None:
    assert normalise("Does the vendor's DPA cover the API?") == "does your dpa cover the api?"
    assert normalise("Will the supplier notify us?") == "will you notify us?"
    assert is_asking("For our records, please state the retention period.")
    assert not is_asking("The processor shall retain records for six years.")


# Second follow-up: general causes found with the second held-out set, checked with wordings of
# our own (none is a held-out question).
FOLLOW_UP_CASES = [
    # A negation just before the practice an attribute names asserts its opposite.
    ("Can you confirm you do not sell our data?", "yes", "or to sell user data"),
    ("Do you sell customer data?", "no", "or to sell user data"),
    ("Can you confirm a model we fine-tune is never made available to other customers?", "yes", ""),
    ("Are our fine-tuned models shared with other customers?", "no", ""),
    ("Is it not true that every API endpoint is covered by your BAA?", "no", "zdr"),
    # Available to those lacking an enterprise agreement: the BAA's own conditions still apply.
    ("Is a BAA available to customers that do not have an enterprise agreement?", "partial", ""),
    # Whether a published document binds with nothing to sign is whether it is on by default.
    ("Does the DPA bind us automatically once we accept your online terms?", "no", "executes"),
    ("Is the data processing addendum binding without signing anything?", "no", "executes"),
    ("Do you have a DPA in place with your API customers?", "partial", "executes"),
    ("Is the DPA applicable by default to every API account?", "no", "executes"),
    # "automatically" about what the document says is a content question.
    ("Does your DPA automatically incorporate the SCCs?", "yes", "Module 3"),
    # Declining a step the claim records as required ("without", "not willing to") is no.
    (
        "We are not willing to sign a zero data retention amendment. Can our project be hosted "
        "in the Japan region?",
        "no",
        "amendment",
    ),
    (
        "We need EU data residency without entering a zero data retention amendment. Possible?",
        "no",
        "amendment",
    ),
    # Asked whether it requires the step, it is answered as asked.
    (
        "Does residency in Australia require approval? We prefer not to seek OpenAI approval.",
        "yes",
        "approval",
    ),
    # "any <one or two words> endpoint" is every endpoint; "any of the …" is some.
    ("Would our BAA extend to PHI sent to any public API service?", "no", "zdr"),
    ("Will a BAA cover PHI sent to any of your API services?", "unknown", ""),
    ("Does your BAA cover any speech generation endpoints?", "unknown", ""),
    # A year stated by the superseded claim is the history the knowledge base records.
    ("The 2024 docs said moderations were zero-retention by default. Still the case?", "no", ""),
    ("Were API prompts kept for 30 days in 2019?", "unknown", "2019"),
    # A list of verbs before "models" still asks about training.
    (
        "Please confirm that, unless we opt in, our prompts will not be used to train, "
        "fine-tune or improve your models.",
        "yes",
        "opts in",
    ),
    # Terse spreadsheet rows ask the vendor for the cipher or the protocol version…
    ("Storage encryption - cipher and key size?", "yes", "AES-256"),
    ("Traffic encrypted in transit? Minimum TLS version?", "yes", "TLS 1.2"),
    # …but a row about the customer's own documents is not about the vendor.
    ("Is the key length of the encryption we use documented in our policy?", "unknown", ""),
    # The organisation's owner or administrators are the customer.
    ("Can workspace admins limit what team members can do by assigning roles?", "partial", ""),
    # Stored objects are kept until the customer deletes them: no deadline holds for all data.
    ("Are prompts, outputs and uploaded files all deleted within 30 days?", "no", "until"),
    ("Are prompts and files deleted within 30 days if we request deletion?", "unknown", ""),
    ("Are uploaded files removed after 14 days once we request their deletion?", "unknown", ""),
]


@pytest.mark.parametrize(("text", "verdict", "must_contain"), FOLLOW_UP_CASES)
def test_follow_up_rules(shared_database, text: str, verdict: str, must_contain: str) -> None:
    (answer,) = autofill(shared_database, "openai-api", [Question("Q", text)])
    assert answer.verdict == verdict, (answer.match, answer.text)
    assert must_contain.lower() in answer.text.lower(), answer.text


def test_a_negated_answer_does_not_show_its_reason_as_a_condition(shared_database) -> None:
    (answer,) = autofill(
        shared_database,
        "openai-api",
        [
            Question(
                "Q", "Please confirm our fine-tuned models are not shared with other customers."
            )
        ],
    )
    assert answer.match["negated"] is True
    assert answer.text.startswith("Yes: ")
    assert "Conditions on part of the evidence" not in answer.text

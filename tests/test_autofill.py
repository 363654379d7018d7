"""Auto-fill behaviour a reviewer relies on: polarity, conditions, scope, numbers, superseded
claims, explanations and progress."""

import pytest

from models.errors import UserError
from questionnaires.autofill import autofill, iter_autofill
from questionnaires.questions import Question
from questionnaires.templates import template_questions


@pytest.fixture(scope="module")
def shared_database(tmp_path_factory: pytest.TempPathFactory):
    """One seeded database for the read-only checks of this module."""
    from models.bootstrap import open_database

    database = open_database(tmp_path_factory.mktemp("autofill"))
    yield database
    database.close()


def _one(database, text: str, **question):
    (answer,) = autofill(database, "openai-api", [Question("Q", text, **question)])
    return answer


@pytest.mark.parametrize(
    ("text", "verdict", "must_contain"),
    [
        # Polarity: the same claim answers both ways round.
        ("Is our data used to train OpenAI models?", "no", "not used to train"),
        ("Is it true that you never train on API data?", "yes", "opts in"),
        # Conditions give partial and are named.
        ("Can you execute a Business Associate Agreement?", "partial", "approval"),
        ("Is ZDR available for embeddings?", "partial", "approval"),
        # Lists in the claim decide membership.
        ("Is ZDR available for DALL-E 3?", "no", "dall-e-3"),
        ("Is zero data retention available for the Assistants API?", "no", "eligible endpoints"),
        ("Can we process PHI through the Assistants API?", "no", "assistants"),
        ("Does your SOC 2 cover the Processing Integrity criterion?", "no", "processing integrity"),
        ("Is your SOC 2 report available publicly without an NDA?", "no", "trust-portal account"),
        ("Is data residency available in Switzerland?", "no", "regions offered"),
        ("Do you offer data residency in Canada?", "partial", "approval"),
        # Numbers, versions and frequencies the claims do not state are not answered.
        ("Do you retain API data for 90 days?", "unknown", "Request"),
        ("Is our data retained for 30 days for abuse monitoring?", "yes", "up to 30 days"),
        ("Do you retain API data for more than 30 days?", "unknown", "Request"),
        ("Do you use sub-processors?", "yes", "list of sub-processors"),
        ("Can we opt out of data retention?", "partial", "approval"),
        ("Is data encrypted at rest using AES-128?", "unknown", "128"),
        ("Are you ISO 27001:2013 certified?", "unknown", "2013"),
        ("Are you ISO 27001:2022 certified?", "yes", "27001"),
        ("Do you perform penetration testing quarterly?", "unknown", "quarterly"),
        # Other products and other topics are not decided by these claims.
        ("Is Azure OpenAI covered by your SOC 2 report?", "unknown", "Azure OpenAI"),
        ("Do you train on ChatGPT conversations?", "unknown", "Request"),
        ("Are you HIPAA compliant?", "unknown", "Request"),
        ("Can our backups be stored in the EU?", "unknown", "backups"),
        ("Do you have a Data Protection Officer?", "unknown", "data protection officer"),
        # A statement (a control, the text of a law) is not a question.
        (
            "Third-party penetration tests are performed annually.",
            "unknown",
            "not phrased as a question",
        ),
    ],
)
def test_free_text_verdicts(shared_database, text: str, verdict: str, must_contain: str) -> None:
    answer = _one(shared_database, text)
    assert answer.verdict == verdict, answer.text
    assert must_contain.lower() in answer.text.lower()


def test_answers_explain_the_match(database) -> None:
    answer = _one(database, "Do you support 2FA for API platform accounts?")
    assert answer.verdict == "partial"
    assert answer.match["rule"] == "mfa"
    assert answer.match["terms"] == ["mfa"]
    assert answer.match["score"] >= answer.match["threshold"]
    assert answer.citations[0]["claim"] == "mfa"
    assert answer.citations[0]["as_of"] == "2025-06-01"
    assert "Multi-factor authentication: as of 2025-06-01, more than a year old" in answer.flags


def test_undated_claims_are_cited_as_undated(database) -> None:
    answer = _one(database, "Do you have an independent pen test done at least once a year?")
    assert answer.citations[0] == {**answer.citations[0], "claim": "penetration-testing"}
    assert answer.citations[0]["as_of"] == "undated"
    assert "Annual third-party penetration testing: its only source is undated" in answer.flags
    assert "(undated sources)" in answer.text


def test_superseded_claims_are_never_cited_as_current(database) -> None:
    mapped = _one(database, "Do you sign a BAA?", claim_keys=["hipaa-baa-2025"])
    assert [cited["claim"] for cited in mapped.citations] == ["hipaa-baa"]
    assert mapped.match["followed_superseded"] == {"hipaa-baa-2025": "hipaa-baa"}
    assert any(
        "replaces HIPAA BAA for eligible enterprise customers (June 2025)" in flag
        for flag in mapped.flags
    )
    superseded = {"hipaa-baa-2025", "hipaa-baa-2024", "zdr-2024", "data-residency-2025"}
    for template in ("soc2", "hipaa", "gdpr"):
        for answer in autofill(database, "openai-api", template_questions(database, template)):
            assert not superseded & {cited["claim"] for cited in answer.citations}


def test_template_polarity_and_unmapped_questions(database) -> None:
    answers = {
        a.qid: a for a in autofill(database, "openai-api", template_questions(database, "soc2"))
    }
    assert answers["SOC2-C1.1-a"].verdict == "yes"  # excluded from training by default
    assert answers["SOC2-C1.1-b"].verdict == "no"  # inverse: do you train on it?
    unmapped = answers["SOC2-CC1.1-a"]
    assert unmapped.verdict == "unknown" and unmapped.citations == []
    assert "Request the SOC 2 Type II report" in unmapped.text
    assert answers["SOC2-CC2.3-a"].verdict == "partial"
    assert "trust-portal account" in answers["SOC2-CC2.3-a"].text


def test_iter_autofill_reports_progress(database) -> None:
    questions = [Question(f"Q{n}", "Do you offer ZDR?") for n in range(3)]
    steps = list(iter_autofill(database, "openai-api", questions))
    assert [(done, total) for done, total, _answer in steps] == [(1, 3), (2, 3), (3, 3)]


def test_unknown_vendor_is_a_user_error(database) -> None:
    with pytest.raises(UserError, match=r"unknown vendor 'acme' \(known: openai-api\)"):
        autofill(database, "acme", [Question("Q", "Do you encrypt?")])


def test_every_rule_names_claims_and_attributes_the_knowledge_base_has(shared_database) -> None:
    from models.kb.claims import list_claims
    from models.kb.file_format import ASPECTS
    from questionnaires.matching import rule_from_answer

    claims = {claim.key: claim for claim in list_claims(shared_database, vendor="openai-api")}
    rules = [
        rule_from_answer(claim.key, answer) for claim in claims.values() for answer in claim.answers
    ]
    assert len(rules) > 60
    for rule in rules:
        assert rule.aspect in ASPECTS, rule.name
        assert rule.polarity in ("direct", "inverse") and rule.combine in ("worst", "best")
        for key in rule.claims:
            assert key in claims and claims[key].superseded_by is None, (rule.name, key)
        for name in rule.attributes:
            recorded = [
                (claim.conditions.get("attributes") or {}).get(name.lstrip("!"))
                for claim in (claims[key] for key in rule.claims)
            ]
            if rule.aspect == "attribute":
                assert any(isinstance(value, bool) for value in recorded), (rule.name, name)
            else:  # read as text ("sign-up mechanism (customer subscribes)", "until deleted…")
                assert any(isinstance(value, str) for value in recorded), (rule.name, name)


def test_no_vendor_knowledge_lives_in_code() -> None:
    """Claim keys, vendor and product names belong to the knowledge base, not the engine."""
    import json
    import re

    from resources import KB_DIR, RESOURCES_DIR

    seed = json.loads((KB_DIR / "openai-api.json").read_text(encoding="utf-8"))
    # Access routes ("trust-portal") are words of the format itself, not of one vendor.
    names = {claim["key"] for claim in seed["claims"] if "-" in claim["key"]} - {"trust-portal"}
    names |= {vendor["name"].lower() for vendor in seed["vendors"]}
    names |= {
        p["name"].split()[0].lower() for v in seed["vendors"] for p in v["profile"]["products"]
    }
    engine = [*sorted((RESOURCES_DIR.parent / "questionnaires").glob("*.py"))]
    engine.append(RESOURCES_DIR / "lexicon.json")
    for path in engine:
        text = path.read_text(encoding="utf-8").lower()
        found = sorted(
            name for name in names if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
        )
        assert found == [], (path.name, found)

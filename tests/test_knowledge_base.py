"""Seeding, idempotence, export/import round trip and full-text search of the knowledge base."""

import json
from pathlib import Path

import pytest
from sqlmodel import func, select

from models.bootstrap import open_database
from models.errors import UserError
from models.kb.claim_edits import edit_claim
from models.kb.claims import get_claim, list_claims, search_claims
from models.kb.import_export import export_knowledge_base, import_knowledge_base_file
from models.storage.tables import Annotation, Claim, Source, Vendor
from resources import KB_DIR

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

SEED = json.loads((KB_DIR / "openai-api.json").read_text(encoding="utf-8"))


def _count(database, table) -> int:
    with database.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_first_open_seeds_every_claim_of_the_bundled_file(data_dir: Path) -> None:
    database = open_database(data_dir)  # an empty data dir, not the ``database`` fixture's copy
    try:
        keys = [claim.key for claim in list_claims(database)]
        assert keys == [claim["key"] for claim in SEED["claims"]]
        assert len(keys) >= 40
        assert _count(database, Vendor) == 1
    finally:
        database.close()


def test_required_attestations_are_present_with_their_conditions(database) -> None:
    soc2 = get_claim(database, "soc2-type2")
    assert soc2.status == "yes-gated"
    assert soc2.conditions["access"] == "trust-portal"
    assert set(soc2.conditions["criteria"]) >= {
        "Security",
        "Availability",
        "Confidentiality",
        "Privacy",
    }
    baa = get_claim(database, "hipaa-baa")
    assert baa.conditions["default"] == "requires-approval"
    assert baa.watch_out
    assert set(baa.supersedes) == {"hipaa-baa-2025", "hipaa-baa-2024"}
    assert (
        get_claim(database, "retention-abuse-monitoring").conditions["attributes"]["retention_days"]
        == 30
    )
    assert get_claim(database, "zdr-2024").superseded_by == "zdr"
    assert get_claim(database, "data-residency-2025").superseded_by == "data-residency"
    assert get_claim(database, "eu-ai-act-art53-summary").status == "unclear"
    iso = get_claim(database, "iso-27001")
    assert [note.disposition for note in iso.annotations] == ["dismissed"]
    assert iso.annotations[0].created.isoformat() == "2026-07-05"


def test_five_watch_outs_and_every_seed_url_are_kept(database) -> None:
    claims = list_claims(database)
    assert sorted(claim.key for claim in claims if claim.watch_out) == sorted(
        ["soc2-type2", "hipaa-baa", "zdr", "data-residency", "eu-ai-act-art53-summary"]
    )
    urls = {item.url.rstrip("/") for claim in claims for item in claim.evidence}
    for expected in (
        "https://trust.openai.com",
        "https://cdn.openai.com/osa/healthcare-addendum.pdf",
        "https://cdn.openai.com/pdf/openai-data-processing-addendum.pdf",
        "https://openai.com/policies/sub-processor-list",
        "https://openai.com/enterprise-privacy",
    ):
        assert expected in urls


def test_undated_source_says_so(database) -> None:
    pen_test = get_claim(database, "penetration-testing")
    assert pen_test.as_of is None
    assert all(source.published is None for source in pen_test.sources)
    assert "undated" in pen_test.sources[0].date_note


def test_reopening_never_duplicates_or_overwrites_edits(data_dir: Path) -> None:
    first = open_database(data_dir)
    with first.write("tester") as unit:
        claim = unit.session.exec(select(Claim).where(Claim.key == "mfa")).one()
        claim.statement = "Edited by a reviewer."
        unit.session.add(claim)
        unit.session.delete(unit.session.exec(select(Claim).where(Claim.key == "soc3")).one())
    claims_before = _count(first, Claim)
    first.close()
    for _ in range(3):
        again = open_database(data_dir)
        assert _count(again, Claim) == claims_before
        assert _count(again, Source) == len(SEED["sources"])
        assert get_claim(again, "mfa").statement == "Edited by a reviewer."
        again.close()


def test_export_then_import_into_an_empty_data_dir_round_trips(database, tmp_path: Path) -> None:
    from models.storage.tables import utcnow

    with database.write("alice") as unit:
        claim = unit.session.exec(select(Claim).where(Claim.key == "zdr")).one()
        unit.session.add(
            Annotation(
                claim_id=claim.id,
                author="alice",
                created=utcnow().date(),
                disposition="needs-verification",
                note="Ask for the approval letter <b>today</b>",
            )
        )
    exported = export_knowledge_base(database)
    path = tmp_path / "kb.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    other = open_database(tmp_path / "other")
    import_knowledge_base_file(other, path)
    assert export_knowledge_base(other) == exported
    notes = get_claim(other, "zdr").annotations
    assert [note.note for note in notes] == ["Ask for the approval letter <b>today</b>"]
    other.close()


def _write(tmp_path: Path, data: object, name: str = "bad.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _mutated(change) -> dict:
    document = json.loads(json.dumps(SEED))
    change(document)
    return document


REJECTED = {
    "not json": ("{not json", "not valid JSON"),
    "unknown top field": (_mutated(lambda d: d.update(extra=1)), "extra"),
    "unknown claim field": (
        _mutated(lambda d: d["claims"][2].update(colour="red")),
        "claims[2].colour",
    ),
    "bad status": (_mutated(lambda d: d["claims"][0].update(status="maybe")), "claims[0].status"),
    "duplicate key": (
        _mutated(lambda d: d["claims"].append(dict(d["claims"][0]))),
        "duplicate key 'soc2-type2'",
    ),
    "missing source": (
        _mutated(lambda d: d["claims"][1]["sources"].append("no-such-source")),
        "cites missing source 'no-such-source'",
    ),
    "wrong format": (_mutated(lambda d: d.update(format="ddq-kb/9")), "format"),
    "superseded by nothing": (
        _mutated(lambda d: d["claims"][0].update(superseded_by="ghost")),
        "names missing claim 'ghost'",
    ),
}


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_rejected_import_changes_nothing(database, tmp_path: Path, case: str) -> None:
    data, expected = REJECTED[case]
    before = export_knowledge_base(database)
    with pytest.raises(UserError) as raised:
        import_knowledge_base_file(database, _write(tmp_path, data))
    assert expected in str(raised.value)
    assert "\n" not in str(raised.value)
    assert export_knowledge_base(database) == before


def test_search_ranks_the_current_claim_first(database) -> None:
    keys = [claim.key for claim in search_claims(database, "business associate")]
    assert keys[0] == "hipaa-baa"
    assert keys.index("hipaa-baa") < keys.index("hipaa-baa-2025")
    assert search_claims(database, "aes")[0].key == "encryption-at-rest"
    assert search_claims(database, "penetr")[0].key == "penetration-testing"


def test_search_treats_fts_syntax_as_text(database) -> None:
    for text in ('"', "NEAR(", "soc2 OR", "*", "key:value", "-", "AND AND"):
        search_claims(database, text)  # must not raise
    assert search_claims(database, "!!!") == []


def test_a_search_sees_changes_made_since_the_previous_one(database) -> None:
    # Reads keep their connection between calls; each must still see the latest commit.
    assert search_claims(database, "quokka") == []
    claim = get_claim(database, "encryption-at-rest")
    edit_claim(database, claim.id, "tester", title="Quokka-proof encryption at rest")
    assert [found.key for found in search_claims(database, "quokka")] == ["encryption-at-rest"]
    edit_claim(database, claim.id, "tester", title=claim.title)
    assert search_claims(database, "quokka") == []


def test_reads_work_on_other_threads_after_a_failed_read_and_after_close(database) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with pytest.raises(ZeroDivisionError), database.read() as connection:
        connection.execute("SELECT 1").fetchone()
        raise ZeroDivisionError
    assert search_claims(database, "aes")[0].key == "encryption-at-rest"
    with ThreadPoolExecutor(max_workers=2) as pool:
        keys = list(pool.map(lambda text: search_claims(database, text)[0].key, ["aes"] * 4))
    assert keys == ["encryption-at-rest"] * 4
    database.close()
    assert search_claims(database, "penetr")[0].key == "penetration-testing"

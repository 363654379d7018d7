"""After ``kb add``, ``kb import``, ``evidence attach`` and ``review responses --accept…`` the
command line names every open review of the vendor that now has new proposals, and how many
(issue 13, point 6); it writes nothing to the reviews: re-filling stays ``ddq review refill``."""

import json
import re
from pathlib import Path

import pytest

from models.bootstrap import open_database
from questionnaires.refill_offers import refill_offers
from tests.helpers.cli_runner import run_ddq
from tests.helpers.vendor_cycle import (
    ENCRYPTION_QID,
    NEWER,
    PRODUCT,
    RISK_QID,
    VENDOR,
    fill_response,
    write_claims,
    write_pdf,
)


def ddq(data: Path, *args: str):
    return run_ddq([*args, "--data-dir", str(data)])


@pytest.fixture
def acme(tmp_path: Path) -> tuple[Path, list[str]]:
    """Acme with its claim, three open HIPAA reviews (one has an accepted answer), one
    finished, and an open review of the seed vendor."""
    data = tmp_path / "data"
    assert ddq(data, "vendor", "add", VENDOR, "--name", "Acme", "--product", PRODUCT).code == 0
    added = ddq(data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path)))
    assert added.code == 0 and "open review" not in added.stdout  # no review yet
    reviews = [
        ddq(data, "review", "new", "--vendor", VENDOR, "--template", "hipaa").stdout.strip()
        for _ in range(3)
    ]
    assert ddq(data, "review", "set", reviews[1], ENCRYPTION_QID, "--accept").code == 0
    assert ddq(data, "review", "finish", reviews[2], "--with-open").code == 0
    ddq(data, "review", "new", "--vendor", "openai-api", "--template", "hipaa")
    return data, reviews


def _offered(stdout: str) -> dict[str, str]:
    return dict(
        re.findall(r"^  review (\d+) \(.*?\): (.*): run ddq review refill \1$", stdout, re.M)
    )


def test_kb_add_names_the_open_reviews_that_now_have_new_proposals(acme, tmp_path) -> None:
    data, (first, second, finished) = acme
    before = json.loads(ddq(data, "review", "show", first, "--json").stdout)
    superseding = ddq(
        data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path, NEWER, "newer.json")),
        "--supersede", "encryption-at-rest=encryption-at-rest-2026-11",
    )  # fmt: skip
    assert superseding.code == 0, superseding.stderr
    assert "2 open reviews have new proposals:" in superseding.stdout
    offered = _offered(superseding.stdout)
    assert set(offered) == {first, second}  # not the finished review, not the seed vendor's
    assert finished not in offered
    assert re.fullmatch(r"\d+ new proposals?", offered[first])
    assert offered[second].endswith("1 reviewed answer to flag")
    after = json.loads(ddq(data, "review", "show", first, "--json").stdout)
    assert after["answers"] == before["answers"]  # offered, not applied

    taken = ddq(data, "review", "refill", first)
    assert taken.code == 0
    database = open_database(data)
    try:
        assert [offer.review_id for offer in refill_offers(database, [VENDOR])] == [int(second)]
    finally:
        database.close()


def test_accepting_a_response_names_every_open_review_it_changes(acme, tmp_path) -> None:
    data, (first, second, _finished) = acme
    sheet = tmp_path / "requests.xlsx"
    assert ddq(data, "review", "requests", first, "--out", str(sheet)).code == 0
    write_pdf(tmp_path / "risk.pdf", "risk analysis")
    fill_response(sheet, tmp_path / "response.xlsx", "risk.pdf")
    dry = ddq(data, "review", "responses", first, str(tmp_path / "response.xlsx"))
    assert "open review" not in dry.stdout  # nothing stored, nothing to offer
    taken = ddq(
        data, "review", "responses", first, str(tmp_path / "response.xlsx"), "--accept", RISK_QID
    )
    assert taken.code == 0, taken.stderr
    assert set(_offered(taken.stdout)) == {first, second}
    answers = json.loads(ddq(data, "review", "show", second, "--json").stdout)["answers"]
    assert next(a for a in answers if a["id"] == RISK_QID)["verdict"] == "unknown"


def test_kb_import_and_evidence_attach_offer_too(acme, tmp_path) -> None:
    data, (first, second, _finished) = acme
    exported = tmp_path / "kb.json"
    assert ddq(data, "kb", "export", str(exported)).code == 0
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["vendors"] = [v for v in document["vendors"] if v["slug"] == VENDOR]
    document["claims"] = [c for c in document["claims"] if c.get("vendor") == VENDOR]
    (claim,) = document["claims"]
    claim["statement"] = "Customer data is encrypted at rest with AES-128."
    exported.write_text(json.dumps(document), encoding="utf-8")
    imported = ddq(data, "kb", "import", str(exported))
    assert imported.code == 0, imported.stderr
    assert set(_offered(imported.stdout)) == {first, second}

    assert ddq(data, "review", "refill", first).code == 0
    assert ddq(data, "review", "refill", second).code == 0
    report = tmp_path / "soc2.pdf"
    write_pdf(report, "Acme SOC 2 report")
    attached = ddq(
        data, "evidence", "attach", "encryption-at-rest", str(report), "--vendor", VENDOR
    )
    assert attached.code == 0, attached.stderr
    assert "now cites local file soc2.pdf" in attached.stdout
    offered = _offered(attached.stdout)
    assert first in offered  # its auto answer now cites the file too
    refilled = ddq(data, "review", "refill", first)
    assert f"{ENCRYPTION_QID}: " in refilled.stdout and "citations updated" in refilled.stdout
    answers = json.loads(ddq(data, "review", "show", first, "--json").stdout)["answers"]
    encryption = next(a for a in answers if a["id"] == ENCRYPTION_QID)
    assert any(url.startswith("local:sha256:") for url in encryption["citations"][0]["evidence"])

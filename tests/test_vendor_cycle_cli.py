"""Issue 13 end to end from the command line: a second vendor, its claims, a PDF it sent, the
request sheet, a filled-in response with good and bad rows, accepting, re-filling, and a signed
pack that carries the PDF with a matching SHA-256 (verified with pyHanko)."""

import hashlib
import json
from pathlib import Path

import pytest

from tests.helpers.cli_runner import run_ddq
from tests.helpers.vendor_cycle import (
    ENCRYPTION_QID,
    NEWER,
    PRODUCT,
    RISK_QID,
    SANCTIONS_QID,
    VENDOR,
    embedded_files,
    fill_response,
    write_claims,
    write_pdf,
)

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")

PASSPHRASE = "correct horse battery"


def _ddq(data_dir: Path, *args: str):
    return run_ddq([*args, "--data-dir", str(data_dir)])


def _answers(data_dir: Path, review_id: str) -> dict[str, dict]:
    shown = _ddq(data_dir, "review", "show", review_id, "--json")
    return {answer["id"]: answer for answer in json.loads(shown.stdout)["answers"]}


def test_second_vendor_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    added = _ddq(data, "vendor", "add", VENDOR, "--name", "Acme", "--product", PRODUCT)
    assert added.code == 0, added.stderr
    listed = json.loads(_ddq(data, "vendor", "list", "--json").stdout)
    assert {"slug": VENDOR, "name": "Acme", "product": PRODUCT}.items() <= next(
        item for item in listed if item["slug"] == VENDOR
    ).items()
    assert _ddq(data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path))).code == 0
    report = tmp_path / "soc2-report.pdf"
    digest = write_pdf(report, "Acme SOC 2 Type II report")
    attached = _ddq(
        data, "evidence", "attach", "encryption-at-rest", str(report), "--vendor", VENDOR
    )
    assert attached.code == 0, attached.stderr
    assert "local file soc2-report.pdf, received" in attached.stdout and digest in attached.stdout
    shown = json.loads(
        _ddq(data, "kb", "show", "encryption-at-rest", "--vendor", VENDOR, "--json").stdout
    )
    assert shown["evidence"][0]["origin"] == "local" and shown["evidence"][0]["sha256"] == digest

    created = _ddq(data, "review", "new", "--vendor", VENDOR, "--template", "hipaa")
    review_id = created.stdout.strip()
    assert created.code == 0 and review_id.isdigit(), created.stderr
    before = _answers(data, review_id)
    assert before[RISK_QID]["verdict"] == "unknown"
    assert all("OpenAI" not in answer["answer"] for answer in before.values())
    assert all("trust portal" not in answer["answer"] for answer in before.values())

    sheet, mail = tmp_path / "requests.xlsx", tmp_path / "requests.txt"
    assert _ddq(data, "review", "requests", review_id, "--out", str(sheet)).code == 0
    assert _ddq(data, "review", "requests", review_id, "--out", str(mail)).code == 0
    body = mail.read_text(encoding="utf-8")
    assert body.startswith("Subject:") and "Dear Acme team" in body and f"[{RISK_QID}]" in body
    unknown = sum(1 for answer in before.values() if answer["verdict"] == "unknown")
    assert body.count("   [") == unknown  # every unknown question once

    response = tmp_path / "response.xlsx"
    evidence = tmp_path / "risk-analysis.pdf"
    risk_digest = write_pdf(evidence, "Acme HIPAA risk analysis 2026")
    fill_response(sheet, response, evidence.name)
    dry = _ddq(data, "review", "responses", review_id, str(response))
    assert dry.code == 0 and "nothing stored" in dry.stdout
    assert dry.stderr.count("\n") == 3
    assert "'Maybe' is not Yes, No or Partial" in dry.stderr and "'NOPE-1'" in dry.stderr
    assert "'missing.pdf' is not beside" in dry.stderr
    claims = json.loads(_ddq(data, "kb", "list", "--vendor", VENDOR, "--json").stdout)
    assert [claim["key"] for claim in claims] == ["encryption-at-rest"]  # nothing unreviewed

    taken = _ddq(
        data, "review", "responses", review_id, str(response), "--accept", RISK_QID,
        "--accept", SANCTIONS_QID, "--reviewer", "Dana Reviewer",
    )  # fmt: skip
    assert taken.code == 0, taken.stderr
    claims = {
        c["key"]: c
        for c in json.loads(_ddq(data, "kb", "list", "--vendor", VENDOR, "--json").stdout)
    }
    risk = claims["response-hipaa-164-308-a1iia"]
    assert risk["status"] == "yes" and risk["sources"][0]["title"].startswith("Vendor response, ")
    assert risk["evidence"][0]["sha256"] == risk_digest
    assert claims["response-hipaa-164-308-a1iic"]["status"] == "no"

    accepted = _ddq(data, "review", "set", review_id, ENCRYPTION_QID, "--accept")
    assert accepted.code == 0, accepted.stderr
    refill = _ddq(data, "review", "refill", review_id)
    assert f"{RISK_QID}: unknown → yes" in refill.stdout
    assert f"{SANCTIONS_QID}: unknown → no" in refill.stdout
    after = _answers(data, review_id)
    assert after[RISK_QID]["verdict"] == "yes" and after[RISK_QID]["state"] == "auto"

    superseding = _ddq(
        data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path, NEWER, "newer.json")),
        "--supersede", "encryption-at-rest=encryption-at-rest-2026-11", "--reason", "newer page",
    )  # fmt: skip
    assert superseding.code == 0, superseding.stderr
    old = json.loads(
        _ddq(data, "kb", "show", "encryption-at-rest", "--vendor", VENDOR, "--json").stdout
    )
    assert old["superseded_by"] == "encryption-at-rest-2026-11"
    flagged = _ddq(data, "review", "refill", review_id)
    assert "1 reviewed answers flagged" in flagged.stdout
    encryption = _answers(data, review_id)[ENCRYPTION_QID]
    assert encryption["state"] == "accepted"  # never overwritten
    assert encryption["verdict"] == _answers(data, review_id)[ENCRYPTION_QID]["verdict"]
    assert any(
        flag.startswith("Knowledge base changed since you accepted this: encryption-at-rest")
        for flag in encryption["flags"]
    )

    monkeypatch.setenv("DDQ_TEST_PASSPHRASE", PASSPHRASE)
    made = _ddq(data, "identity", "create", "--name", "Dana Reviewer",
                "--passphrase-env", "DDQ_TEST_PASSPHRASE")  # fmt: skip
    assert made.code == 0, made.stderr
    pack = tmp_path / "pack.pdf"
    exported = _ddq(data, "export", "--review", review_id, "--out", str(pack),
                    "--passphrase-env", "DDQ_TEST_PASSPHRASE")  # fmt: skip
    assert exported.code == 0, exported.stderr
    files = embedded_files(pack)
    embedded = {hashlib.sha256(body).hexdigest() for body in files.values()}
    assert digest in embedded and risk_digest in embedded
    verified = _ddq(
        data, "verify", str(pack), "--trust", str(data / "identity" / "reviewer-certificate.pem")
    )
    assert verified.code == 0, verified.stdout

    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    certificate = (data / "identity" / "reviewer-certificate.pem").read_bytes()
    _kind, _headers, der = pem.unarmor(certificate)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    with pack.open("rb") as handle:
        signature = PdfFileReader(handle).embedded_signatures[0]
        status = validate_pdf_signature(signature, signer_validation_context=context)
        assert status.intact and status.valid and status.trusted


def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _ddq(data, "vendor", "add", VENDOR, "--name", "Acme", "--product", PRODUCT).code == 0
    again = _ddq(data, "vendor", "add", VENDOR, "--name", "Acme", "--product", PRODUCT)
    assert (again.code, again.stderr.count("\n")) == (2, 1)
    bad_slug = _ddq(data, "vendor", "add", "Acme Cloud", "--name", "A", "--product", "B")
    assert bad_slug.code == 2 and "lower-case" in bad_slug.stderr
    bad_url = _ddq(
        data, "vendor", "add", "x", "--name", "A", "--product", "B", "--trust-portal", "file:///etc"
    )
    assert bad_url.code == 2 and "http" in bad_url.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps([
        {"key": "Bad Key", "title": "", "statement": "x", "status": "maybe"},
        {"key": "ok", "title": "t", "statement": "s", "status": "yes", "sources": ["nope"]},
    ]), encoding="utf-8")  # fmt: skip
    result = _ddq(data, "kb", "add", "--vendor", VENDOR, str(bad))
    assert result.code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 4 and all(
        line.startswith("ddq: error: bad.json: claims[") for line in lines
    )
    assert "cites missing source 'nope'" in lines[-1]
    assert json.loads(_ddq(data, "kb", "list", "--vendor", VENDOR, "--json").stdout) == []
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    assert _ddq(data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path))).code == 0
    refused = _ddq(data, "evidence", "attach", "encryption-at-rest", str(text), "--vendor", VENDOR)
    assert refused.code == 2 and "PDF, DOCX, XLSX" in refused.stderr
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf", encoding="utf-8")
    assert (
        _ddq(data, "evidence", "attach", "encryption-at-rest", str(fake), "--vendor", VENDOR).code
        == 2
    )
    assert not list((data / "snapshots").glob("??/*"))  # nothing half-stored
    review = _ddq(data, "review", "new", "--vendor", VENDOR, "--template", "soc2").stdout.strip()
    wrong = _ddq(data, "review", "requests", review, "--out", str(tmp_path / "r.pdf"))
    assert wrong.code == 2 and ".xlsx, .csv or .txt" in wrong.stderr

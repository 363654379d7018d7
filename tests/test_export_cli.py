"""`ddq identity`, `ddq export` and `ddq verify` as a user runs them, in real subprocesses."""

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.bootstrap import open_database
from tests.pack_factory import MARKUP_TEXT, create_review

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py),
# from a seeded database (on SQLite a copy of the session's: conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("backend", "seeded")

PASSPHRASE = "correct horse battery"
ENV = {"DDQ_TEST_PASSPHRASE": PASSPHRASE, "DDQ_WRONG_PASSPHRASE": "not the passphrase"}


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty folder for output files (the data directory is beside it)."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.fixture
def review_id(data_dir: Path) -> int:
    """A sample review in the ``ddq`` fixture's data directory."""
    database = open_database(data_dir)
    try:
        return create_review(database)
    finally:
        database.close()


def _audit_count(data_dir: Path) -> int:
    from sqlmodel import func, select

    from models.storage.tables import AuditEvent

    database = open_database(data_dir)
    try:
        with database.session() as session:
            return session.exec(select(func.count()).select_from(AuditEvent)).one()
    finally:
        database.close()


def test_create_identity_then_export_signed_and_verify(
    ddq, data_dir: Path, review_id: int, tmp_path: Path
) -> None:
    created = ddq(
        "identity",
        "create",
        "--name",
        "Jane Reviewer",
        "--organisation",
        "Acme Legal LLP",
        "--passphrase-env",
        "DDQ_TEST_PASSPHRASE",
        env=ENV,
    )
    assert created.code == 0, created.stderr
    certificate = data_dir / "identity" / "reviewer-certificate.pem"
    assert str(certificate) in created.stdout
    key_file = data_dir / "identity" / "reviewer.p12"
    assert key_file.stat().st_mode & 0o077 == 0
    assert PASSPHRASE.encode() not in key_file.read_bytes()
    assert b"PRIVATE KEY" not in key_file.read_bytes()
    again = ddq(
        "identity", "create", "--name", "X", "--passphrase-env", "DDQ_TEST_PASSPHRASE", env=ENV
    )
    assert again.code == 2 and "--replace" in again.stderr

    pack = tmp_path / "pack.pdf"
    exported = ddq(
        "export",
        "--review",
        str(review_id),
        "--out",
        str(pack),
        "--passphrase-env",
        "DDQ_TEST_PASSPHRASE",
        env=ENV,
    )
    assert exported.code == 0, exported.stderr
    assert "signed by Jane Reviewer" in exported.stdout
    assert PASSPHRASE not in exported.stdout + exported.stderr
    assert PASSPHRASE.encode() not in pack.read_bytes()
    verified = ddq("verify", str(pack), "--trust", str(certificate), "--json")
    assert verified.code == 0, verified.stdout
    report = json.loads(verified.stdout)
    assert report["intact"] and report["valid"] and report["trusted"]
    assert report["signer"] == "Jane Reviewer" and not report["modified_after_signing"]
    shown = ddq("identity", "show", "--json")
    assert json.loads(shown.stdout)["organisation"] == "Acme Legal LLP"


def test_wrong_passphrase_writes_nothing_and_exits_2(
    ddq, data_dir: Path, review_id: int, out: Path
) -> None:
    ddq("identity", "create", "--name", "Jane", "--passphrase-env", "DDQ_TEST_PASSPHRASE", env=ENV)
    before = _audit_count(data_dir)
    pack = out / "pack.pdf"
    result = ddq(
        "export",
        "--review",
        str(review_id),
        "--out",
        str(pack),
        "--passphrase-env",
        "DDQ_WRONG_PASSPHRASE",
        env=ENV,
    )
    assert result.code == 2
    assert result.stderr.startswith("ddq: error:") and "wrong passphrase" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []
    assert _audit_count(data_dir) == before


def test_export_without_identity_exits_2_with_a_hint(ddq, review_id: int, out: Path) -> None:
    result = ddq("export", "--review", str(review_id), "--out", str(out / "pack.pdf"))
    assert result.code == 2
    assert "ddq identity create" in result.stderr and "--unsigned" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []


def test_imported_ca_issued_identity_signs_and_verifies_against_the_ca(
    ddq, review_id: int, tmp_path: Path
) -> None:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = datetime.now(UTC) - timedelta(hours=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Acme Test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Imported Reviewer")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=30))
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .sign(ca_key, hashes.SHA256())
    )
    p12 = tmp_path / "reviewer.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"r", key, leaf, [ca], serialization.BestAvailableEncryption(PASSPHRASE.encode())
        )
    )
    ca_pem = tmp_path / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    out = tmp_path / "out"
    out.mkdir()
    pack = out / "pack.pdf"
    exported = ddq(
        "export",
        "--review",
        str(review_id),
        "--out",
        str(pack),
        "--identity",
        str(p12),
        "--passphrase-env",
        "DDQ_TEST_PASSPHRASE",
        env=ENV,
    )
    assert exported.code == 0, exported.stderr
    verified = ddq("verify", str(pack), "--trust", str(ca_pem))
    assert verified.code == 0, verified.stdout
    assert "Imported Reviewer" in verified.stdout
    imported = ddq(
        "identity", "import", str(p12), "--passphrase-env", "DDQ_WRONG_PASSPHRASE", env=ENV
    )
    assert imported.code == 2 and "wrong passphrase" in imported.stderr
    imported = ddq(
        "identity", "import", str(p12), "--passphrase-env", "DDQ_TEST_PASSPHRASE", env=ENV
    )
    assert imported.code == 0 and "self-signed: no" in imported.stdout


def test_xlsx_export_has_colours_frozen_header_and_filters(
    ddq, review_id: int, tmp_path: Path
) -> None:
    target = tmp_path / "answers.xlsx"
    result = ddq("export", "--review", str(review_id), "--out", str(target))
    assert result.code == 0, result.stderr
    workbook = load_workbook(target)
    sheet = workbook["Answers"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:M5"
    headers = [cell.value for cell in sheet[1]]
    assert headers[:6] == ["ID", "Section", "Reference", "Question", "Verdict", "Answer"]
    colours = {sheet.cell(row, 5).value: sheet.cell(row, 5).fill.fgColor.rgb for row in range(2, 6)}
    assert colours == {
        "YES": "002E7D32",
        "PARTIAL": "00C25E00",
        "UNKNOWN": "00546E7A",
        "NO": "00C62828",
    }
    assert MARKUP_TEXT in sheet.cell(4, 4).value
    assert sheet.cell(3, 13).value == "YES: Yes, a BAA is available."
    assert workbook["Review"]["B4"].value == "Jane Reviewer"


def test_xlsx_stores_formula_like_vendor_text_as_text(database, tmp_path: Path) -> None:
    from exports.answers_xlsx import write_answers_xlsx

    review = create_review(
        database,
        [{"qid": "F1", "question": '=HYPERLINK("http://x")', "text": "ok\x07", "verdict": "no"}],
    )
    target = tmp_path / "answers.xlsx"
    write_answers_xlsx(database, review, target)
    cell = load_workbook(target)["Answers"]["D2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    assert load_workbook(target)["Answers"]["F2"].value == "ok"


def test_json_export_matches_the_design_schema(ddq, review_id: int, tmp_path: Path) -> None:
    target = tmp_path / "answers.json"
    result = ddq("export", "--review", str(review_id), "--out", str(target))
    assert result.code == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["vendor"] == "openai-api"
    assert len(data["answers"]) == 4
    for answer in data["answers"]:
        assert {"id", "question", "verdict", "answer", "confidence", "citations", "flags"} <= set(
            answer
        )
        assert answer["verdict"] in ("yes", "partial", "no", "unknown")
        assert 0 <= answer["confidence"] <= 1
        for citation in answer["citations"]:
            assert {"claim", "as_of"} <= set(citation)
    assert data["answers"][1]["flags"] == ["BAA covers only zero-data-retention endpoints"]
    assert data["answers"][2]["question"].startswith(f"Vendor says {MARKUP_TEXT}")


def test_export_refuses_bad_requests_in_one_line(ddq, review_id: int, out: Path) -> None:
    cases = [
        ("export", "--review", str(review_id), "--out", str(out / "a.txt")),
        ("export", "--review", "999", "--out", str(out / "a.json")),
        ("export", "--review", str(review_id), "--out", str(out / "missing" / "a.pdf")),
        ("export", "--out", str(out / "a.pdf"), "--unsigned"),
        ("verify", str(out / "nothing.pdf")),
    ]
    for argv in cases:
        result = ddq(*argv)
        assert result.code == 2, argv
        assert result.stderr.startswith("ddq: error:") and len(result.stderr.splitlines()) == 1
    not_pdf = out / "notes.pdf"
    not_pdf.write_text("hello")
    result = ddq("verify", str(not_pdf))
    assert result.code == 2 and "not a PDF" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.pdf"]


def test_export_auto_fills_a_template_then_signs(ddq, data_dir: Path, out: Path) -> None:
    ddq("identity", "create", "--name", "Jane", "--passphrase-env", "DDQ_TEST_PASSPHRASE", env=ENV)
    pack = out / "hipaa.pdf"
    result = ddq(
        "export",
        "--vendor",
        "openai-api",
        "--template",
        "hipaa",
        "--reviewer",
        "Jane",
        "--out",
        str(pack),
        "--passphrase-env",
        "DDQ_TEST_PASSPHRASE",
        env=ENV,
    )
    assert result.code == 0, result.stderr
    assert "signed by Jane" in result.stdout
    verified = ddq(
        "verify", str(pack), "--trust", str(data_dir / "identity" / "reviewer-certificate.pem")
    )
    assert verified.code == 0


def test_export_auto_fills_an_imported_csv_to_json(ddq, out: Path) -> None:
    questions = out / "customer.csv"
    questions.write_text(
        "id,question\nC1,Do you encrypt data at rest?\nC2,Do you train on our data?\n",
        encoding="utf-8",
    )
    target = out / "customer.json"
    result = ddq(
        "export", "--vendor", "openai-api", "--questions", str(questions), "--out", str(target)
    )
    assert result.code == 0, result.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["answers"]] == ["C1", "C2"]
    assert data["answers"][1]["question"].startswith("Do you train on our")
    assert all(a["verdict"] in ("yes", "partial", "no", "unknown") for a in data["answers"])

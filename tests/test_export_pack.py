"""The signed PDF evidence pack: content, escaping, fonts, structure, signature, verification."""

import io
import json
import subprocess
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from exports.identity import create_identity, open_identity
from exports.pack import export_pack
from models.bootstrap import open_database
from tests.pack_factory import (
    ACCENTED_TEXT,
    ARABIC_TEXT,
    CHINESE_TEXT,
    MARKUP_TEXT,
    create_review,
    mark_evidence,
)

PASSPHRASE = "correct horse battery"
NOW = datetime(2026, 7, 8, 10, 30, tzinfo=UTC)


def pdf_text(path: Path, page: int | None = None) -> str:
    """Text of the PDF (or one 1-based page) as pdftotext extracts it."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    completed = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *pages, str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout


def normalised(text: str) -> str:
    """Fold presentation forms (shaped Arabic) and drop bidi marks, as a reader copies text."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if c not in "\u202a\u202b\u202c\u202d\u202e\u200e\u200f")


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory):
    """A seeded database with a sample review, a created identity and a signed pack."""
    folder = tmp_path_factory.mktemp("signed")
    database = open_database(folder / "data")
    mark_evidence(database)
    review_id = create_review(database)
    identity = create_identity(
        database.data_dir, "Jane Réviewer 张", PASSPHRASE, organisation="Acme Legal LLP", now=NOW
    )
    signer = open_identity(identity.key_path, PASSPHRASE)
    pack = folder / "pack.pdf"
    result = export_pack(database, review_id, pack, signer=signer, now=NOW)
    yield {
        "database": database,
        "review_id": review_id,
        "identity": identity,
        "signer": signer,
        "pack": pack,
        "result": result,
        "folder": folder,
    }
    database.close()


def test_pyhanko_validates_a_fresh_pack_against_the_reviewer_certificate(signed) -> None:
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    _kind, _headers, der = pem.unarmor(signed["identity"].certificate_path.read_bytes())
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)], allow_fetching=False)
    with signed["pack"].open("rb") as handle:
        reader = PdfFileReader(handle)
        assert len(reader.embedded_signatures) == 1
        signature = reader.embedded_signatures[0]
        status = validate_pdf_signature(
            signature,
            signer_validation_context=context,
            key_usage_settings=KeyUsageConstraints(key_usage={"non_repudiation"}),
        )
        assert status.intact and status.valid and status.trusted
        assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signed["result"].signed and signed["result"].signer == "Jane Réviewer 张"


def test_the_stamp_sits_on_the_last_page_and_names_the_signer(signed) -> None:
    reader = PdfReader(signed["pack"])
    last = reader.pages[-1]
    widgets = [a.get_object() for a in last.get("/Annots", [])]
    signature_widgets = [w for w in widgets if w.get("/FT") == "/Sig"]
    assert len(signature_widgets) == 1
    x1, y1, x2, y2 = (float(v) for v in signature_widgets[0]["/Rect"])
    assert x2 - x1 > 150 and y2 - y1 > 50
    text = pdf_text(signed["pack"], len(reader.pages))
    assert "Jane Réviewer 张" in text  # the page's own panel keeps the full name
    stamp = " ".join(text.split())
    assert "Digitally signed by Jane Réviewer 张" in stamp  # the stamp too: bundled font


def test_markup_and_non_latin_text_appear_literally(signed) -> None:
    text = pdf_text(signed["pack"])
    assert MARKUP_TEXT in text.replace("\n", " ")
    assert "Needs legal <review> & sign-off" in text
    assert CHINESE_TEXT in text
    assert ACCENTED_TEXT in text.replace("\n", " ")
    assert ARABIC_TEXT in normalised(text)
    assert "Imported 数据 section" in text


def test_only_web_links_become_clickable(signed) -> None:
    reader = PdfReader(signed["pack"])
    uris = []
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert "https://trust.openai.com" in uris
    assert uris and all(uri.startswith(("https://", "http://")) for uri in uris)


def test_pack_structure_metadata_outline_pages_and_manifest(signed) -> None:
    reader = PdfReader(signed["pack"])
    metadata = reader.metadata
    assert metadata.title.startswith("Evidence pack: OpenAI")
    assert metadata.author == "Jane Réviewer 张"
    assert metadata.creator == "DDQ Desk"
    outline = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                outline.append(item.title)

    walk(reader.outline)
    for title in ("Cover", "Check before signing", "Answers", "Audit trail", "Signature"):
        assert title in outline
    assert "1. CC6 Logical access" in outline and "3. Imported 数据 section" in outline
    pages = len(reader.pages)
    for number in range(1, pages + 1):
        page_text = pdf_text(signed["pack"], number)
        assert f"Page {number} of\n" in page_text or f"Page {number} of {pages}" in page_text
        assert str(pages) in page_text
        if number > 1:
            assert "OpenAI · SOC 2 vendor security questionnaire" in page_text
    attachments = reader.attachments
    assert list(attachments) == ["manifest.json"]
    manifest = json.loads(attachments["manifest.json"][0])
    assert manifest["format"] == "ddq-pack-manifest/1"
    assert manifest["signed_by"] == "Jane Réviewer 张"
    assert [a["id"] for a in manifest["answers"]] == ["SOC2-CC6.1-a", "HIPAA-1", "X-1", "X-2"]
    evidence = manifest["claims"]["encryption-at-rest"]["evidence"]
    assert evidence and all(len(item["sha256"]) == 64 for item in evidence)
    assert manifest["answers"][1]["proposed"] == {
        "verdict": "yes",
        "answer": "Yes, a BAA is available.",
    }


def test_summary_page_lists_watch_outs_unknowns_flags_and_stale_evidence(signed) -> None:
    text = pdf_text(signed["pack"], 2)
    assert "Check before signing" in text
    assert "BAA covers only zero-data-retention endpoints" in text
    assert "Unknown: what to request from the vendor (1 request for 1 question)" in text
    assert "Flagged by the reviewer (1)" in text
    assert "1 of 4 answers are as auto-fill proposed them" in text
    assert "not marked this review as finished" in text
    assert "Stale, changed or superseded evidence" in text
    assert "Encryption at rest" in text
    answers = pdf_text(signed["pack"])
    assert "Auto-fill proposed YES: Yes, a BAA is available." in answers
    assert "Edited by Jane Reviewer" in answers
    assert "Snapshot\nSHA-256" in answers and "0101010101010101" in answers


def test_verify_exit_codes_for_valid_tampered_and_appended(signed, ddq, tmp_path: Path) -> None:
    pack, certificate = signed["pack"], signed["identity"].certificate_path
    valid = ddq("verify", str(pack), "--trust", str(certificate))
    assert valid.code == 0, valid.stderr
    assert "VALID" in valid.stdout and "trusted: yes" in valid.stdout
    assert "Jane Réviewer 张" in valid.stdout

    data = bytearray(pack.read_bytes())
    start = data.index(b"/ByteRange")
    ranges = data[start : data.index(b"]", start)].split(b"[")[1].split()
    first_length = int(ranges[1])
    data[first_length // 2] ^= 0x20  # inside the first signed range, in page content
    tampered = tmp_path / "tampered.pdf"
    tampered.write_bytes(bytes(data))
    result = ddq("verify", str(tampered), "--trust", str(certificate))
    assert result.code == 1, result.stdout + result.stderr
    assert "TAMPERED" in result.stdout
    assert "Traceback" not in result.stderr

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pack.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page["/Rotate"] = generic.NumberObject(90)
    writer.update_container(page)
    appended = tmp_path / "appended.pdf"
    with appended.open("wb") as handle:
        writer.write(handle)
    result = ddq("verify", str(appended), "--trust", str(certificate))
    assert result.code == 1
    assert "an update was appended after the last signature" in result.stdout


def test_verify_against_a_stranger_certificate_is_not_trusted(signed, tmp_path: Path) -> None:
    from exports.verify import verify_pack

    stranger = create_identity(tmp_path, "Somebody Else", PASSPHRASE, now=NOW)
    report = verify_pack(signed["pack"], stranger.certificate_path)
    assert report.intact and report.trusted is False and report.exit_code == 1
    from cryptography import x509 as crypto_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    der = tmp_path / "reviewer.der"
    certificate = crypto_x509.load_pem_x509_certificate(
        signed["identity"].certificate_path.read_bytes()
    )
    der.write_bytes(certificate.public_bytes(Encoding.DER))
    assert verify_pack(signed["pack"], der).trusted is True
    untrusted = verify_pack(signed["pack"])
    assert untrusted.exit_code == 0 and untrusted.trusted is None
    assert any("not checked" in line for line in untrusted.summary)


def test_unsigned_draft_is_marked_on_every_page_and_verify_exits_2(
    signed, ddq, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.pdf"
    result = export_pack(signed["database"], signed["review_id"], draft, unsigned=True, now=NOW)
    assert not result.signed
    reader = PdfReader(draft)
    assert reader.metadata.title.startswith("DRAFT")
    for number in range(1, len(reader.pages) + 1):
        assert "DRAFT" in pdf_text(draft, number)
    assert "UNSIGNED DRAFT" in pdf_text(draft)
    verified = ddq("verify", str(draft))
    assert verified.code == 2
    assert "UNSIGNED" in verified.stdout


def test_a_failed_export_leaves_no_file(signed, tmp_path: Path, monkeypatch) -> None:
    import exports.pack

    def broken(*args: object, **kwargs: object) -> None:
        kwargs_output = args[2]
        kwargs_output.write(b"%PDF-1.7 half a file")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(exports.pack, "finish_pack", broken)
    target = tmp_path / "pack.pdf"
    with pytest.raises(OSError):
        export_pack(signed["database"], signed["review_id"], target, signer=signed["signer"])
    assert list(tmp_path.iterdir()) == []


def test_a_300_question_pack_renders_and_verifies(database, tmp_path: Path) -> None:
    from exports.verify import verify_pack

    answers = [
        {
            "qid": f"Q{number}",
            "section": f"Section {number // 50 + 1}",
            "question": f"Free-text question {number}: describe your control for area {number}?",
            "verdict": ("yes", "partial", "no", "unknown")[number % 4],
            "text": "The knowledge base records a documented control with annual review. " * 2,
            "confidence": 0.7,
            "citations": [{"claim": "encryption-at-rest", "as_of": "2026-07-05"}],
            "state": ("auto", "accepted", "edited", "flagged")[number % 4],
        }
        for number in range(300)
    ]
    review_id = create_review(database, answers)
    identity = create_identity(database.data_dir, "Bulk Reviewer", PASSPHRASE, now=NOW)
    pack = tmp_path / "big.pdf"
    result = export_pack(
        database, review_id, pack, signer=open_identity(identity.key_path, PASSPHRASE)
    )
    assert result.answers == 300 and result.pages > 30
    text = pdf_text(pack)
    assert "Q299" in text and "Section 6" in text
    assert verify_pack(pack, identity.certificate_path).exit_code == 0


def test_each_export_is_recorded_in_the_audit_trail(signed) -> None:
    import hashlib

    from sqlmodel import select

    from models.storage.tables import AuditEvent

    with signed["database"].session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.action == "review.export")).all()
    digests = {event.detail["sha256"] for event in events}
    assert hashlib.sha256(signed["pack"].read_bytes()).hexdigest() in digests
    assert all(event.review_id == signed["review_id"] for event in events)


def test_a_damaged_signature_value_is_reported_as_invalid(signed, tmp_path: Path) -> None:
    from exports.verify import verify_pack

    data = bytearray(signed["pack"].read_bytes())
    contents = data.index(b"/Contents <") + len(b"/Contents <")
    position = contents + 200  # inside the CMS blob, outside the signed byte range
    data[position] = ord("0") if data[position] != ord("0") else ord("1")
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(bytes(data))
    report = verify_pack(damaged, signed["identity"].certificate_path)
    assert report.signed and report.exit_code == 1


def test_the_stored_key_is_encrypted(signed) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    data = signed["identity"].key_path.read_bytes()
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(data, None)
    with pytest.raises(ValueError):
        pkcs12.load_key_and_certificates(data, b"wrong passphrase")

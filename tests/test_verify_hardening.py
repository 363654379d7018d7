"""Issue 11, points 1-4: a later signer cannot hide a rewrite, a stripped or cut signed pack is
tampered (not unsigned), a broken CMS is one line, and names from a file cannot forge lines."""

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from exports.identity import create_identity, open_identity
from exports.pack import export_pack
from exports.verify import verify_pack
from models.bootstrap import open_database
from tests.pack_factory import create_review

PASSPHRASE = "hardening round two"
NOW = datetime(2026, 7, 8, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A pack signed by the reviewer, the reviewer's and a second signer's certificates."""
    folder = tmp_path_factory.mktemp("hardening")
    database = open_database(folder / "data")
    review_id = create_review(database)
    reviewer = create_identity(folder / "reviewer", "Rita Reviewer", PASSPHRASE, now=NOW)
    other = create_identity(folder / "other", "Mallory Cosigner", PASSPHRASE, now=NOW)
    pack = folder / "pack.pdf"
    export_pack(
        database, review_id, pack, signer=open_identity(reviewer.key_path, PASSPHRASE), now=NOW
    )
    both = folder / "both.pem"
    both.write_bytes(reviewer.certificate_path.read_bytes() + other.certificate_path.read_bytes())
    yield {
        "folder": folder,
        "database": database,
        "review_id": review_id,
        "pack": pack,
        "data": pack.read_bytes(),
        "reviewer": reviewer,
        "other": open_identity(other.key_path, PASSPHRASE),
        "both": both,
    }
    database.close()


def _countersign(data: bytes, signer, *, rewrite_page: bool) -> bytes:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    if rewrite_page:
        page = writer.root["/Pages"]["/Kids"][0].get_object()
        forged = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 700 Td (All: YES) Tj ET")
        page["/Contents"] = writer.add_object(forged)
        writer.update_container(page)
    out = io.BytesIO()
    signers.sign_pdf(
        writer,
        signers.PdfSignatureMetadata(field_name="Second"),
        signer=signer.signer,
        output=out,
        new_field_spec=fields.SigFieldSpec("Second"),
    )
    return out.getvalue()


@pytest.mark.parametrize("trust", [False, True])
def test_a_second_signer_cannot_hide_a_rewrite_of_the_first_signed_revision(
    packs, tmp_path: Path, trust: bool
) -> None:
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(_countersign(packs["data"], packs["other"], rewrite_page=True))
    report = verify_pack(forged, packs["both"] if trust else None)
    assert report.exit_code == 1, report.summary
    assert "ReviewerSignature" in report.summary[0]
    assert report.modified_after_signing
    text = "\n".join(report.summary)
    assert "changed after this signature: YES" in text
    assert "changed after signing: no" not in text


def test_a_genuine_countersignature_keeps_the_pack_valid(packs, tmp_path: Path) -> None:
    cosigned = tmp_path / "cosigned.pdf"
    cosigned.write_bytes(_countersign(packs["data"], packs["other"], rewrite_page=False))
    report = verify_pack(cosigned, packs["both"])
    assert report.exit_code == 0, report.summary
    assert len(report.signatures) == 2
    assert not any(finding.changed_later for finding in report.signatures)


def _update(data: bytes, change) -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _drop_acroform(writer) -> None:
    del writer.root["/AcroForm"]
    writer.update_root()


def _without_prev(data: bytes) -> bytes:
    def touch(writer) -> None:
        from pyhanko.pdf_utils import generic

        writer.root["/Lang"] = generic.TextStringObject("en")
        writer.update_root()

    updated = _update(data, touch)
    head, tail = updated[: len(data)], updated[len(data) :]
    tail = re.sub(rb"/Prev \d+", lambda m: b" " * len(m.group()), tail)
    return head + tail


@pytest.mark.parametrize("damage", ["drop-acroform", "no-prev", "cut-in-half", "strip-signature"])
def test_a_signed_pack_that_lost_its_signature_is_tampered_not_unsigned(
    packs, tmp_path: Path, ddq, damage: str
) -> None:
    data = packs["data"]
    if damage == "drop-acroform":
        damaged = _update(data, _drop_acroform)
    elif damage == "no-prev":
        damaged = _without_prev(data)
    elif damage == "cut-in-half":
        damaged = data[: len(data) // 2]
    else:  # the signature dictionary's bytes overwritten: only the manifest remains
        damaged = data.replace(b"/ByteRange", b"/ByteRangX").replace(b"/Type /Sig", b"/Type /Xig")
        damaged = re.sub(rb"/FT\s*/Sig", b"/FT /Xig", damaged)
    path = tmp_path / f"{damage}.pdf"
    path.write_bytes(damaged)
    result = ddq("verify", str(path))
    assert result.code == 1, result.stdout + result.stderr
    assert "TAMPERED" in result.stdout
    assert result.stderr == ""


def test_an_unsigned_draft_is_still_unsigned(packs, tmp_path: Path) -> None:
    draft = tmp_path / "draft.pdf"
    export_pack(packs["database"], packs["review_id"], draft, unsigned=True, now=NOW)
    assert verify_pack(draft).exit_code == 2


def test_signer_names_cannot_forge_report_lines(packs, tmp_path: Path, ddq) -> None:
    from datetime import timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "E\n  intact: yes\x1b[2J")])
    start = datetime.now(UTC) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    p12 = tmp_path / "spoof.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"spoof", key, certificate, None, pkcs12_encryption(PASSPHRASE)
        )
    )
    signed = tmp_path / "spoof.pdf"
    signed.write_bytes(
        _countersign(packs["data"], open_identity(p12, PASSPHRASE), rewrite_page=False)
    )
    result = ddq("verify", str(signed))
    assert "\x1b" not in result.stdout
    assert "E\\x0a  intact: yes\\x1b[2J" in result.stdout
    assert all(not line.startswith("  intact: yes\x1b") for line in result.stdout.splitlines())


def pkcs12_encryption(passphrase: str):
    """The encryption a stored identity uses."""
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption

    return BestAvailableEncryption(passphrase.encode())


@pytest.mark.parametrize(
    "start", [datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)]
)
def test_a_certificate_outside_its_validity_is_not_valid_with_trust(
    packs, tmp_path: Path, start: datetime
) -> None:
    identity = create_identity(tmp_path / "dated", "Tim Outoftime", PASSPHRASE, now=start)
    pack = tmp_path / "dated.pdf"
    export_pack(
        packs["database"],
        packs["review_id"],
        pack,
        signer=open_identity(identity.key_path, PASSPHRASE),
        now=NOW,
    )
    trusted = verify_pack(pack, identity.certificate_path)
    assert trusted.exit_code == 1, trusted.summary
    text = "\n".join(trusted.summary)
    assert "expired" in text or "not yet valid" in text
    untrusted = verify_pack(pack)
    assert any("certificate:" in line for line in untrusted.summary)

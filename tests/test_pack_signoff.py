"""What a pack says it vouches for: the signature's reason and the cover's statement, the
signing time printed from the signature, the audit trail as sentences, grouped requests,
honest evidence checks, third-party sources, and no local paths anywhere in the file."""

import json
import zlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from exports.identity import create_identity, open_identity
from exports.pack import export_pack
from exports.verify import verify_pack
from models.bootstrap import open_database
from models.storage.tables import Answer, AuditEvent, Evidence, Review
from questionnaires.reviews import accept_answer, edit_answer, load_review
from questionnaires.signoff import finish_review, reopen_review
from tests.pack_factory import create_review, mark_evidence
from tests.test_export_pack import PASSPHRASE, pdf_text

NOW = datetime(2026, 12, 1, 17, 52, 31, tzinfo=UTC)
LOCAL_PATH = "/home/dana/Documents/Customers/Acme/acme-ddq-2026.xlsx"
SIGNER = "Δανάη Ρεβιούερ"


def _prepare(database) -> int:
    """A review imported from a local file, with one failed evidence check and one item
    never snapshotted, edited, finished with open answers, reopened and finished again."""
    mark_evidence(database)
    review_id = create_review(database)
    with database.write("Dana Reviewer") as unit:
        review = unit.session.get(Review, review_id)
        review.template_id = None
        review.source_file = LOCAL_PATH
        unit.session.add(review)
        unit.record(
            "review.create",
            "review",
            str(review_id),
            {"questions": 4, "source_file": LOCAL_PATH, "template": None},
            review_id,
        )
        items = (
            unit.session.exec(
                select(Evidence).where(Evidence.url.like("%healthcare-addendum%"))
            ).all()
            + unit.session.exec(
                select(Evidence).where(Evidence.url.like("%enterprise-privacy%"))
            ).all()
        )
        items[0].error = "connection refused (offline)"
        items[0].last_checked = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        items[1].sha256 = None
        unit.session.add(items[0])
        unit.session.add(items[1])
        unit.record(
            "evidence.snapshot",
            "evidence",
            items[0].url,
            {"sha256": items[0].sha256},
        )
        extra = Answer(
            review_id=review_id,
            position=4,
            qid="X-3",
            question="Do you keep backups off-site?",
            verdict="unknown",
            text="Unknown: the knowledge base holds nothing that decides this. Request the "
            "SOC 2 Type II report through the trust portal and read the A1.2 controls.",
            state="auto",
        )
        unit.session.add(extra)
    answers = load_review(database, review_id).answers
    edit_answer(database, answers[1].id, "Dana Reviewer", verdict="yes", text="BAA signed.")
    accept_answer(database, answers[0].id, "Dana Reviewer")
    finish_review(database, review_id, "Dana Reviewer", with_open=True)
    reopen_review(database, review_id, "Dana Reviewer", "the customer asked for HIPAA-1 again")
    finish_review(database, review_id, "Dana Reviewer", with_open=True)
    return review_id


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory):
    """A signed pack of the prepared review, by a signer with a Greek name."""
    folder = tmp_path_factory.mktemp("signoff")
    database = open_database(folder / "data")
    review_id = _prepare(database)
    identity = create_identity(database.data_dir, SIGNER, PASSPHRASE, now=NOW)
    signer = open_identity(identity.key_path, PASSPHRASE)
    out = folder / "pack.pdf"
    export_pack(database, review_id, out, signer=signer, now=NOW)
    yield {"path": out, "database": database, "review_id": review_id, "identity": identity}
    database.close()


def test_the_signature_reason_and_cover_state_what_was_signed(pack) -> None:
    statement = "Signed draft: 2 of 5 answers not reviewed, 1 flagged"
    report = verify_pack(pack["path"], pack["identity"].certificate_path)
    assert report.exit_code == 0, report.summary
    from pyhanko.pdf_utils.reader import PdfFileReader

    with pack["path"].open("rb") as handle:
        [signature] = PdfFileReader(handle).embedded_signatures
        assert str(signature.sig_object["/Reason"]) == statement
    cover = " ".join(pdf_text(pack["path"], 1).split())
    assert statement in cover
    assert "resolved (accepted or edited): 2; flagged: 1" in cover


def test_the_signing_time_printed_is_the_signatures(pack) -> None:
    report = verify_pack(pack["path"])
    assert report.signing_time == NOW
    text = " ".join(pdf_text(pack["path"], len(PdfReader(pack["path"]).pages)).split())
    assert "Signing time 2026-12-01 17:52:31 UTC, from the signer's own clock" in text
    assert f"Digitally signed by {SIGNER}" in text  # the stamp keeps the Greek name


def test_the_audit_trail_reads_as_sentences_grouped_per_answer(pack) -> None:
    text = " ".join(pdf_text(pack["path"]).split())
    assert "Dana Reviewer changed HIPAA-1 from Partial to Yes and edited the text, 20" in text
    assert "Dana Reviewer accepted SOC2-CC6.1-a" in text
    assert "Dana Reviewer started the review of 4 questions from acme-ddq-2026.xlsx" in text
    assert "Dana Reviewer marked the review finished with 2 answers not reviewed, 1 flagged" in (
        text
    )
    assert "Dana Reviewer reopened the review: the customer asked for HIPAA-1 again" in text
    assert "HIPAA-1: Will you sign a Business Associate Agreement?" in text
    assert '"state"' not in text and "flag_reason" not in text and "None" not in text


def test_requests_appear_once_with_the_questions_they_serve(pack) -> None:
    text = " ".join(pdf_text(pack["path"], 2).split())
    text = text[text.index("what to request") : text.index("Flagged by the reviewer")]
    assert "(2 requests for 2 questions)" in text
    assert text.count("Request the SOC 2 Type II report through the trust portal") == 1
    assert "X-3" in text and "the A1.2 controls" in text


def test_failed_checks_and_missing_snapshots_are_stated(pack) -> None:
    text = " ".join(pdf_text(pack["path"]).split())
    assert "cited evidence items have no snapshot" in text
    assert "check failed 2026-11-30 08:00 UTC: connection refused (offline)" in text
    assert "last good snapshot:" in text


def test_third_party_sources_are_marked(pack) -> None:
    text = " ".join(pdf_text(pack["path"]).split())
    assert "(blog post by rafal h) (2024-02-02) third-party source" in text
    assert "OpenAI Security and Privacy page (undated) third-party" not in text


def _all_bytes(path: Path) -> bytes:
    """Every stream of the PDF decompressed, plus the raw file."""
    data = path.read_bytes()
    reader = PdfReader(path)
    chunks = [data]
    for number in range(1, len(reader.xref_objStm) + 2000):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if hasattr(obj, "get_data"):
            try:
                chunks.append(obj.get_data())
            except Exception:
                continue
    return b"\n".join(chunks)


def test_no_local_path_anywhere_in_the_file(pack) -> None:
    everything = _all_bytes(pack["path"])
    assert b"/home/dana" not in everything
    assert b"Documents/Customers" not in everything
    manifest = _manifest(pack["path"])
    assert manifest["review"]["source_file"] == "acme-ddq-2026.xlsx"
    assert "acme-ddq-2026.xlsx" in pdf_text(pack["path"], 1)


def _manifest(path: Path) -> dict:
    reader = PdfReader(path)
    [(name, [content])] = list(reader.attachments.items())
    assert name == "manifest.json"
    return json.loads(content)


def test_an_approved_review_says_so(tmp_path: Path) -> None:
    database = open_database(tmp_path / "data")
    review_id = create_review(database)
    with database.write("t") as unit:
        for row in unit.session.exec(select(Answer).where(Answer.review_id == review_id)):
            row.state, row.verdict = "accepted", "yes"
            unit.session.add(row)
    finish_review(database, review_id, "Jane Reviewer")
    identity = create_identity(database.data_dir, "Jane", PASSPHRASE, now=NOW)
    out = tmp_path / "approved.pdf"
    export_pack(database, review_id, out, signer=open_identity(identity.key_path, PASSPHRASE))
    text = " ".join(pdf_text(out, 1).split())
    assert "Reviewed and approved: all 4 answers reviewed" in text
    with database.session() as session:
        export = session.exec(select(AuditEvent).where(AuditEvent.action == "review.export")).one()
    assert export.detail["statement"] == "Reviewed and approved: all 4 answers reviewed"
    database.close()
    assert zlib  # compressed streams are read through pypdf above

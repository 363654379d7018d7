"""Trusted time: an RFC 3161 timestamp from a local authority (PAdES B-T), reported by
``ddq verify``; without one the pack and verify say the time is the signer's own clock."""

from pathlib import Path

import pytest

from exports.identity import create_identity
from exports.verify import verify_pack
from models.bootstrap import open_database
from models.errors import UserError
from tests.pack_factory import create_review
from tests.test_export_pack import PASSPHRASE, pdf_text
from tests.tsa_server import TSA_NAME, timestamp_authority


@pytest.fixture
def setup(data_dir: Path) -> dict:
    database = open_database(data_dir)
    try:
        review_id = create_review(database)
        identity = create_identity(database.data_dir, "Jane Reviewer", PASSPHRASE)
    finally:
        database.close()
    return {"review": str(review_id), "identity": identity}


def _export(ddq, setup, out: Path, *extra: str):
    return ddq(
        "export", "--review", setup["review"], "--out", str(out), "--passphrase-env", "PASS",
        *extra, env={"PASS": PASSPHRASE},
    )  # fmt: skip


def test_a_timestamped_pack_verifies_and_names_its_authority(ddq, setup, tmp_path) -> None:
    out = tmp_path / "stamped.pdf"
    with timestamp_authority() as url:
        result = _export(ddq, setup, out, "--tsa", url)
    assert result.code == 0, result.stderr
    report = verify_pack(out, setup["identity"].certificate_path)
    assert report.exit_code == 0, report.summary
    [finding] = report.signatures
    assert finding.timestamp is not None and finding.timestamp_valid
    assert finding.timestamp_authority == TSA_NAME
    verified = ddq("verify", str(out))
    assert f"by {TSA_NAME} (RFC 3161, valid; authority not among" in verified.stdout
    text = " ".join(pdf_text(out).split())
    assert "PAdES baseline B-T" in text and "a trusted timestamp from 127.0.0.1" in text


def test_without_a_timestamp_the_time_is_the_signers_clock(ddq, setup, tmp_path) -> None:
    out = tmp_path / "plain.pdf"
    assert _export(ddq, setup, out).code == 0
    verified = ddq("verify", str(out))
    assert "timestamp: none: the signing time is the signer's own clock" in verified.stdout
    assert "from the signer's own clock" in " ".join(pdf_text(out).split())


def test_an_unreachable_authority_is_one_line_and_writes_nothing(ddq, setup, tmp_path) -> None:
    out = tmp_path / "never.pdf"
    with timestamp_authority() as url:
        pass  # the server is gone: nothing listens on that port any more
    result = _export(ddq, setup, out, "--tsa", url)
    assert result.code == 2 and "no timestamp from the authority" in result.stderr
    assert result.stderr.count("\n") == 1 and not out.exists()
    bad = _export(ddq, setup, out, "--tsa", "ftp://127.0.0.1/")
    assert bad.code == 2 and "starts with http://" in bad.stderr


def test_a_timestamp_needs_a_signature(database) -> None:
    from exports.pack import export_pack

    review_id = create_review(database)
    with pytest.raises(UserError, match="sign the pack"):
        export_pack(database, review_id, Path("x.pdf"), unsigned=True, tsa_url="http://x/")

"""Issue 11, points 6 and 7: exports never overwrite the database, the key or their own input;
long text splits across pages; a failed export leaves no review behind; EdDSA keys sign."""

import errno
import hashlib
import io
import json
import os
from pathlib import Path

import pytest
from sqlmodel import func, select

from models.storage.tables import Answer, Claim, Review
from tests.helpers.cli_runner import run_ddq

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("seeded")

PASSPHRASE = "export guard passphrase"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def with_identity(ddq, data_dir: Path) -> Path:
    created = ddq(
        "identity", "create", "--name", "Gail Guard", "--passphrase-env", "P",
        env={"P": PASSPHRASE},
    )  # fmt: skip
    assert created.code == 0, created.stderr
    return data_dir


@pytest.mark.parametrize("target", ["ddq.sqlite3", "identity/reviewer.p12", "new.json"])
def test_kb_export_refuses_any_path_inside_the_data_directory(
    ddq, with_identity: Path, target: str
) -> None:
    path = with_identity / target
    before = _digest(path) if path.exists() else None
    result = ddq("kb", "export", str(path), "--force")
    assert result.code == 2 and "inside the data directory" in result.stderr
    assert result.stderr.count("\n") == 1
    assert (_digest(path) if path.exists() else None) == before


def test_kb_export_through_a_symlink_into_the_data_directory_is_refused(
    ddq, with_identity: Path, tmp_path: Path
) -> None:
    link = tmp_path / "innocent.json"
    link.symlink_to(with_identity / "identity" / "reviewer.p12")
    before = _digest(link)
    result = ddq("kb", "export", str(link))
    assert result.code == 2 and "inside the data directory" in result.stderr
    assert _digest(link) == before


def test_kb_export_overwrites_only_its_own_exports_without_force(ddq, tmp_path: Path) -> None:
    export = tmp_path / "kb.json"
    assert ddq("kb", "export", str(export)).code == 0
    assert ddq("kb", "export", str(export)).code == 0  # a previous export: replaced
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}\n')
    refused = ddq("kb", "export", str(notes))
    assert refused.code == 2 and "--force" in refused.stderr
    assert notes.read_text() == '{"mine": true}\n'
    forced = ddq("kb", "export", str(notes), "--force")
    assert forced.code == 0 and json.loads(notes.read_text())["format"].startswith("ddq-kb/")


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_answer_out_never_overwrites_its_own_questions(ddq, tmp_path: Path, suffix: str) -> None:
    questions = tmp_path / f"questions{suffix}"
    if suffix == ".csv":
        questions.write_text("id,question\nQ1,Is data encrypted at rest?\n")
    else:
        questions.write_text(json.dumps({"questions": [{"id": "Q1", "text": "Encrypted?"}]}))
    before = questions.read_bytes()
    for alias in (questions, tmp_path / "." / questions.name):
        result = ddq(
            "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(alias)
        )
        assert result.code == 2 and "--questions file itself" in result.stderr
    assert questions.read_bytes() == before


def _count(database, table) -> int:
    with database.session() as session:
        return session.exec(select(func.count()).select_from(table)).one()


def test_long_text_splits_across_pages_in_a_signed_pack(
    ddq, with_identity: Path, tmp_path: Path
) -> None:
    from models.bootstrap import open_database

    database = open_database(with_identity)
    with database.write("test") as unit:
        claim = unit.session.exec(select(Claim).where(Claim.key == "hipaa-baa")).one()
        claim.statement = ("The BAA covers eligible endpoints only. " * 500)[:20_000]
        unit.session.add(claim)
    database.close()
    prose = "Please describe, for every service in scope, " + "how your controls apply " * 140
    questions = tmp_path / "long.csv"
    questions.write_text(f'id,question\nQ1,"{prose}"\nQ2,Will you sign a HIPAA BAA?\n')
    assert len(prose) > 3_200
    pack = tmp_path / "pack.pdf"
    result = ddq(
        "export", "--vendor", "openai-api", "--questions", str(questions), "--out", str(pack),
        "--reviewer", "Rex " * 50, "--passphrase-env", "P", env={"P": PASSPHRASE},
    )  # fmt: skip
    assert result.code == 0, result.stderr[-2000:]
    assert ddq("verify", str(pack)).code == 0


def test_a_100_kb_reviewer_name_is_refused_in_one_line_and_creates_no_review(
    ddq, database, tmp_path: Path
) -> None:
    reviews = _count(database, Review)
    pack = tmp_path / "pack.pdf"
    result = ddq(
        "export", "--vendor", "openai-api", "--template", "gdpr", "--out", str(pack),
        "--unsigned", "--reviewer", "R" * 100_000,
    )  # fmt: skip
    assert result.code == 2 and result.stderr.count("\n") == 1
    assert "--reviewer" in result.stderr and not pack.exists()
    assert _count(database, Review) == reviews


def test_a_pack_export_that_fails_leaves_no_review_and_says_nothing_was_written(
    database, tmp_path: Path, monkeypatch
) -> None:
    import exports.pack

    reviews, answers = _count(database, Review), _count(database, Answer)

    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(exports.pack, "finish_pack", disk_full)
    pack = tmp_path / "pack.pdf"
    result = run_ddq(
        ["--data-dir", str(database.data_dir), "export", "--vendor", "openai-api",
         "--template", "gdpr", "--out", str(pack), "--unsigned"]
    )  # fmt: skip
    assert result.code == 2, result.stderr
    assert "nothing was written" in result.stderr and "previous file" not in result.stderr
    assert (
        not pack.exists() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    )
    assert (_count(database, Review), _count(database, Answer)) == (reviews, answers)


class _FullDisk(io.RawIOBase):
    """An output file on a full disk: every write fails with ENOSPC."""

    def writable(self) -> bool:
        return True

    def write(self, _data) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("previous", [False, True])
def test_a_signed_pack_on_a_full_disk_says_so_not_that_the_identity_cannot_sign(
    with_identity: Path, tmp_path: Path, monkeypatch, previous: bool
) -> None:
    """The signed pack's disk-full message blamed the identity ("cannot sign this pack")."""
    import exports.pack

    real_finish = exports.pack.finish_pack
    monkeypatch.setattr(
        exports.pack,
        "finish_pack",
        lambda rendered, manifest, _output, **kw: real_finish(
            rendered, manifest, _FullDisk(), **kw
        ),
    )
    monkeypatch.setenv("P", PASSPHRASE)
    pack = tmp_path / "pack.pdf"
    if previous:
        pack.write_bytes(b"the previous pack")
    result = run_ddq(
        ["--data-dir", str(with_identity), "export", "--vendor", "openai-api",
         "--template", "gdpr", "--out", str(pack), "--passphrase-env", "P"]
    )  # fmt: skip
    assert result.code == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "No space left on device" in result.stderr and "cannot sign" not in result.stderr
    kept = "the previous file is unchanged" if previous else "nothing was written"
    assert kept in result.stderr
    assert pack.read_bytes() == b"the previous pack" if previous else not pack.exists()


def test_an_ed25519_identity_signs_a_pack_that_verifies(ddq, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ed25519
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = ed25519.Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Ed Wards")])
    start = datetime.now(UTC) - timedelta(days=1)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=300))
        .sign(key, None)
    )
    p12 = tmp_path / "ed.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"ed", key, certificate, None, BestAvailableEncryption(PASSPHRASE.encode())
        )
    )
    pack = tmp_path / "ed.pdf"
    result = ddq(
        "export", "--vendor", "openai-api", "--template", "gdpr", "--out", str(pack),
        "--identity", str(p12), "--passphrase-env", "P", env={"P": PASSPHRASE},
    )  # fmt: skip
    assert result.code == 0, result.stderr[-1000:]
    verified = ddq("verify", str(pack))
    assert verified.code == 0 and "Ed Wards" in verified.stdout

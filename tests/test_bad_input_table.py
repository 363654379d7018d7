"""Every bad input the design lists — a missing file, an unreadable file, an unknown vendor,
template or claim, a damaged database, a bad argument — ends with exit status 2 and one line on
stderr, prints nothing on stdout, leaves no output file and does not change the database.

Rows name their files with ``{tmp}`` (a folder of prepared bad files) and ``{out}`` (an empty
folder where no output may appear).
"""

import hashlib
import json
import os
import shutil
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.storage.datadir import DATABASE_NAME
from tests.helpers.cli_runner import run_ddq
from tests.review_factory import make_review


@dataclass(frozen=True)
class BadInput:
    """One row: the arguments and a phrase the one-line error must contain."""

    args: tuple[str, ...]
    says: str


BAD_INPUTS: dict[str, BadInput] = {
    # arguments
    "unknown command": BadInput(("frobnicate",), "invalid choice"),
    "unknown kb action": BadInput(("kb", "frobnicate"), "invalid choice"),
    "missing argument": BadInput(("kb", "show"), "required: key"),
    "not a number": BadInput(("kb", "search", "soc", "--limit", "many"), "invalid int value"),
    "unknown option": BadInput(("kb", "list", "--colour"), "unrecognized arguments"),
    # unknown things
    "unknown claim": BadInput(("kb", "show", "no-such-claim"), "no claim with key"),
    "unknown vendor": BadInput(("kb", "list", "--vendor", "acme"), "unknown vendor 'acme'"),
    # input files
    "missing file": BadInput(("kb", "import", "{tmp}/missing.json"), "no such file"),
    "folder as file": BadInput(("kb", "import", "{tmp}/folder"), "not a file"),
    "empty file": BadInput(("kb", "import", "{tmp}/empty.json"), "the file is empty"),
    "not json": BadInput(("kb", "import", "{tmp}/not-json.json"), "not valid JSON"),
    "not utf-8": BadInput(("kb", "import", "{tmp}/latin1.json"), "not UTF-8 text"),
    "too big": BadInput(("kb", "import", "{tmp}/huge.json"), "the limit is 20 MB"),
    "wrong format": BadInput(("kb", "import", "{tmp}/wrong-format.json"), "format"),
    "invalid claim": BadInput(("kb", "import", "{tmp}/bad-status.json"), "claims[0].status"),
    # output files
    "missing output folder": BadInput(("kb", "export", "{out}/no/kb.json"), "no such folder"),
    "folder as output": BadInput(("kb", "export", "{out}"), "is a folder"),
    "backup over a file": BadInput(
        ("db", "backup", "--out", "{tmp}/existing.sqlite3"), "already exists"
    ),
    # databases
    "restore missing backup": BadInput(("db", "restore", "{tmp}/missing.sqlite3"), "no such file"),
    "restore non-database": BadInput(("db", "restore", "{tmp}/not-json.json"), "not an SQLite"),
    "data dir is a file": BadInput(
        ("kb", "list", "--data-dir", "{tmp}/empty.json"), "cannot create data directory"
    ),
    # questionnaires (ddq answer)
    "answer: unknown vendor": BadInput(
        ("answer", "--vendor", "acme", "--template", "soc2"), "unknown vendor 'acme'"
    ),
    "answer: unknown template": BadInput(
        ("answer", "--vendor", "openai-api", "--template", "iso"), "unknown template 'iso'"
    ),
    "answer: missing questions file": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/missing.csv"), "no such file"
    ),
    "answer: unreadable workbook": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/not-a-workbook.xlsx"),
        "not an XLSX workbook",
    ),
    "answer: damaged workbook": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/damaged.xlsx"),
        "cannot read the workbook",
    ),
    "answer: zip bomb workbook": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/dense.xlsx"), "zip bomb"
    ),
    "answer: csv without questions": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/header-only.csv"),
        "no questions found",
    ),
    "answer: unsupported file type": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/questions.docx"),
        "unsupported file type",
    ),
    "answer: unsupported output": BadInput(
        ("answer", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/a.docx"),
        "unsupported output type",
    ),
    "answer: missing output folder": BadInput(
        ("answer", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/no/a.json"),
        "no such folder",
    ),
    # exports (ddq export, verify, identity)
    "export: unknown review": BadInput(
        ("export", "--review", "4242", "--out", "{out}/pack.pdf", "--unsigned"),
        "no review with id 4242",
    ),
    "export: review id too big": BadInput(
        ("export", "--review", "9" * 30, "--out", "{out}/pack.json"), "is not an id"
    ),
    "export: no identity": BadInput(
        ("export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/pack.pdf"),
        "no reviewer identity configured",
    ),
    "export: missing identity file": BadInput(
        ("export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/pack.pdf",
         "--identity", "{tmp}/missing.p12", "--passphrase-env", "DDQ_TABLE_PASSPHRASE"),
        "no such file",
    ),
    "export: wrong passphrase": BadInput(
        ("export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/pack.pdf",
         "--identity", "{tmp}/identity.p12", "--passphrase-env", "DDQ_TABLE_WRONG"),
        "wrong passphrase",
    ),
    "export: unset passphrase variable": BadInput(
        ("export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/pack.pdf",
         "--identity", "{tmp}/identity.p12", "--passphrase-env", "DDQ_TABLE_UNSET"),
        "is not set",
    ),
    "export: unknown template": BadInput(
        ("export", "--vendor", "openai-api", "--template", "iso", "--out", "{out}/p.json"),
        "unknown template 'iso'",
    ),
    "export: unsupported output": BadInput(
        ("export", "--review", "1", "--out", "{out}/pack.docx"), "docx"
    ),
    "verify: missing pack": BadInput(("verify", "{tmp}/missing.pdf"), "no such file"),
    "verify: not a pdf": BadInput(("verify", "{tmp}/not-json.json"), "not a PDF"),
    "verify: bad trust certificate": BadInput(
        ("verify", "{tmp}/minimal.pdf", "--trust", "{tmp}/empty.json"), "empty"
    ),
    # reviews (ddq review; the seeded database holds review 1 with question Q1)
    "review: unknown review": BadInput(("review", "show", "4242"), "no review with id 4242"),
    "review: id not a number": BadInput(("review", "show", "one"), "is not a whole number"),
    "review: unknown question": BadInput(
        ("review", "set", "1", "NOPE", "--accept"), "review 1 has no question 'NOPE'"
    ),
    "review: unknown claim": BadInput(
        ("review", "set", "1", "Q1", "--cite", "no-such-claim"), "unknown claim 'no-such-claim'"
    ),
    "review: bad verdict": BadInput(
        ("review", "set", "1", "Q1", "--verdict", "maybe"), "verdict must be one of"
    ),
    "review: finish unknown review": BadInput(
        ("review", "finish", "4242"), "no review with id 4242"
    ),
    "review new: unknown vendor": BadInput(
        ("review", "new", "--vendor", "acme", "--template", "soc2"), "unknown vendor 'acme'"
    ),
    "review new: missing questions file": BadInput(
        ("review", "new", "--vendor", "openai-api", "--questions", "{tmp}/missing.csv"),
        "no such file",
    ),
    "identity: none configured": BadInput(("identity", "show"), "no reviewer identity"),
    "identity: import wrong passphrase": BadInput(
        ("identity", "import", "{tmp}/identity.p12", "--passphrase-env", "DDQ_TABLE_WRONG"),
        "wrong passphrase",
    ),
    "identity: short passphrase": BadInput(
        ("identity", "create", "--name", "Ada", "--passphrase-env", "DDQ_TABLE_SHORT"), "at least"
    ),
    # issue 11: the second hardening round
    "kb import: duplicate key": BadInput(("kb", "import", "{tmp}/duplicate-key.json"), "twice"),
    "kb import: NaN": BadInput(("kb", "import", "{tmp}/nan.json"), "NaN"),
    "kb import: 5,000-digit integer": BadInput(("kb", "import", "{tmp}/big-int.json"), "too large"),
    "kb import: lone surrogate": BadInput(("kb", "import", "{tmp}/surrogate.json"), "lone surrogate"),
    "kb export: over a file that is not an export": BadInput(
        ("kb", "export", "{tmp}/existing.sqlite3"), "--force"
    ),
    "answer: out is the questions file": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/one-question.csv",
         "--out", "{tmp}/one-question.csv"), "--questions file itself"
    ),
    "answer: questionnaire with a lone surrogate": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/surrogate-questions.json"),
        "lone surrogate",
    ),
    "review new: questions file name not UTF-8": BadInput(
        ("review", "new", "--vendor", "openai-api", "--questions", "{tmp}/q\udcff.csv"),
        "file name is not valid UTF-8",
    ),
    "export: --map value not UTF-8": BadInput(
        ("export", "--review", "1", "--workbook", "{out}/back.csv", "--map", "yes=\udcff"),
        "map: not valid UTF-8 text",
    ),
    "export: 100 KB reviewer": BadInput(
        ("export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/pack.pdf",
         "--unsigned", "--reviewer", "R" * 100_000), "--reviewer"
    ),
    "identity: name with a newline": BadInput(
        ("identity", "create", "--name", "Eve\n  valid: yes", "--passphrase-env",
         "DDQ_TABLE_PASSPHRASE"), "control characters"
    ),
    "identity: name longer than a certificate holds": BadInput(
        ("identity", "create", "--name", "N" * 65, "--passphrase-env", "DDQ_TABLE_PASSPHRASE"),
        "at most 64",
    ),
    "identity: name of 66 UTF-8 bytes": BadInput(
        ("identity", "create", "--name", "\u65e5" * 22, "--passphrase-env",
         "DDQ_TABLE_PASSPHRASE"), "at most 64 bytes",
    ),
    "evidence add: credentials in the URL": BadInput(
        ("evidence", "add", "hipaa-baa", "https://me:secret@example.org/"), "password"
    ),
    "evidence add: newline in the URL": BadInput(
        ("evidence", "add", "hipaa-baa", "https://example.org/\nvalid: yes"), "line breaks"
    ),
    # issue 11, the leftovers of points 9 and 13
    "kb import: last_checked past year 9999 in UTC": BadInput(
        ("kb", "import", "{tmp}/far-last-checked.json"), "evidence[0].last_checked"
    ),
    "kb import: last_checked before year 1 in UTC": BadInput(
        ("kb", "import", "{tmp}/early-last-checked.json"), "evidence[0].last_checked"
    ),
    "kb import: as_of in year 9999": BadInput(
        ("kb", "import", "{tmp}/far-as-of.json"), "claims[0].as_of"
    ),
    "kb import: http_status 1e30": BadInput(("kb", "import", "{tmp}/status-1e30.json"), "too large"),
    "kb import: http_status 10**10": BadInput(
        ("kb", "import", "{tmp}/status-huge.json"), "evidence[0].http_status"
    ),
    "kb import: file: evidence URL": BadInput(
        ("kb", "import", "{tmp}/file-evidence.json"), "evidence[0].url"
    ),
    "kb import: javascript: source URL": BadInput(
        ("kb", "import", "{tmp}/javascript-source.json"), "sources[0].url"
    ),
    "kb import: smb: trust-portal URL": BadInput(
        ("kb", "import", "{tmp}/smb-portal.json"), "trust_portal_url"
    ),
    "kb import: password in a source URL": BadInput(
        ("kb", "import", "{tmp}/password-source.json"), "user:secret@"
    ),
    # issue 11, point 11
    "restore: backup with a table dropped": BadInput(
        ("db", "restore", "{tmp}/table-dropped.sqlite3"), "table annotation is missing"
    ),
    "restore: backup carrying a trigger": BadInput(
        ("db", "restore", "{tmp}/with-trigger.sqlite3"), "trigger evil"
    ),
    # issue 11, point 12
    "database: dangling symbolic link": BadInput(
        ("kb", "list", "--data-dir", "{tmp}/dangling"), "symbolic link"
    ),
    "database: empty file": BadInput(
        ("kb", "list", "--data-dir", "{tmp}/empty-database"), "is empty (0 bytes)"
    ),
    "data directory under a user that does not exist": BadInput(
        ("kb", "list", "--data-dir", "~nosuchuser0ddq"), "cannot expand '~'"
    ),
    # issue 11, point 10
    "answer: workbook with a value at XFD1048576": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/far-cell.xlsx"), "XFD1048576"
    ),
    "answer: workbook 5,000 columns wide": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/wide.xlsx"),
        "beyond column ALL",
    ),
    "answer: workbook merging D5:XFD1048576": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/merged-everything.xlsx"),
        "merged ranges covering",
    ),
    # issue 11, point 14
    "answer: CSV holding NUL bytes": BadInput(
        ("answer", "--vendor", "openai-api", "--questions", "{tmp}/nul.csv"), "NUL bytes"
    ),
}  # fmt: skip
# A password planted in a refused URL; no message may print it.
PLANTED_PASSWORD = "hunter2"
TABLE_ENV = {
    "DDQ_TABLE_PASSPHRASE": "the right passphrase 42",
    "DDQ_TABLE_WRONG": "not the passphrase",
    "DDQ_TABLE_SHORT": "short",
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory, seeded_database: Path) -> Path:
    """A folder of prepared bad input files, shared by every row."""
    folder = tmp_path_factory.mktemp("bad-inputs")
    for name, script in {
        "table-dropped": "DROP TABLE annotation",
        "with-trigger": "CREATE TRIGGER evil AFTER INSERT ON evidence "
        "BEGIN UPDATE claim SET status = 'no'; END",
    }.items():
        shutil.copyfile(seeded_database, folder / f"{name}.sqlite3")
        connection = sqlite3.connect(folder / f"{name}.sqlite3")
        connection.executescript(f"PRAGMA journal_mode=DELETE; {script}")
        connection.close()
    (folder / "folder").mkdir()
    (folder / "dangling").mkdir()
    (folder / "dangling" / DATABASE_NAME).symlink_to(folder / "unplugged" / DATABASE_NAME)
    (folder / "empty-database").mkdir()
    (folder / "empty-database" / DATABASE_NAME).write_bytes(b"")
    (folder / "empty.json").write_bytes(b"")
    (folder / "not-json.json").write_text("id,question\nQ1,Do you encrypt?\n")
    (folder / "latin1.json").write_bytes(
        '{"format": "ddq-kb/1", "note": "caf\xe9"}'.encode("latin-1")
    )
    with (folder / "huge.json").open("wb") as handle:
        handle.truncate(21 * 1024 * 1024)
    (folder / "wrong-format.json").write_text('{"format": "ddq-kb/0", "vendors": []}')
    (folder / "bad-status.json").write_text(
        '{"format": "ddq-kb/1", "vendors": [{"slug": "acme", "name": "Acme"}], "claims": '
        '[{"vendor": "acme", "key": "mfa", "title": "MFA", "statement": "s", "status": "maybe"}]}'
    )
    (folder / "existing.sqlite3").write_bytes(b"an earlier backup")
    (folder / "not-a-workbook.xlsx").write_text("id,question\nQ1,Is data encrypted?\n")
    (folder / "damaged.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with zipfile.ZipFile(folder / "dense.xlsx", "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/worksheets/sheet1.xml", b" " * 5_000_000)
    (folder / "header-only.csv").write_text("id,question\n")
    (folder / "nul.csv").write_bytes(b"id,question\nQ1,Encrypted?\x00\x00\x01\n")
    (folder / "questions.docx").write_bytes(b"PK\x03\x04 a word document")
    (folder / "minimal.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    kb = '{"format": "ddq-kb/1", "vendors": [], "claims": []'
    (folder / "duplicate-key.json").write_text(kb + ', "claims": []}')
    (folder / "nan.json").write_text(kb + ', "n": NaN}')
    (folder / "big-int.json").write_text(kb + ', "n": ' + "9" * 5000 + "}")
    (folder / "surrogate.json").write_text(kb + ', "n": "\\ud800"}')
    (folder / "one-question.csv").write_text("id,question\nQ1,Is data encrypted at rest?\n")
    (folder / os.fsdecode(b"q\xff.csv")).write_text("id,question\nQ1,Is data encrypted?\n")
    (folder / "surrogate-questions.json").write_text(
        '{"questions": [{"id": "Q1", "text": "Encrypted?\\udfff"}]}'
    )
    _write_kb_variants(folder)
    _write_hostile_workbooks(folder)
    _make_identity(folder / "identity.p12", TABLE_ENV["DDQ_TABLE_PASSPHRASE"])
    return folder


def _write_hostile_workbooks(folder: Path) -> None:
    """Small workbooks that reach absurdly far (one cell; a 5,000-column header; a merged
    range over the whole sheet)."""
    import openpyxl

    for name in ("far-cell", "wide", "merged-everything"):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["ID", "Question"])
        sheet.append(["Q1", "Is data encrypted at rest?"])
        if name == "far-cell":
            sheet["XFD1048576"] = "stray"
        elif name == "wide":
            for column in range(3, 5001):
                sheet.cell(row=1, column=column, value=f"c{column}")
        workbook.save(folder / f"{name}.xlsx")
    # One merged range over the whole sheet, written into the XML: openpyxl's own merge_cells
    # would create every one of its 17 billion cells.
    merged = folder / "merged-everything.xlsx"
    with zipfile.ZipFile(merged) as archive:
        parts = {item.filename: archive.read(item) for item in archive.infolist()}
    sheet_xml = "xl/worksheets/sheet1.xml"
    parts[sheet_xml] = parts[sheet_xml].replace(
        b"</sheetData>",
        b'</sheetData><mergeCells count="1"><mergeCell ref="D5:XFD1048576"/></mergeCells>',
    )
    with zipfile.ZipFile(merged, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            archive.writestr(part, data)


def _write_kb_variants(folder: Path) -> None:
    """Knowledge bases that are valid but for one date, status or URL."""
    evidence = {"url": "https://example.org/soc2.pdf"}
    variants: dict[str, tuple[str, dict]] = {
        "far-last-checked": ("evidence", {**evidence, "last_checked": "9999-12-31T23:59:59-23:59"}),
        "early-last-checked": (
            "evidence",
            {**evidence, "last_checked": "0001-01-01T00:00:00+23:59"},
        ),
        "far-as-of": ("claim", {"as_of": "9999-12-31"}),
        "status-huge": ("evidence", {**evidence, "http_status": 10**10}),
        "file-evidence": ("evidence", {"url": "file:///etc/passwd"}),
        "javascript-source": ("source", {"url": "javascript:alert(1)"}),
        "smb-portal": ("vendor", {"trust_portal_url": "smb://attacker.example/share"}),
        "password-source": ("source", {"url": f"https://me:{PLANTED_PASSWORD}@example.org/"}),
    }
    for name, (where, fields) in variants.items():
        vendor = {"slug": "acme", "name": "Acme"}
        source = {"key": "policy", "title": "Policy"}
        claim = {
            "vendor": "acme",
            "key": "mfa",
            "title": "MFA",
            "statement": "s",
            "status": "yes",
            "sources": ["policy"],
            "evidence": [],
        }
        {"vendor": vendor, "source": source, "claim": claim}.get(where, {}).update(fields)
        if where == "evidence":
            claim["evidence"] = [fields]
        document = {
            "format": "ddq-kb/1",
            "vendors": [vendor],
            "sources": [source],
            "claims": [claim],
        }
        (folder / f"{name}.json").write_text(json.dumps(document))
    (folder / "status-1e30.json").write_text(
        (folder / "status-huge.json").read_text().replace(str(10**10), "1e30")
    )


def _make_identity(path: Path, passphrase: str) -> None:
    """A PKCS#12 identity file with a known passphrase (a small key: speed, not strength)."""
    from datetime import UTC, datetime, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Table Tester")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"tester", key, certificate, None, BestAvailableEncryption(passphrase.encode())
        )
    )


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A freshly seeded database file, copied into each row's data dir (seeding is slow)."""
    folder = tmp_path_factory.mktemp("seeded")
    database = open_database(folder)
    make_review(database, [{"qid": "Q1", "question": "Do you encrypt data at rest?"}])
    database.close()
    connection = sqlite3.connect(folder / DATABASE_NAME)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return folder / DATABASE_NAME


def _database_digest(data_dir: Path) -> str:
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    digest = hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    connection.close()
    return digest


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


# Rows also run as a real ``ddq`` process (the rest run in-process through the same ``main``,
# with real text streams: the suite stays fast and the outcome is the same).
IN_A_REAL_PROCESS = (
    "unknown command",
    "not utf-8",
    "answer: unreadable workbook",
    "export: wrong passphrase",
    "verify: not a pdf",
    "review: unknown claim",
)


@pytest.mark.real_ddq
@pytest.mark.parametrize("row", list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    row: str,
    bad_files: Path,
    seeded_database: Path,
    data_dir: Path,
    tmp_path: Path,
    ddq,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shutil.copyfile(seeded_database, data_dir / DATABASE_NAME)
    out = tmp_path / "out"
    out.mkdir()
    bad = BAD_INPUTS[row]
    args = [arg.format(tmp=bad_files, out=out) for arg in bad.args]
    database_before = _database_digest(data_dir)
    inputs_before = _files(bad_files)

    if row in IN_A_REAL_PROCESS:
        result = ddq(*args, env=TABLE_ENV)
    else:
        for name, value in {**TABLE_ENV, "DDQ_DATA_DIR": str(data_dir)}.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("DDQ_TABLE_UNSET", raising=False)
        result = run_ddq(args)

    assert result.code == 2, (row, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("ddq")
    assert ": error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.says in result.stderr, result.stderr
    assert PLANTED_PASSWORD not in result.stderr
    assert _database_digest(data_dir) == database_before
    assert _files(bad_files) == inputs_before
    assert os.listdir(out) == []

"""Every bad input the design lists — a missing file, an unreadable file, an unknown vendor,
template or claim, a damaged database, a bad argument — ends with exit status 2 and one line on
stderr, prints nothing on stdout, leaves no output file and does not change the database.

Rows name their files with ``{tmp}`` (a folder of prepared bad files) and ``{out}`` (an empty
folder where no output may appear).
"""

import hashlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.database import open_database
from models.datadir import DATABASE_NAME


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
}


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of prepared bad input files, shared by every row."""
    folder = tmp_path_factory.mktemp("bad-inputs")
    (folder / "folder").mkdir()
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
    return folder


def _database_digest(data_dir: Path) -> str:
    connection = sqlite3.connect(data_dir / DATABASE_NAME)
    digest = hashlib.sha256("\n".join(connection.iterdump()).encode()).hexdigest()
    connection.close()
    return digest


def _files(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize("row", list(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_changes_nothing(
    row: str, bad_files: Path, data_dir: Path, tmp_path: Path, ddq
) -> None:
    open_database(data_dir).close()
    out = tmp_path / "out"
    out.mkdir()
    bad = BAD_INPUTS[row]
    args = [arg.format(tmp=bad_files, out=out) for arg in bad.args]
    database_before = _database_digest(data_dir)
    inputs_before = _files(bad_files)

    result = ddq(*args)

    assert result.code == 2, (row, result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("ddq")
    assert ": error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert bad.says in result.stderr, result.stderr
    assert _database_digest(data_dir) == database_before
    assert _files(bad_files) == inputs_before
    assert os.listdir(out) == []

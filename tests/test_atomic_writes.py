"""Output files are written atomically: a write killed or failing half-way leaves the previous
file exactly as it was, and no temporary file behind (a killed writer's is cleaned up by the
next write)."""

import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from models.errors import UserError
from models.storage.files import atomic_write_with
from tests.conftest import PROJECT_ROOT

resource = pytest.importorskip("resource", reason="RLIMIT_FSIZE is POSIX")

# Above the 32 KiB shared-memory index SQLite maps for reading, below every output written.
WRITE_LIMIT_BYTES = 48 * 1024
PREVIOUS = b"the previous export, which must survive\n"


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (WRITE_LIMIT_BYTES, WRITE_LIMIT_BYTES))


# Python ignores SIGXFSZ at start-up, so a write past the limit fails like a full disk. To make
# the kernel kill the writer mid-write instead (a crash), restore the default action first.
_KILLED_AT_THE_LIMIT = (
    "import signal, sys; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); "
    "from desktop.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _ddq_limited(data_dir: Path, args: list[str], ignore_signal: bool):
    """Run ``ddq`` where no file may grow past WRITE_LIMIT_BYTES."""
    program = ["-m", "desktop.cli"] if ignore_signal else ["-c", _KILLED_AT_THE_LIMIT]
    return subprocess.run(
        [sys.executable, *program, *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, "DDQ_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
        check=False,
    )


def _leftovers(folder: Path) -> list[str]:
    """Hidden temporary files (and any SQLite journal beside one) in ``folder``."""
    return sorted(path.name for path in folder.iterdir() if path.name.startswith("."))


# Every command that writes a user-named output file: the output's suffix and the arguments.
# (XLSX outputs compress below any limit SQLite leaves room for; they are covered in-process.)
WRITERS: dict[str, tuple[str, Callable[[Path, Path], list[str]]]] = {
    "kb export": (".json", lambda out, questions: ["kb", "export", str(out), "--force"]),
    "answer write-back csv": (
        ".csv",
        lambda out, questions: [
            "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(out)
        ],
    ),
    "answer json": (
        ".json",
        lambda out, questions: [
            "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(out)
        ],
    ),
    "export pack pdf": (".pdf", lambda out, q: ["export", "--review", "1", "--out", str(out), "--unsigned"]),
    "export json": (".json", lambda out, q: ["export", "--review", "1", "--out", str(out)]),
}  # fmt: skip


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded data dir holding review 1 (150 questions), and those questions as a CSV."""
    folder = tmp_path_factory.mktemp("prepared")
    questions = folder / "questions.csv"
    lines = ["id,question"] + [
        f"Q{n},Do you encrypt customer data at rest? Describe the controls, the scope, the key "
        f"management, the exceptions and the evidence you can share with an auditor, part {n}. "
        + "Please also give the names of the people who review these controls. "
        * 3
        for n in range(150)
    ]
    questions.write_text("\n".join(lines) + "\n")
    subprocess.run(
        [sys.executable, "-m", "desktop.cli", "export", "--vendor", "openai-api",
         "--questions", str(questions), "--out", str(folder / "review.json")],
        cwd=PROJECT_ROOT, env={**os.environ, "DDQ_DATA_DIR": str(folder / "data")},
        check=True, capture_output=True,
    )  # fmt: skip
    return folder


@pytest.fixture
def out_dir(tmp_path: Path, data_dir: Path, prepared: Path) -> Path:
    """An output folder, and ``data_dir`` holding a copy of the prepared database (seeding
    writes more than the limit allows)."""
    shutil.copytree(prepared / "data", data_dir, dirs_exist_ok=True)
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def _args(writer: str, out_dir: Path, prepared: Path) -> tuple[Path, list[str]]:
    suffix, build = WRITERS[writer]
    target = out_dir / f"result{suffix}"
    return target, build(target, prepared / "questions.csv")


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_writer_killed_mid_write_leaves_the_previous_file_intact(
    writer: str, out_dir: Path, data_dir: Path, prepared: Path, ddq
) -> None:
    target, args = _args(writer, out_dir, prepared)
    target.write_bytes(PREVIOUS)
    killed = _ddq_limited(data_dir, args, ignore_signal=False)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr
    assert target.read_bytes() == PREVIOUS
    abandoned = _leftovers(out_dir)
    assert len(abandoned) == 1  # the dead writer's temporary file, hidden beside the target
    assert abandoned[0].startswith(f".{target.name}.")
    assert (out_dir / abandoned[0]).stat().st_size == WRITE_LIMIT_BYTES
    finished = ddq(*args)
    assert finished.code == 0, finished.stderr
    assert target.read_bytes() != PREVIOUS
    assert _leftovers(out_dir) == []


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_write_that_fails_half_way_is_one_line_and_leaves_nothing(
    writer: str, out_dir: Path, data_dir: Path, prepared: Path
) -> None:
    target, args = _args(writer, out_dir, prepared)
    target.write_bytes(PREVIOUS)
    failed = _ddq_limited(data_dir, args, ignore_signal=True)
    assert failed.returncode == 2
    assert failed.stderr.count("\n") == 1
    assert "could not be written (File too large); the previous file is unchanged" in failed.stderr
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(out_dir) == []


def test_db_backup_that_does_not_fit_is_one_line_and_leaves_nothing(
    out_dir: Path, data_dir: Path
) -> None:
    target = out_dir / "copy.sqlite3"
    failed = _ddq_limited(data_dir, ["db", "backup", "--out", str(target)], ignore_signal=True)
    assert failed.returncode == 2, failed.stderr
    assert failed.stderr.count("\n") == 1
    assert f"{target}: the copy could not be written" in failed.stderr
    assert list(out_dir.iterdir()) == []


def test_db_backup_killed_mid_write_leaves_no_backup_and_is_cleaned_up(
    out_dir: Path, data_dir: Path, ddq
) -> None:
    target = out_dir / "copy.sqlite3"
    killed = _ddq_limited(data_dir, ["db", "backup", "--out", str(target)], ignore_signal=False)
    assert killed.returncode == -signal.SIGXFSZ
    assert not target.exists()
    assert _leftovers(out_dir)  # the dead writer's partial copy
    assert ddq("db", "backup", "--out", str(target)).code == 0
    assert _leftovers(out_dir) == []
    assert ddq("db", "restore", str(target)).code == 0


def test_an_exception_while_writing_removes_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(PREVIOUS)

    def interrupted(temporary: Path) -> None:
        temporary.write_bytes(b"%PDF-1.7 half a pack")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        atomic_write_with(target, interrupted)
    assert target.read_bytes() == PREVIOUS
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pack.pdf"]


def test_outputs_get_ordinary_permissions_and_keep_an_existing_files(tmp_path: Path) -> None:
    """A temporary file is private by default; the export a user shares must not be."""
    umask = os.umask(0o022)
    os.umask(umask)
    fresh = tmp_path / "fresh.json"
    atomic_write_with(fresh, lambda temporary: temporary.write_text("{}"))
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    private = tmp_path / "private.json"
    private.write_text("{}")
    private.chmod(0o600)
    atomic_write_with(private, lambda temporary: temporary.write_text("[]"))
    assert private.stat().st_mode & 0o777 == 0o600


def test_a_folder_or_missing_folder_as_target_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is a folder"):
        atomic_write_with(tmp_path, lambda temporary: None)
    with pytest.raises(UserError, match="no such folder"):
        atomic_write_with(tmp_path / "nope" / "x.json", lambda temporary: None)


XLSX_WRITERS = {
    "export xlsx": lambda out, questions: ["export", "--review", "1", "--out", str(out)],
    "answer xlsx table": lambda out, questions: [
        "answer", "--vendor", "openai-api", "--template", "soc2", "--out", str(out)
    ],
    "answer write-back xlsx": lambda out, questions: [
        "answer", "--vendor", "openai-api", "--questions", str(questions), "--out", str(out)
    ],
}  # fmt: skip


@pytest.mark.parametrize("writer", list(XLSX_WRITERS))
def test_an_xlsx_write_that_runs_out_of_space_keeps_the_previous_file(
    writer: str, out_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """openpyxl writes half a workbook, then the disk is full."""
    import errno

    import openpyxl
    from openpyxl.workbook.workbook import Workbook

    from tests.helpers.cli_runner import run_ddq

    questions = out_dir / "questions.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["ID", "Question"])
    workbook.active.append(["Q1", "Do you encrypt customer data at rest?"])
    workbook.save(questions)
    target = out_dir / "result.xlsx"
    target.write_bytes(PREVIOUS)

    def save_half(self: Workbook, filename: object) -> None:
        Path(str(filename)).write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(Workbook, "save", save_half)
    monkeypatch.setenv("DDQ_DATA_DIR", str(data_dir))
    result = run_ddq(XLSX_WRITERS[writer](target, questions))
    assert result.code == 2, result
    assert result.stderr.count("\n") == 1
    assert "result.xlsx: could not be written (No space left on device)" in result.stderr
    assert target.read_bytes() == PREVIOUS
    assert _leftovers(out_dir) == []


@pytest.mark.parametrize(
    "args",
    [
        ["kb", "import", "{kb}"],
        ["export", "--vendor", "openai-api", "--template", "soc2", "--out", "{out}/a.json"],
    ],
    ids=["kb import", "export creating a review"],
)
def test_a_database_write_the_disk_refuses_is_one_line_and_changes_nothing(
    args: list[str], out_dir: Path, data_dir: Path
) -> None:
    """Found by this test: a full disk during a database write ended in a traceback."""
    import sqlite3

    from models.bootstrap import open_database
    from models.kb.import_export import export_knowledge_base_file

    kb = out_dir / "kb.json"
    database = open_database(data_dir)
    export_knowledge_base_file(database, kb)
    database.close()

    def dump() -> str:
        connection = sqlite3.connect(data_dir / "ddq.sqlite3")
        text = "\n".join(connection.iterdump())
        connection.close()
        return text

    before = dump()
    argv = [arg.format(kb=kb, out=out_dir) for arg in args]
    failed = _ddq_limited(data_dir, argv, ignore_signal=True)
    assert failed.returncode == 2, failed.stderr
    assert failed.stderr.count("\n") == 1
    # kb import first takes a pre-import backup (issue 11): that is the write the disk refuses.
    assert (
        "the change could not be saved: the disk refused the write" in failed.stderr
        or "pre-import.sqlite3: the copy could not be written" in failed.stderr
    ), failed.stderr
    assert dump() == before
    assert not (out_dir / "a.json").exists()

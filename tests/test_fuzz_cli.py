"""Every ``ddq`` argument fuzzed: the outcome is exit 0, or exit 2 with one line on stderr —
never a traceback, never a hang — and the database stays intact."""

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.bootstrap import open_database
from models.storage.datadir import DATABASE_NAME
from tests.helpers.cli_runner import InProcessResult, run_ddq
from tests.helpers.fuzz import argument_text, file_name, fuzz_settings
from tests.review_factory import make_review

SLOWEST_ACCEPTABLE_SECONDS = 10.0
REVIEW_SET_OPTIONS = ("--verdict", "--text", "--cite", "--flag")


def _assert_clean(argv: list[str], result: InProcessResult) -> None:
    assert result.code in (0, 2), (argv, result)
    assert "Traceback" not in result.stderr
    if result.code == 2:
        assert result.stderr.count("\n") == 1, (argv, result.stderr)
        assert ": error: " in result.stderr
    else:
        assert result.stderr == "", (argv, result.stderr)
    assert result.seconds < SLOWEST_ACCEPTABLE_SECONDS, (argv, result.seconds)


commands = st.one_of(
    st.tuples(st.just(["kb", "show"]), argument_text, st.sampled_from([[], ["--json"]])).map(
        lambda parts: [*parts[0], parts[1], *parts[2]]
    ),
    st.tuples(
        argument_text, st.one_of(st.just([]), st.tuples(st.just("--limit"), argument_text))
    ).map(lambda parts: ["kb", "search", parts[0], *parts[1]]),
    argument_text.map(lambda text: ["kb", "search", text, "--json"]),
    argument_text.map(lambda text: ["kb", "list", "--vendor", text]),
    file_name.map(lambda name: ["kb", "import", name]),
    file_name.map(lambda name: ["kb", "export", name]),
    file_name.map(lambda name: ["db", "restore", name]),
    file_name.map(lambda name: ["db", "backup", "--out", name]),
    st.just(["db", "check"]),
    st.sampled_from([["templates"], ["templates", "--json"], ["identity", "show"]]),
    st.tuples(argument_text, argument_text).map(
        lambda parts: ["answer", "--vendor", parts[0], "--template", parts[1]]
    ),
    st.tuples(file_name, st.sampled_from([".csv", ".xlsx", ".json", ""])).map(
        lambda parts: ["answer", "--vendor", "openai-api", "--questions", parts[0] + parts[1]]
    ),
    st.tuples(argument_text, file_name).map(
        lambda parts: ["export", "--review", parts[0], "--out", parts[1] + ".json"]
    ),
    st.tuples(argument_text, argument_text, file_name).map(
        lambda parts: ["export", "--vendor", parts[0], "--template", parts[1], "--out", parts[2]]
    ),
    st.tuples(file_name, st.one_of(st.just([]), file_name.map(lambda n: ["--trust", n]))).map(
        lambda parts: ["verify", parts[0], *parts[1]]
    ),
    st.tuples(file_name, argument_text).map(
        lambda parts: ["identity", "import", parts[0], "--passphrase-env", parts[1]]
    ),
    st.tuples(argument_text, argument_text, st.sampled_from(REVIEW_SET_OPTIONS), argument_text).map(
        lambda parts: ["review", "set", parts[0], parts[1], parts[2], parts[3]]
    ),
    st.tuples(st.sampled_from(["show", "finish"]), argument_text).map(
        lambda parts: ["review", parts[0], parts[1]]
    ),
    st.tuples(argument_text, argument_text).map(
        lambda parts: ["review", "new", "--vendor", parts[0], "--template", parts[1]]
    ),
    st.lists(argument_text, min_size=1, max_size=3).map(
        lambda texts: (
            ["export", "--review", "1", "--workbook", "back.csv"]
            + [arg for text in texts for arg in ("--map", f"yes={text}")]
        )
    ),
    st.tuples(
        st.sampled_from(["kb", "db", "kb show", "review", ""]), st.lists(argument_text, max_size=4)
    ).map(lambda parts: [*parts[0].split(), *parts[1]]),
)


@pytest.fixture
def in_scratch_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seeded_sqlite_file: Path
) -> Path:
    """Run from an empty folder so file-name arguments land in tmp_path, on a seeded db (a copy
    of the session's, conftest's ``seeded_sqlite_file``)."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    data_dir = tmp_path / "data"
    monkeypatch.setenv("DDQ_DATA_DIR", str(data_dir))
    data_dir.mkdir()
    shutil.copyfile(seeded_sqlite_file, data_dir / DATABASE_NAME)
    return data_dir


def test_random_arguments_to_every_command(in_scratch_folder: Path) -> None:
    @fuzz_settings(200)
    @given(argv=commands)
    def run(argv: list[str]) -> None:
        _assert_clean(argv, run_ddq(argv))

    run()
    connection = sqlite3.connect(in_scratch_folder / DATABASE_NAME)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("SELECT count(*) FROM claim").fetchone()[0] == 41
    connection.close()


def test_random_changes_to_a_real_review(in_scratch_folder: Path) -> None:
    database = open_database(in_scratch_folder)
    make_review(database, [{"qid": "Q1", "question": "Do you encrypt data at rest?"}])
    database.close()

    @fuzz_settings(40)
    @given(option=st.sampled_from(REVIEW_SET_OPTIONS), value=argument_text)
    def run(option: str, value: str) -> None:
        argv = ["review", "set", "1", "Q1", option, value]
        _assert_clean(argv, run_ddq(argv))

    run()
    connection = sqlite3.connect(in_scratch_folder / DATABASE_NAME)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("SELECT count(*) FROM answer").fetchone()[0] == 1
    connection.close()


def test_random_data_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    @fuzz_settings(25)
    @given(name=file_name, command=st.sampled_from([["kb", "list"], ["db", "check"]]))
    def run(name: str, command: list[str]) -> None:
        argv = [*command, "--data-dir", name]
        _assert_clean(argv, run_ddq(argv))

    run()


@pytest.mark.parametrize("name", ["with#hash", "what?query=1", "per%20cent", "sp ace", "caf\xe9"])
def test_a_data_dir_with_uri_characters_opens_the_right_file(name: str, tmp_path: Path) -> None:
    """Found by fuzzing: '#' and '?' in the data-dir path cut the SQLite URI short."""
    data_dir = tmp_path / name
    listed = run_ddq(["kb", "list", "--data-dir", str(data_dir)])
    assert listed.code == 0, listed.stderr
    assert run_ddq(["db", "check", "--data-dir", str(data_dir)]).code == 0
    assert (data_dir / DATABASE_NAME).exists()
    assert [path.name for path in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["kb", "show", "\udcff"], "key: not valid UTF-8 text"),
        (["kb", "list", "--vendor", "\udcffx"], "vendor: not valid UTF-8 text"),
        (["kb", "export", "/proc/kb.json"], "cannot write there"),
    ],
)
def test_arguments_found_by_fuzzing_are_one_line_errors(argv: list[str], expected: str) -> None:
    result = run_ddq(argv)
    assert result.code == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1


def test_huge_search_input_answers_quickly() -> None:
    """Found by fuzzing: 20,000 words took 36 s in FTS5 and a huge --limit overflowed."""
    words = " ".join(f"w{number}" for number in range(20_000))
    for argv in (["kb", "search", words], ["kb", "search", "data", "--limit", "9" * 30]):
        result = run_ddq(argv)
        assert result.code == 0, result.stderr
        assert result.seconds < 2


def test_questionnaire_files_of_any_name(in_scratch_folder: Path) -> None:
    """Issue 11, point 8: a real questionnaire under any file name (undecodable bytes too)
    becomes a review, or one line; never a traceback, never a lone surrogate stored."""

    @fuzz_settings(30)
    @given(name=file_name)
    def run(name: str) -> None:
        path = Path(name + ".csv")
        try:
            path.write_bytes(b"id,question\nQ1,Is data encrypted at rest?\n")
        except OSError:
            return  # a name the file system refuses (too long in bytes)
        argv = ["review", "new", "--vendor", "openai-api", "--questions", str(path)]
        _assert_clean(argv, run_ddq(argv))
        path.unlink()

    run()
    connection = sqlite3.connect(in_scratch_folder / DATABASE_NAME)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()

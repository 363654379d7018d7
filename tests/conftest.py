"""Shared fixtures. Qt runs offscreen, and no test ever touches the user's real data dir."""

import gc
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.outside_reads import OutsideReads

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.pop("DDQ_DATA_DIR", None)
os.environ.pop("DDQ_DATABASE_URL", None)  # a developer's team database is never the tests'

pytest_plugins = ["tests.pg_fixtures"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path(__file__).resolve().parent / "data"
OUTSIDE_READS = OutsideReads(PROJECT_ROOT)
sys.addaudithook(OUTSIDE_READS.hook)


@pytest.fixture(autouse=True)
def _reads_nothing_beside_the_repository() -> Iterator[None]:
    """Fail a test that opened or listed a file beside the checkout (e.g. ``../shared``).

    A fresh clone has nothing beside it, so such a test would fail for everyone else. Reads
    made before the test (collecting a module, a module- or session-scoped fixture) fail the
    first test that follows them.
    """
    earlier = OUTSIDE_READS.take()
    if earlier:
        pytest.fail(f"collection or a fixture read outside the repository: {sorted(set(earlier))}")
    yield
    outside = OUTSIDE_READS.take()
    if outside:
        pytest.fail(f"the test read outside the repository: {sorted(set(outside))}")


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point DDQ_DATA_DIR at a fresh folder so nothing reaches the real user data dir."""
    monkeypatch.setenv("DDQ_DATA_DIR", str(tmp_path_factory.mktemp("default-data")))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A fresh, empty data directory."""
    directory = tmp_path / "data"
    directory.mkdir()
    return directory


@pytest.fixture(scope="session")
def seeded_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database that ``open_database`` created, migrated and seeded, once a session.

    Creating one runs every migration and then the seed (about half a second); a copy costs a
    few milliseconds. Tests that start from a seeded database get their own copy (``seeded``,
    ``database``); tests of the first open itself open an empty data directory.
    """
    from models.bootstrap import open_database
    from models.storage.datadir import DATABASE_NAME

    folder = tmp_path_factory.mktemp("seeded-template")
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DDQ_DATABASE_URL", raising=False)  # always the SQLite file
        open_database(folder).close()
    # Closing checkpoints the write-ahead log: the one file holds everything.
    assert sorted(path.name for path in folder.iterdir()) == [DATABASE_NAME]
    return folder / DATABASE_NAME


@pytest.fixture
def seeded(request: pytest.FixtureRequest, data_dir: Path, seeded_sqlite_file: Path) -> None:
    """``data_dir`` starts with a copy of the session's seeded SQLite database.

    What a first ``open_database`` or ``ddq`` run would have made there, without paying for the
    migrations and the seed again. On the ``[postgresql]`` run of a module that uses ``backend``
    nothing is copied: that run's database is a copy of the server's seeded template.
    """
    if "backend" in request.fixturenames:
        request.getfixturevalue("backend")  # it decides whether DDQ_DATABASE_URL is set
    if not os.environ.get("DDQ_DATABASE_URL"):
        shutil.copyfile(seeded_sqlite_file, data_dir / seeded_sqlite_file.name)


@pytest.fixture
def database(seeded: None, data_dir: Path) -> Iterator["object"]:
    """An open, seeded database in a temporary data directory (a copy: see ``seeded``)."""
    from models.bootstrap import open_database

    db = open_database(data_dir)
    yield db
    db.close()


def _in_process(argv: list[str], environment: dict[str, str]) -> "CliResult":
    """Run ``ddq argv`` through ``main`` with ``environment`` in force for this run only."""
    from tests.helpers.cli_runner import run_ddq

    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(environment)
    try:
        result = run_ddq(argv)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return CliResult(subprocess.CompletedProcess(argv, result.code, result.stdout, result.stderr))


class CliResult:
    """What a ``ddq`` run printed and returned."""

    def __init__(self, completed: subprocess.CompletedProcess[str]) -> None:
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr


@pytest.fixture
def ddq(data_dir: Path, request: pytest.FixtureRequest):
    """Run ``ddq`` against ``data_dir``; returns a CliResult.

    Runs go through the CLI's ``main`` in this process, with real text streams and the
    environment set for the run alone (``tests/helpers/cli_runner.py``): a subprocess costs a
    second or more of interpreter start-up and imports and checks nothing more. Tests marked
    ``real_ddq`` (kills, locks between processes, exit paths, start-up) get a real process.
    """
    real = request.node.get_closest_marker("real_ddq") is not None

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> CliResult:
        environment = {**os.environ, "DDQ_DATA_DIR": str(data_dir), **(env or {})}
        if not real:
            return _in_process(list(args), environment)
        completed = subprocess.run(
            [sys.executable, "-m", "desktop.cli", *args],
            capture_output=True,
            text=True,
            cwd=PROJECT_ROOT,
            env=environment,
            timeout=timeout,
            check=False,
        )
        return CliResult(completed)

    return run


@pytest.fixture(autouse=True, scope="session")
def _collect_garbage_on_the_main_thread() -> Iterator[None]:
    """As the app does (desktop/collector.py): no automatic collection, which could run on a
    worker thread and destroy Qt objects there; the main thread collects after each test."""
    gc.disable()
    yield
    gc.enable()


_FULL_COLLECTION = {"objects": 0}  # how many objects the last full collection left


@pytest.fixture(autouse=True, scope="module")
def _collect_everything_after_a_module() -> Iterator[None]:
    """A full collection once the module's own fixtures are gone, when the objects alive grew
    by a quarter since the last one: CPython's own rule for its oldest generation (one full
    collection costs 0.2 to 0.5 s here; see the next fixture)."""
    yield
    if len(gc.get_objects()) > _FULL_COLLECTION["objects"] * 5 // 4:
        gc.collect()
        _FULL_COLLECTION["objects"] = len(gc.get_objects())


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    """Collect what the test made: the young generations, which hold every object allocated
    since the last collection (automatic collection is off, so none ran meanwhile).

    A full collection also walks everything the session keeps alive (imported modules, caches,
    module-scoped fixtures: 300,000 to 750,000 objects) and took 0.2 to 0.5 s, after each of
    the suite's 1,098 tests: minutes of its time. A cycle that reaches back into those older
    objects waits for a full collection after a module, still on the main thread.
    """
    yield
    gc.collect(1)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Let background operations end before the interpreter shuts down.

    A worker thread still running Python code while the interpreter finalises can abort the
    process after every test passed.
    """
    operations = sys.modules.get("desktop.operations")
    if operations is not None:
        operations.wait_for_operations(10_000)

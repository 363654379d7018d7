"""Fixtures that run tests against both backends: SQLite and a real PostgreSQL server.

A test module opts in with ``pytestmark = pytest.mark.usefixtures("backend")``; every test in
it then runs twice, ``[sqlite]`` and ``[postgresql]``. The PostgreSQL run points
``DDQ_DATABASE_URL`` at a fresh database (a copy of a template migrated and seeded once per
session), so the ``database`` and ``ddq`` fixtures and any ``open_database`` call in the test
work on the server with no change to the test. A test about the SQLite file itself (backups,
a second data directory being a second database) carries ``@pytest.mark.sqlite_only`` and
runs once.

One server serves the whole session (``tests/helpers/pg_server.py``). Without PostgreSQL's
binaries the ``[postgresql]`` runs are not generated and the report header says why in one
line; the few PostgreSQL-only tests skip with that same reason.
"""

import time
from collections.abc import Iterator

import pytest

from tests.helpers.pg_server import SKIP_REASON, PostgresServer, find_binaries, start_server

BACKENDS = ("sqlite", "postgresql")


def pytest_report_header(config: pytest.Config) -> str:
    """Say once, at the top of the run, whether the PostgreSQL half of the suite runs."""
    binaries = find_binaries()
    if binaries is None:
        return f"postgresql: skipped: {SKIP_REASON}"
    return f"postgresql: a throw-away server from {binaries}"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every test that uses ``backend`` once per backend (SQLite only when so marked, or
    when PostgreSQL's binaries are missing: the report header then says so, once)."""
    if "backend" not in metafunc.fixturenames:
        return
    only_sqlite = metafunc.definition.get_closest_marker("sqlite_only") is not None
    if find_binaries() is None:
        only_sqlite = True
    metafunc.parametrize("backend", ["sqlite"] if only_sqlite else BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server on 127.0.0.1 for the whole session (skips without the binaries)."""
    binaries = find_binaries()
    if binaries is None:
        pytest.skip(SKIP_REASON)
    server = start_server(binaries)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def postgres_template(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> str:
    """The name of a database migrated and seeded once, to copy for each test."""
    from models.bootstrap import open_database

    url = postgres_server.create_database()
    database = open_database(tmp_path_factory.mktemp("pg-template"), database_url=url)
    database.close()
    return url.rsplit("/", 1)[1]


def fresh_postgres_url(server: PostgresServer, template: str) -> str:
    """Return the URL of a new database copied from ``template``.

    A connection the template's last user closed may still be ending on the server, which
    refuses the copy for that moment; it is tried again for up to five seconds.
    """
    import psycopg

    deadline = time.monotonic() + 5
    while True:
        try:
            return server.create_database(template)
        except psycopg.errors.ObjectInUse:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@pytest.fixture
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """``sqlite`` or ``postgresql``: the backend this run of the test works on."""
    name = str(request.param)
    monkeypatch.delenv("DDQ_DATABASE_URL", raising=False)
    if name == "postgresql":
        server = request.getfixturevalue("postgres_server")
        template = request.getfixturevalue("postgres_template")
        monkeypatch.setenv("DDQ_DATABASE_URL", fresh_postgres_url(server, template))
    return name


@pytest.fixture
def postgres_url(postgres_server: PostgresServer, postgres_template: str) -> str:
    """The URL of a fresh, migrated and seeded PostgreSQL database (for PostgreSQL-only tests)."""
    return fresh_postgres_url(postgres_server, postgres_template)


@pytest.fixture
def empty_postgres_url(postgres_server: PostgresServer) -> str:
    """The URL of a new, empty PostgreSQL database (nothing migrated)."""
    return postgres_server.create_database()

"""Team mode on PostgreSQL: choosing the database, refusing passwords in URLs, the same
migrations and search on both backends, and two processes writing to one server."""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from models.bootstrap import open_database
from models.kb.claims import search_claims
from models.storage.database_url import save_url
from models.storage.schema import HEAD_REVISION
from tests.conftest import PROJECT_ROOT
from tests.helpers.pg_server import PostgresServer

SECRET = "s3cr3t-Pa55"


def _claims_file(folder: Path, name: str, claims: list[dict]) -> Path:
    """Write a ``ddq kb add`` file whose claims cite one source named after ``name``."""
    source_key = f"{name}-source"
    document = {
        "sources": [{"key": source_key, "title": f"{name} overview", "published": "2026-10-01"}],
        "claims": [{**claim, "status": "yes", "sources": [source_key]} for claim in claims],
    }
    path = folder / f"{name}.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "url",
    [
        f"postgresql://reviewer:{SECRET}@db.example.com/ddq",
        f"postgresql://reviewer@db.example.com/ddq?password={SECRET}",
        f"postgresql+psycopg://reviewer:{SECRET}@db.example.com:5432/ddq?sslmode=verify-full",
    ],
)
def test_a_url_with_a_password_is_refused_in_one_line_without_echoing_it(ddq, url: str) -> None:
    result = ddq("--database", url, "kb", "list")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert "carries a password" in result.stderr and "PGPASSFILE" in result.stderr
    assert SECRET not in result.stderr + result.stdout


def test_the_environment_variable_is_checked_the_same_way_and_named(ddq) -> None:
    result = ddq("kb", "list", env={"DDQ_DATABASE_URL": f"postgres://u:{SECRET}@h/d"})
    assert result.code == 2
    assert result.stderr.startswith("ddq: error: DDQ_DATABASE_URL: database URL carries")
    assert SECRET not in result.stderr


def test_a_url_that_is_not_postgresql_is_refused(ddq) -> None:
    result = ddq("--database", "mysql://db.example.com/ddq", "kb", "list")
    assert result.code == 2
    assert "must start with postgresql://" in result.stderr


def test_a_server_nobody_listens_on_is_one_line_naming_it(ddq) -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = ddq("--database", f"postgresql://ddq@127.0.0.1:{port}/ddq", "kb", "list")
    assert result.code == 2
    assert result.stderr.count("\n") == 1
    assert f"cannot use the team database postgresql://ddq@127.0.0.1:{port}/ddq" in result.stderr
    assert "Traceback" not in result.stderr


def test_file_backups_say_to_use_pg_dump_on_a_team_database(ddq, postgres_url: str) -> None:
    for action in (("backup",), ("check",), ("restore", "x.sqlite3")):
        result = ddq("--database", postgres_url, "db", *action)
        assert result.code == 2
        assert "pg_dump" in result.stderr and "SQLite file only" in result.stderr


def test_sslmode_reaches_libpq(ddq, postgres_url: str) -> None:
    # The test server speaks no TLS: verify-full must fail there (libpq's own refusal), and
    # disable must work, so the parameter went through untouched.
    refused = ddq("--database", f"{postgres_url}?sslmode=verify-full", "kb", "list")
    assert refused.code == 2
    assert "SSL" in refused.stderr or "root certificate" in refused.stderr
    plain = ddq("--database", f"{postgres_url}?sslmode=disable", "kb", "list")
    assert plain.code == 0, plain.stderr


def test_the_url_saved_in_settings_is_used_and_shared_by_two_data_dirs(
    tmp_path: Path, postgres_url: str
) -> None:
    first, second = tmp_path / "alice", tmp_path / "bob"
    save_url(first, postgres_url)
    save_url(second, postgres_url)
    from tests.helpers.cli_runner import run_ddq

    added = run_ddq(
        ["--data-dir", str(first), "vendor", "add", "acme", "--name", "Acme", "--product", "P"]
    )
    assert added.code == 0, added.stderr
    listed = run_ddq(["--data-dir", str(second), "vendor", "list", "--json"])
    assert "acme" in [vendor["slug"] for vendor in json.loads(listed.stdout)]
    assert not (first / "ddq.sqlite3").exists()
    save_url(first, None)  # back to the SQLite file of that data directory
    alone = run_ddq(["--data-dir", str(first), "vendor", "list", "--json"])
    assert "acme" not in [vendor["slug"] for vendor in json.loads(alone.stdout)]


def test_the_same_migrations_create_the_schema_and_its_search_index(
    data_dir: Path, empty_postgres_url: str
) -> None:
    database = open_database(data_dir, database_url=empty_postgres_url)
    database.close()
    again = open_database(data_dir, database_url=empty_postgres_url)  # nothing left to do
    again.close()
    with psycopg.connect(empty_postgres_url) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        (claims,) = connection.execute("SELECT count(*) FROM claim").fetchone()
        index = connection.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_claim_search_vector'"
        ).fetchone()
    assert revision == HEAD_REVISION
    assert claims > 30  # seeded once, not twice
    assert index is not None and "gin" in index[0]


def test_a_team_database_from_a_newer_app_is_refused(data_dir: Path, postgres_url: str) -> None:
    with psycopg.connect(postgres_url) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    result = subprocess.run(
        [sys.executable, "-m", "desktop.cli", "--database", postgres_url, "kb", "list"],
        capture_output=True, text=True, cwd=PROJECT_ROOT, check=False,
        env={**os.environ, "DDQ_DATA_DIR": str(data_dir)},
    )  # fmt: skip
    assert result.returncode == 2
    assert "newer DDQ Desk (schema 9999)" in result.stderr


def test_search_weighs_title_and_keywords_above_statement_and_current_first(
    backend: str, ddq, tmp_path: Path
) -> None:
    claims = [
        {"key": "in-statement", "title": "Key handling", "keywords": ["keys"],
         "statement": "Backups are taken nightly and kept for thirty days."},
        {"key": "in-title", "title": "Nightly backups", "keywords": ["restore"],
         "statement": "Restores are tested every quarter."},
        {"key": "in-keywords", "title": "Disaster recovery", "keywords": ["backups"],
         "statement": "A second region takes over within four hours."},
    ]  # fmt: skip
    added = ddq("kb", "add", "--vendor", "openai-api", str(_claims_file(tmp_path, "bk", claims)))
    assert added.code == 0, added.stderr
    found = json.loads(ddq("kb", "search", "backups", "--json").stdout)
    keys = [claim["key"] for claim in found]
    assert keys.index("in-title") < keys.index("in-statement")
    assert keys.index("in-keywords") < keys.index("in-statement")


def test_search_finds_the_same_claims_on_both_backends(
    data_dir: Path, tmp_path: Path, postgres_url: str
) -> None:
    on_sqlite = open_database(tmp_path / "sqlite-data")
    on_postgres = open_database(data_dir, database_url=postgres_url)
    try:
        for text in (
            "encryption",
            "zero data retention",
            "hipaa baa",
            "soc 2 typ",
            "residen",
            "abuse monitoring 30 days",
            "training on api data",
            "nothing-matches-this",
        ):
            expected = [claim.key for claim in search_claims(on_sqlite, text)]
            found = [claim.key for claim in search_claims(on_postgres, text)]
            assert sorted(found) == sorted(expected), text
            superseded = [
                claim.key for claim in search_claims(on_postgres, text) if claim.superseded_by
            ]
            assert found[len(found) - len(superseded) :] == superseded, text
    finally:  # fmt: skip
        on_sqlite.close()
        on_postgres.close()


def test_two_processes_adding_claims_at_once_both_land(
    tmp_path: Path, postgres_url: str, postgres_server: PostgresServer
) -> None:
    files = [
        _claims_file(tmp_path, f"team{index}", [
            {"key": f"team{index}-claim{number}", "title": f"Team {index} claim {number}",
             "statement": "Data is encrypted in transit.", "keywords": ["tls"]}
            for number in range(5)
        ])
        for index in (1, 2)
    ]  # fmt: skip
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "desktop.cli", "--data-dir", str(tmp_path / f"dir{index}"),
             "--database", postgres_url, "kb", "add", "--vendor", "openai-api", str(path)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for index, path in enumerate(files)
    ]  # fmt: skip
    for process in processes:
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    with psycopg.connect(postgres_url) as connection:
        keys = {
            row[0] for row in connection.execute("SELECT key FROM claim WHERE key LIKE 'team%'")
        }
        actors = connection.execute(
            "SELECT count(*) FROM auditevent WHERE entity = 'claim' AND entity_key LIKE 'team%'"
        ).fetchone()
    assert keys == {f"team{index}-claim{number}" for index in (1, 2) for number in range(5)}
    assert actors is not None and actors[0] >= 10


def test_settings_are_each_persons_own_on_a_team_database(
    tmp_path: Path, postgres_url: str
) -> None:
    from models.settings import EVIDENCE_MAX_AGE_DAYS, REVIEWER_NAME, set_setting

    alice = open_database(tmp_path / "alice", database_url=postgres_url)
    bob = open_database(tmp_path / "bob", database_url=postgres_url)
    try:
        set_setting(alice, REVIEWER_NAME, "Alice Auditor", "Alice Auditor")
        set_setting(bob, EVIDENCE_MAX_AGE_DAYS, 90, "bob")
        assert REVIEWER_NAME.read(alice) == "Alice Auditor"
        assert REVIEWER_NAME.read(bob) == ""  # Bob's name is not Alice's
        assert EVIDENCE_MAX_AGE_DAYS.read(bob) == 90
        assert EVIDENCE_MAX_AGE_DAYS.read(alice) == 365
    finally:
        alice.close()
        bob.close()
    with psycopg.connect(postgres_url) as connection:
        changes = connection.execute(
            "SELECT actor, entity_key, detail FROM auditevent WHERE action = 'setting.change' "
            "ORDER BY id"
        ).fetchall()
    assert [(actor, key, detail["after"]) for actor, key, detail in changes] == [
        ("Alice Auditor", "reviewer.name", "Alice Auditor"),
        ("bob", "evidence.max_age_days", "90"),
    ]


def test_an_older_team_database_is_upgraded_by_the_same_migrations(
    data_dir: Path, empty_postgres_url: str
) -> None:
    from models.storage.postgres import PostgresDatabase
    from models.storage.postgres_schema import current_pg_revision, upgrade_pg_schema

    old = PostgresDatabase(data_dir, empty_postgres_url)
    try:
        upgrade_pg_schema(old, "0002")
        assert current_pg_revision(old) == "0002"
    finally:
        old.close()
    with psycopg.connect(empty_postgres_url) as connection:  # a vendor from before 0003
        connection.execute(
            "INSERT INTO vendor (slug, name, product, summary) "
            "VALUES ('openai-api', 'OpenAI', 'OpenAI API', '')"
        )
    database = open_database(data_dir, database_url=empty_postgres_url)
    try:
        assert current_pg_revision(database) == HEAD_REVISION
        assert [claim.key for claim in search_claims(database, "encryption at rest")] == [
            "encryption-at-rest"
        ]
    finally:
        database.close()
    with psycopg.connect(empty_postgres_url) as connection:
        (profile,) = connection.execute(
            "SELECT profile FROM vendor WHERE slug = 'openai-api'"
        ).fetchone()
    assert profile  # 0003 filled it from the bundled knowledge base


def test_a_row_another_person_is_writing_is_waited_for_then_busy_in_one_line(
    ddq, postgres_url: str
) -> None:
    review_id = ddq("--database", postgres_url, "review", "new", "--vendor", "openai-api",
                    "--template", "soc2").stdout.strip()  # fmt: skip
    with psycopg.connect(postgres_url) as holder:  # another person's open transaction
        holder.execute("SELECT id FROM answer WHERE review_id = %s FOR UPDATE", (int(review_id),))
        blocked = ddq("--database", postgres_url, "review", "set", review_id, "SOC2-CC1.1-a",
                      "--verdict", "no", env={"DDQ_LOCK_TIMEOUT": "0.5"})  # fmt: skip
        holder.rollback()
    assert blocked.code == 2
    assert blocked.stderr.startswith("ddq: error: database is busy") and "0.5 s" in blocked.stderr
    done = ddq("--database", postgres_url, "review", "set", review_id, "SOC2-CC1.1-a",
               "--verdict", "no")  # fmt: skip
    assert done.code == 0, done.stderr

"""A real PostgreSQL server for the tests: ``initdb`` + ``pg_ctl`` in a temporary folder.

The server listens on a free port on 127.0.0.1 only (no Unix socket), trusts local
connections (it is a throw-away cluster nobody else can reach) and is stopped and deleted at
the end of the test session. ``initdb`` and ``postgres`` refuse to run as root; when the
tests run as root (CI and the sandbox do), both run as the unprivileged user ``nobody``
through ``runuser``, in a folder handed to that user. Without the binaries (no Debian
``postgresql`` package; ``.ci/run`` installs it), ``find_binaries`` returns None and the
PostgreSQL tests skip with one reason.

Each test gets a fresh database copied from a template that is migrated and seeded once
(``CREATE DATABASE … TEMPLATE``): a few tens of milliseconds instead of a migration per test.
"""

from __future__ import annotations

import functools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

SEARCH_PATHS = ("/usr/lib/postgresql/*/bin",)
SUPERUSER = "ddq_test"
SKIP_REASON = (
    "PostgreSQL binaries (initdb, pg_ctl) not found: install the Debian package "
    "`postgresql` (.ci/run does) to run the PostgreSQL half of these tests"
)


@functools.cache
def find_binaries() -> Path | None:
    """Return the folder holding ``initdb`` and ``pg_ctl`` (newest version), or None."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version, reverse=True)
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def _version(folder: Path) -> float:
    try:
        return float(folder.parent.name)
    except ValueError:
        return 0.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    """Run ``command`` as ``nobody`` when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "nobody", "--", *command]


@dataclass
class PostgresServer:
    """A running throw-away cluster.

    Attributes:
        binaries: The folder of ``initdb``, ``pg_ctl``, ``pg_dump``.
        folder: The temporary folder holding the cluster (deleted by ``stop``).
        port: The TCP port on 127.0.0.1.
    """

    binaries: Path
    folder: Path
    port: int
    _databases: int = field(default=0)

    def url(self, database: str) -> str:
        """Return the libpq URL of ``database`` (no password: the cluster trusts 127.0.0.1)."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def admin(self) -> psycopg.Connection:
        """Return an autocommit connection to the ``postgres`` database."""
        return psycopg.connect(self.url("postgres"), autocommit=True)

    def create_database(self, template: str | None = None) -> str:
        """Create a new database (a copy of ``template`` when given); return its URL."""
        self._databases += 1
        name = f"ddq_{os.getpid()}_{self._databases}"
        with self.admin() as connection:
            copy = f" TEMPLATE {template} STRATEGY FILE_COPY" if template else ""
            connection.execute(f"CREATE DATABASE {name}{copy}")
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete its folder."""
        subprocess.run(
            _as_server_user(
                [
                    str(self.binaries / "pg_ctl"),
                    "-D",
                    str(self.folder / "data"),
                    "-m",
                    "immediate",
                    "-w",
                    "stop",
                ]
            ),
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_server(binaries: Path, durable: bool = False) -> PostgresServer:
    """Initialise and start a cluster on a free port of 127.0.0.1; wait until it accepts.

    Args:
        binaries: The folder of ``initdb`` and ``pg_ctl``.
        durable: Keep PostgreSQL's own durability settings (fsync, synchronous commit), as
            a real server has them; the tests turn them off for speed, the benchmarks do not.

    Raises:
        RuntimeError: initdb or pg_ctl failed (their output is in the message).
    """
    folder = Path(tempfile.mkdtemp(prefix="ddq-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    data = folder / "data"
    port = _free_port()
    speed = "" if durable else "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    steps = [
        [str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
         "--encoding=UTF8", "--locale=C", "--no-sync"],
        [str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w",
         "-t", "60", "-o",
         f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories='' "
         f"{speed}-c max_connections=200 -c shared_buffers=32MB",
         "start"],
    ]  # fmt: skip
    for command in steps:
        done = subprocess.run(
            _as_server_user(command), capture_output=True, text=True, check=False, timeout=120
        )
        if done.returncode != 0:
            log = folder / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{command[0]} failed: {done.stdout}{done.stderr}{detail}")
    return PostgresServer(binaries, folder, port)

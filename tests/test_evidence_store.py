"""The content-addressed snapshot store: names, de-duplication, leftovers."""

import hashlib
import os
import time

import pytest

from models.evidence.store import (
    extension_for,
    new_incoming_file,
    relative_snapshot_path,
    snapshot_file,
    store_bytes,
    sweep_incoming,
)
from models.storage.datadir import snapshots_dir

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


def test_bodies_are_named_by_hash_and_stored_once(data_dir) -> None:
    digest, relative = store_bytes(data_dir, b"report", "application/pdf; name=x")
    assert digest == hashlib.sha256(b"report").hexdigest()
    assert relative == f"snapshots/{digest[:2]}/{digest}.pdf"
    assert store_bytes(data_dir, b"report", "application/pdf") == (digest, relative)
    files = [path for path in snapshots_dir(data_dir).rglob("*") if path.is_file()]
    assert files == [data_dir / relative]
    assert snapshot_file(data_dir, relative) == (data_dir / relative).resolve()


def test_extensions_follow_the_content_type() -> None:
    assert extension_for("text/html; charset=utf-8") == ".html"
    assert extension_for("TEXT/PLAIN") == ".txt"
    assert extension_for(None) == ".bin"
    assert extension_for("application/x-unknown") == ".bin"
    with pytest.raises(ValueError, match="not a SHA-256"):
        relative_snapshot_path("../../etc/passwd", None)


def test_sweep_removes_only_old_leftover_downloads(data_dir) -> None:
    old = new_incoming_file(data_dir)
    recent = new_incoming_file(data_dir)
    an_hour_ago = time.time() - 3700
    os.utime(old, (an_hour_ago, an_hour_ago))
    assert sweep_incoming(data_dir) == 1
    assert not old.exists() and recent.exists()

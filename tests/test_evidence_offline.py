"""Offline use: local snapshots, the link-or-snapshot choice, pack attachments, freshness, and
no network traffic outside a refresh."""

import hashlib
import socket
from datetime import date
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.evidence.attachments import (
    attachment_filename,
    snapshot_attachment_plan,
    snapshot_attachments,
)
from models.evidence.freshness import Freshness
from models.evidence.offline import choose_evidence_link, evidence_link, local_snapshot_path
from models.evidence.records import add_evidence, evidence_changed_flag
from models.evidence.refresh import refresh_evidence, select_evidence
from models.kb.claims import list_claims
from models.settings import set_setting
from models.storage.tables import Evidence
from tests.evidence_server import server_fixtures

running_server, server = server_fixtures()


def _refresh_local(database, server) -> None:
    for _step in refresh_evidence(
        database, select_evidence(database, url_prefix=server.url_for("/"))
    ):
        pass


@pytest.fixture
def snapshotted(database, server):
    """dpa cites /large.html (5,000 bytes) and /small.pdf (100 bytes), both refreshed;
    subprocessors cites a gated URL; zdr cites a URL never refreshed."""
    server.expect_request("/large.html").respond_with_data(b"L" * 5000, content_type="text/html")
    server.expect_request("/small.pdf").respond_with_data(
        b"S" * 100, content_type="application/pdf"
    )
    add_evidence(database, "dpa", server.url_for("/large.html"), "tester")
    add_evidence(database, "dpa", server.url_for("/small.pdf"), "tester")
    add_evidence(database, "subprocessors", server.url_for("/portal"), "tester", access="gated")
    _refresh_local(database, server)
    add_evidence(database, "zdr", server.url_for("/later"), "tester")
    return database


def test_local_snapshot_path_finds_the_stored_copy(snapshotted, server) -> None:
    path = local_snapshot_path(snapshotted, server.url_for("/small.pdf"))
    assert path is not None and path.read_bytes() == b"S" * 100
    assert path.suffix == ".pdf"
    assert local_snapshot_path(snapshotted, server.url_for("/later")) is None
    assert local_snapshot_path(snapshotted, "https://not.in.the/kb") is None
    path.unlink()
    assert local_snapshot_path(snapshotted, server.url_for("/small.pdf")) is None


def test_a_snapshot_path_outside_the_store_is_ignored(snapshotted, server) -> None:
    with snapshotted.write("tester") as unit:
        row = unit.session.get(Evidence, 1)
        row.snapshot_path = "../../etc/passwd"
        url = row.url
    assert local_snapshot_path(snapshotted, url) is None


@pytest.mark.parametrize(
    ("has_snapshot", "online", "prefer", "opens_snapshot"),
    [
        (True, False, False, True),  # offline: the copy
        (True, True, False, False),  # online: the live page
        (True, True, True, True),  # setting: always the copy
        (False, False, False, False),  # nothing local: the URL, with a warning
        (False, True, True, False),
    ],
)
def test_choose_evidence_link(
    tmp_path: Path, has_snapshot: bool, online: bool, prefer: bool, opens_snapshot: bool
) -> None:
    snapshot = tmp_path / "copy.pdf" if has_snapshot else None
    link = choose_evidence_link(
        "https://example.com/a.pdf", snapshot, online=online, prefer_snapshots=prefer
    )
    assert link.is_snapshot is opens_snapshot
    assert link.target == (snapshot.as_uri() if opens_snapshot else "https://example.com/a.pdf")
    if not has_snapshot and not online:
        assert "no local snapshot" in link.note


def test_evidence_link_follows_the_prefer_snapshots_setting(snapshotted, server) -> None:
    url = server.url_for("/small.pdf")
    assert evidence_link(snapshotted, url, online=True).is_snapshot is False
    assert evidence_link(snapshotted, url, online=False).is_snapshot is True
    set_setting(snapshotted, "evidence.prefer_snapshots", True, actor="tester")
    link = evidence_link(snapshotted, url, online=True)
    assert link.is_snapshot and link.target.startswith("file://")
    assert link.note == "local snapshot (snapshots preferred in Settings)"


def test_attachments_respect_the_cap_and_say_what_was_skipped(snapshotted, server) -> None:
    plan = snapshot_attachment_plan(snapshotted, ["dpa", "subprocessors", "zdr"], cap_bytes=3000)
    small_sha = hashlib.sha256(b"S" * 100).hexdigest()
    assert [name for name, _body, _text in plan.attachments] == [
        f"127.0.0.1_small_{small_sha[:12]}.pdf"
    ]
    _name, body, description = plan.attachments[0]
    assert body == b"S" * 100
    assert server.url_for("/small.pdf") in description and small_sha in description
    assert plan.total_bytes == 100
    skipped = dict(plan.skipped)
    assert skipped[server.url_for("/large.html")] == (
        "too large for the snapshot cap (5,000 bytes; 3,000 bytes of 3,000 bytes left)"
    )
    assert skipped[server.url_for("/portal")].startswith("gated")
    assert skipped[server.url_for("/later")].startswith("no snapshot yet")
    everything = snapshot_attachments(snapshotted, ["dpa"], cap_bytes=20 * 1024 * 1024)
    assert sorted(len(body) for _name, body, _text in everything) == [100, 5000]
    assert snapshot_attachments(snapshotted, ["dpa"], cap_bytes=0) == []
    assert len(snapshot_attachments(snapshotted, ["dpa"])) == 2  # Settings: 20 MB
    set_setting(snapshotted, "pack.snapshot_cap_mb", 0, actor="tester")
    assert snapshot_attachments(snapshotted, ["dpa"]) == []


def test_damaged_or_missing_snapshots_are_never_embedded(snapshotted, server) -> None:
    large = local_snapshot_path(snapshotted, server.url_for("/large.html"))
    large.write_bytes(b"tampered" + large.read_bytes()[8:])
    local_snapshot_path(snapshotted, server.url_for("/small.pdf")).unlink()
    plan = snapshot_attachment_plan(snapshotted, ["dpa"], cap_bytes=10**6)
    assert plan.attachments == []
    skipped = dict(plan.skipped)
    assert skipped[server.url_for("/large.html")] == "snapshot damaged on disk (SHA-256 mismatch)"
    assert skipped[server.url_for("/small.pdf")] == "snapshot file missing from the data folder"


def test_attachment_names_are_safe() -> None:
    digest = "ab" * 32
    assert attachment_filename("https://x.com/a b/../c?.pdf", digest, ".pdf") == (
        f"x.com_c_{digest[:12]}.pdf"
    )
    assert attachment_filename("https://x.com/", digest, ".html") == f"x.com_{digest[:12]}.html"


def test_freshness_flags_stale_and_changed(database) -> None:
    undated = next(claim for claim in list_claims(database) if claim.as_of is None)
    checker = Freshness(database, "openai-api", today=date(2026, 11, 23))
    assert checker.answer_flags([{"claim": "hipaa-baa"}]) == []
    assert checker.answer_flags([{"claim": undated.key}]) == [
        f"Stale: claim {undated.key} is undated"
    ]
    later = Freshness(database, "openai-api", today=date(2027, 8, 1))
    assert later.answer_flags([{"claim": "hipaa-baa"}, {"claim": "hipaa-baa"}, {}]) == [
        "Stale: claim hipaa-baa as of 2026-07-05 (older than 365 days)"
    ]
    set_setting(database, "evidence.max_age_days", 30, actor="tester")
    baa_evidence = next(c for c in list_claims(database) if c.key == "hipaa-baa").evidence[0]
    with database.write("tester") as unit:
        unit.session.get(Evidence, baa_evidence.id).changed = True
    checker = Freshness(database, "openai-api", today=date(2026, 11, 23))
    assert checker.answer_flags([{"claim": "hipaa-baa", "url": baa_evidence.url}]) == [
        "Stale: claim hipaa-baa as of 2026-07-05 (older than 30 days)",
        evidence_changed_flag(baa_evidence.url),
    ]


def test_no_network_outside_a_refresh(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, server
) -> None:
    """Start-up (create, migrate, seed), reading, opening evidence and building attachments
    all work with every network call made to fail."""
    database = open_database(tmp_path / "first")
    server.expect_request("/doc").respond_with_data("kept for the audit")
    add_evidence(database, "dpa", server.url_for("/doc"), "tester")
    _refresh_local(database, server)
    database.close()

    def refuse(*_args, **_kwargs):
        raise AssertionError("network use outside a refresh")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)

    fresh = open_database(tmp_path / "second")
    assert len(list_claims(fresh)) > 20
    fresh.close()
    database = open_database(tmp_path / "first")
    assert evidence_link(database, server.url_for("/doc"), online=False).is_snapshot
    assert snapshot_attachments(database, ["dpa"], 10**6)[0][1] == b"kept for the audit"
    assert Freshness(database, "openai-api").answer_flags([{"claim": "dpa"}]) is not None
    database.close()

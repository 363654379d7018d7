"""Refreshing evidence into the snapshot store, flagging changes, clearing them, cancelling.

Every URL refreshed here points at a server on 127.0.0.1; the seed knowledge base's internet
URLs are never selected.
"""

import hashlib
import threading
from pathlib import Path

import pytest
from sqlmodel import select

from models.errors import UserError
from models.evidence.fetch import FetchLimits
from models.evidence.records import (
    add_evidence,
    clear_evidence_change,
    evidence_changed_flag,
    get_evidence,
)
from models.evidence.refresh import refresh_evidence, select_evidence, summarise
from models.kb.claims import get_claim
from models.storage.datadir import snapshots_dir
from models.storage.tables import Answer, AuditEvent, Review, utcnow
from tests.evidence_server import server_fixtures, stalling_handler
from tests.review_factory import make_review

running_server, server = server_fixtures()


def _local(database, server) -> list:
    return select_evidence(database, url_prefix=server.url_for("/"))


def _refresh(database, server, **options) -> list:
    return [step.item for step in refresh_evidence(database, _local(database, server), **options)]


def _snapshot_files(data_dir: Path) -> list[Path]:
    store = snapshots_dir(data_dir)
    return sorted(path for path in store.rglob("*") if path.is_file())


def test_first_refresh_stores_a_content_addressed_snapshot(database, server) -> None:
    body = b"%PDF-1.7 healthcare addendum v1"
    server.expect_request("/baa.pdf").respond_with_data(body, content_type="application/pdf")
    add_evidence(database, "hipaa-baa", server.url_for("/baa.pdf"), "tester", kind="contract")

    items = _refresh(database, server)

    digest = hashlib.sha256(body).hexdigest()
    assert [(item.result, item.sha256) for item in items] == [("first-snapshot", digest)]
    row = get_evidence(database, server.url_for("/baa.pdf"))
    assert (row.http_status, row.content_type, row.size) == (200, "application/pdf", len(body))
    assert row.snapshot_path == f"snapshots/{digest[:2]}/{digest}.pdf"
    assert (database.data_dir / row.snapshot_path).read_bytes() == body
    assert row.last_checked is not None and row.changed is False and row.error is None
    assert _snapshot_files(database.data_dir) == [database.data_dir / row.snapshot_path]
    with database.session() as session:
        actions = session.exec(select(AuditEvent.action)).all()
    assert "evidence.snapshot" in actions


def test_identical_bodies_are_stored_once(database, server) -> None:
    for path in ("/a", "/b"):
        server.expect_request(path).respond_with_data("same words", content_type="text/plain")
        add_evidence(database, "dpa", server.url_for(path), "tester")
    _refresh(database, server)
    assert len(_snapshot_files(database.data_dir)) == 1


def test_changed_content_flags_evidence_claims_and_open_answers_until_cleared(
    database, server
) -> None:
    url = server.url_for("/policy")
    server.expect_request("/policy").respond_with_data("retention: 30 days")
    add_evidence(database, "retention-abuse-monitoring", url, "tester")
    citing = {"claim": "retention-abuse-monitoring", "url": "https://x", "as_of": "2026-01-01"}
    open_review = make_review(
        database,
        [
            {"question": "How long is data kept?", "citations": [citing], "flags": ["note"]},
            {"question": "Unrelated", "citations": [{"claim": "soc2-type2"}]},
        ],
    )
    finished_review = make_review(database, [{"question": "Kept?", "citations": [citing]}])
    with database.write("tester") as unit:
        unit.session.get(Review, finished_review).finished_at = utcnow()
    assert _refresh(database, server)[0].result == "first-snapshot"
    assert "evidence-changed" not in get_claim(database, "retention-abuse-monitoring").flags()

    server.clear_all_handlers()
    server.expect_request("/policy").respond_with_data("retention: 90 days")
    (item,) = _refresh(database, server)

    assert item.result == "changed"
    assert item.claims == ["retention-abuse-monitoring"]
    assert item.answers_flagged == 1
    row = get_evidence(database, url)
    assert row.changed is True
    assert row.previous_sha256 == hashlib.sha256(b"retention: 30 days").hexdigest()
    assert row.sha256 == hashlib.sha256(b"retention: 90 days").hexdigest()
    assert "evidence-changed" in get_claim(database, "retention-abuse-monitoring").flags()
    flags = _answer_flags(database)
    assert flags[(open_review, "How long is data kept?")] == ["note", evidence_changed_flag(url)]
    assert flags[(open_review, "Unrelated")] == []
    assert flags[(finished_review, "Kept?")] == []  # a finished review is never altered

    # A third refresh with the same new body keeps the flag (nobody has looked yet) and does
    # not add it twice.
    assert _refresh(database, server)[0].result == "unchanged"
    assert get_evidence(database, url).changed is True
    assert (
        _answer_flags(database)[(open_review, "How long is data kept?")].count(
            evidence_changed_flag(url)
        )
        == 1
    )

    cleared = clear_evidence_change(database, url, "alice")
    assert (cleared.was_changed, cleared.answers_cleared) == (True, 1)
    assert get_evidence(database, url).changed is False
    assert "evidence-changed" not in get_claim(database, "retention-abuse-monitoring").flags()
    assert _answer_flags(database)[(open_review, "How long is data kept?")] == ["note"]
    with database.session() as session:
        events = session.exec(select(AuditEvent).where(AuditEvent.actor == "alice")).all()
    assert {event.action for event in events} == {
        "evidence.clear-change",
        "answer.clear-evidence-changed",
    }
    assert clear_evidence_change(database, url, "alice").was_changed is False


def _answer_flags(database) -> dict[tuple[int, str], list[str]]:
    with database.session() as session:
        return {
            (row.review_id, row.question): list(row.flags)
            for row in session.exec(select(Answer)).all()
        }


def test_clearing_unknown_evidence_is_a_user_error(database) -> None:
    with pytest.raises(UserError, match="no evidence with URL"):
        clear_evidence_change(database, "https://nowhere.invalid/", "alice")


def test_failures_are_recorded_per_item_and_keep_the_last_snapshot(database, server) -> None:
    server.expect_request("/ok").respond_with_data("fine")
    server.expect_request("/flaky").respond_with_data("version one")
    add_evidence(database, "dpa", server.url_for("/ok"), "tester")
    add_evidence(database, "dpa", server.url_for("/flaky"), "tester")
    _refresh(database, server)
    good = get_evidence(database, server.url_for("/flaky"))

    server.clear_all_handlers()
    server.expect_request("/ok").respond_with_data("fine")
    server.expect_request("/flaky").respond_with_data("down for maintenance", status=404)
    items = {item.url: item for item in _refresh(database, server)}

    assert items[server.url_for("/ok")].result == "unchanged"
    assert items[server.url_for("/flaky")].result == "failed"
    assert items[server.url_for("/flaky")].describe().endswith(": HTTP 404 NOT FOUND")
    row = get_evidence(database, server.url_for("/flaky"))
    assert (row.http_status, row.error) == (404, "HTTP 404 NOT FOUND")
    assert (row.sha256, row.snapshot_path) == (good.sha256, good.snapshot_path)
    assert row.last_checked > good.last_checked
    assert summarise(items.values(), 2) == (
        "checked 2 evidence items: 0 new, 1 unchanged, 0 changed, 1 failed"
    )


def test_gated_evidence_is_reported_and_never_fetched(database, server) -> None:
    server.expect_request("/portal").respond_with_data("login page")
    add_evidence(database, "soc2-type2", server.url_for("/portal"), "tester", access="gated")
    items = _refresh(database, server)
    assert [item.result for item in items] == ["gated"]
    assert server.log == []
    row = get_evidence(database, server.url_for("/portal"))
    assert (row.last_checked, row.sha256, row.error) == (None, None, None)
    assert summarise(items, 1).endswith("; 1 gated not fetched")


def test_four_fetches_run_at_once(database, server) -> None:
    """Five stalled URLs: exactly four requests arrive before any answer is given."""
    release = threading.Event()
    arrived = threading.Semaphore(0)

    def handler(request):
        arrived.release()
        return stalling_handler(release)(request)

    for number in range(5):
        server.expect_request(f"/slow{number}").respond_with_handler(handler)
        add_evidence(database, "dpa", server.url_for(f"/slow{number}"), "tester")
    steps = refresh_evidence(database, _local(database, server))
    watcher = threading.Thread(target=lambda: [arrived.acquire(timeout=5) for _ in range(4)])
    results = []
    consumer = threading.Thread(target=lambda: results.extend(step.item for step in steps))
    consumer.start()
    watcher.start()
    watcher.join()
    fifth_early = arrived.acquire(timeout=0.3)
    release.set()
    consumer.join(timeout=10)
    assert not fifth_early
    assert len(server.log) == 5
    assert [item.result for item in results] == ["first-snapshot"] * 5


def test_cancel_mid_way_keeps_finished_items_and_leaves_the_rest(database, server) -> None:
    for number in range(8):
        server.expect_request(f"/doc{number}").respond_with_data(f"document {number}")
        add_evidence(database, "dpa", server.url_for(f"/doc{number}"), "tester")
    cancel = threading.Event()
    seen = []
    for step in refresh_evidence(database, _local(database, server), cancel=cancel):
        seen.append(step)
        if step.done == 2:
            cancel.set()

    assert [step.done for step in seen] == [1, 2]
    assert {step.total for step in seen} == {8}
    rows = [get_evidence(database, server.url_for(f"/doc{number}")) for number in range(8)]
    saved = [row for row in rows if row.last_checked is not None]
    assert {row.url for row in saved} == {step.item.url for step in seen}
    for row in rows:
        if row not in saved:
            assert (row.sha256, row.snapshot_path, row.http_status) == (None, None, None)
    assert len(_snapshot_files(database.data_dir)) == 2  # nothing half-kept in .incoming
    assert summarise([step.item for step in seen], 8).endswith("cancelled, 6 left as they were")


def test_a_callable_cancel_hook_and_closing_the_generator_both_stop(database, server) -> None:
    for number in range(3):
        server.expect_request(f"/c{number}").respond_with_data(f"c {number}")
        add_evidence(database, "dpa", server.url_for(f"/c{number}"), "tester")
    assert _refresh(database, server, cancel=lambda: True) == []
    steps = refresh_evidence(database, _local(database, server))
    first = next(steps)
    steps.close()
    checked = [
        get_evidence(database, server.url_for(f"/c{number}")).last_checked for number in range(3)
    ]
    assert sum(value is not None for value in checked) == 1
    assert get_evidence(database, first.item.url).last_checked is not None


def test_refresh_filters(database, server) -> None:
    add_evidence(database, "zdr", server.url_for("/zdr"), "tester")
    by_claim = select_evidence(database, claim_keys=["zdr"])
    assert server.url_for("/zdr") in [target.url for target in by_claim]
    assert [target.url for target in _local(database, server)] == [server.url_for("/zdr")]
    with pytest.raises(UserError, match="no claim with key 'nope'"):
        select_evidence(database, claim_keys=["nope"])


def test_slow_items_time_out_without_stopping_the_rest(database, server) -> None:
    release = threading.Event()
    server.expect_request("/stuck").respond_with_handler(stalling_handler(release))
    server.expect_request("/quick").respond_with_data("quick")
    add_evidence(database, "dpa", server.url_for("/stuck"), "tester")
    add_evidence(database, "dpa", server.url_for("/quick"), "tester")
    try:
        items = _refresh(database, server, limits=FetchLimits(read_timeout=0.5))
    finally:
        release.set()
    results = {item.url: (item.result, item.error) for item in items}
    assert results[server.url_for("/quick")] == ("first-snapshot", None)
    assert results[server.url_for("/stuck")] == ("failed", "no data for 0.5 s (read timeout)")
    assert get_evidence(database, server.url_for("/stuck")).error == (
        "no data for 0.5 s (read timeout)"
    )


def test_database_writes_happen_only_on_the_consuming_thread(
    database, server, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(6):
        server.expect_request(f"/w{number}").respond_with_data(f"w {number}")
        add_evidence(database, "dpa", server.url_for(f"/w{number}"), "tester")
    writers = []
    real_write = database.write

    def recording_write(actor: str):
        writers.append(threading.get_ident())
        return real_write(actor)

    monkeypatch.setattr(database, "write", recording_write)
    items = _refresh(database, server, actor="refresher")
    assert len(items) == 6
    assert writers and set(writers) == {threading.get_ident()}
    with database.session() as session:
        actors = set(
            session.exec(
                select(AuditEvent.actor).where(AuditEvent.action == "evidence.snapshot")
            ).all()
        )
    assert actors == {"refresher"}

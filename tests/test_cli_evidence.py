"""``ddq evidence`` as a user runs it, in a real subprocess, against a server on 127.0.0.1.

Every refresh here is filtered with ``--url-prefix`` to the local server: a plain
``ddq evidence refresh`` would fetch the seed knowledge base's internet URLs.
"""

import hashlib
import json

import pytest

from models.bootstrap import open_database
from models.settings import set_setting
from tests.evidence_server import server_fixtures

running_server, server = server_fixtures()

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("seeded")


def _json(result) -> object:
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_add_refresh_list_change_and_clear(ddq, server) -> None:
    url = server.url_for("/enterprise-privacy")
    server.expect_request("/enterprise-privacy").respond_with_data(
        "<p>Abuse monitoring logs kept 30 days</p>", content_type="text/html"
    )
    added = ddq("evidence", "add", "retention-abuse-monitoring", url, "--title", "Privacy page")
    assert added.code == 0, added.stderr
    assert added.stdout == f"retention-abuse-monitoring now cites {url}\n"

    first = ddq("evidence", "refresh", "--url-prefix", server.url_for("/"))
    assert first.code == 0, first.stderr
    assert first.stdout == "checked 1 evidence item: 1 new, 0 unchanged, 0 changed, 0 failed\n"
    listed = {item["url"]: item for item in _json(ddq("evidence", "list", "--json"))}
    digest = hashlib.sha256(b"<p>Abuse monitoring logs kept 30 days</p>").hexdigest()
    assert listed[url]["status"] == 200
    assert listed[url]["sha256"] == digest
    assert listed[url]["changed"] is False
    assert listed[url]["claims"] == ["retention-abuse-monitoring"]
    assert listed["https://openai.com/enterprise-privacy"]["status"] is None  # never fetched

    server.clear_all_handlers()
    server.expect_request("/enterprise-privacy").respond_with_data(
        "<p>Abuse monitoring logs kept 45 days</p>", content_type="text/html"
    )
    second = ddq("evidence", "refresh", "--url-prefix", server.url_for("/"))
    assert second.code == 0, second.stderr
    assert second.stdout.splitlines() == [
        f"{url}: changed since the last snapshot "
        "(claims: retention-abuse-monitoring; 0 open answers flagged)",
        "checked 1 evidence item: 0 new, 0 unchanged, 1 changed, 0 failed",
    ]
    shown = _json(ddq("kb", "show", "retention-abuse-monitoring", "--json"))
    assert "evidence-changed" in shown["flags"]
    assert [item["url"] for item in _json(ddq("evidence", "list", "--json", "--changed"))] == [url]
    table = ddq("evidence", "list")
    assert f"{url}  [CHANGED]" in table.stdout

    cleared = ddq("evidence", "clear", url, "--reviewer", "Alice")
    assert cleared.code == 0, cleared.stderr
    assert cleared.stdout.startswith(f"cleared {url}: claims retention-abuse-monitoring;")
    shown = _json(ddq("kb", "show", "retention-abuse-monitoring", "--json"))
    assert "evidence-changed" not in shown["flags"]


def test_problems_are_one_line_each_and_the_refresh_still_succeeds(ddq, server) -> None:
    server.expect_request("/missing").respond_with_data("nope", status=404)
    server.expect_request("/to-file").respond_with_data(
        "", status=302, headers={"Location": "file:///etc/passwd"}
    )
    server.expect_request("/fine").respond_with_data("fine")
    server.expect_request("/portal").respond_with_data("login")
    for path in ("/missing", "/to-file", "/fine"):
        assert ddq("evidence", "add", "dpa", server.url_for(path)).code == 0
    assert ddq("evidence", "add", "dpa", server.url_for("/portal"), "--gated").code == 0

    result = ddq("evidence", "refresh", "--url-prefix", server.url_for("/"))

    assert result.code == 0
    assert result.stderr == ""
    assert sorted(result.stdout.splitlines()) == sorted(
        [
            f"{server.url_for('/missing')}: HTTP 404 NOT FOUND",
            f"{server.url_for('/to-file')}: redirect to file:///etc/passwd refused: "
            "only http:// and https:// are fetched, not file://",
            "checked 3 evidence items: 1 new, 0 unchanged, 0 changed, 2 failed; "
            "1 gated not fetched",
        ]
    )
    assert [request.path for request, _response in server.log].count("/portal") == 0
    listed = {item["url"]: item for item in _json(ddq("evidence", "list", "--json"))}
    assert listed[server.url_for("/missing")]["error"] == "HTTP 404 NOT FOUND"
    assert listed[server.url_for("/portal")]["access"] == "gated"


def test_bad_input_is_one_line_and_exit_2(ddq, server) -> None:
    for args, message in (
        (("add", "dpa", "file:///etc/passwd"), "only http:// and https:// are fetched"),
        (("add", "no-such-claim", "https://example.com/"), "no claim with key"),
        (("add", "dpa", "https://example.com/", "--kind", "memo"), "kind must be one of"),
        (("refresh", "--url-prefix", "http://127.0.0.1:1/"), "no evidence matches"),
        (("refresh", "--claim", "no-such-claim"), "no claim with key"),
        (("clear", "https://nowhere.invalid/"), "no evidence with URL"),
    ):
        result = ddq("evidence", *args)
        assert result.code == 2, args
        assert result.stderr.count("\n") == 1, result.stderr
        assert message in result.stderr
    assert ddq("evidence", "add", "dpa", server.url_for("/twice")).code == 0
    again = ddq("evidence", "add", "dpa", server.url_for("/twice"))
    assert again.code == 2 and "already cites" in again.stderr


def test_kb_flags_follow_the_max_age_setting(ddq, data_dir) -> None:
    database = open_database(data_dir)
    for max_age, stale in ((100_000, False), (1, True)):
        set_setting(database, "evidence.max_age_days", max_age, actor="tester")
        shown = _json(ddq("kb", "show", "hipaa-baa", "--json"))
        assert shown["as_of"] == "2026-07-05"
        assert ("stale" in shown["flags"]) is stale
    database.close()

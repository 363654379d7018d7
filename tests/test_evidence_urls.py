"""Issue 11, point 13: evidence URLs are http(s) with a host, one line, no credentials; an
upper-case scheme is stored in lower case so the knowledge-base export imports again."""

import json
from pathlib import Path

import pytest

from models.evidence.urls import normalise_url, url_problem


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https://trust.openai.com/\nintact: yes", "line breaks"),
        ("https://trust.openai.com/a b", "spaces"),
        ("https://user:secret@trust.openai.com/", "password"),
        ("https://user@trust.openai.com/", "password"),
        ("javascript:alert(1)", "only http"),
        ("file:///etc/passwd", "only http"),
        ("smb://host/share", "only http"),
    ],
)
def test_unsafe_urls_are_refused(url: str, problem: str) -> None:
    assert problem in (url_problem(url) or "")


def test_scheme_and_host_are_normalised() -> None:
    assert url_problem("HTTP://Trust.OpenAI.com/Path") is None
    assert normalise_url("HTTP://Trust.OpenAI.com/Path") == "http://trust.openai.com/Path"


def test_an_upper_case_scheme_survives_kb_export_and_import(ddq, tmp_path: Path) -> None:
    added = ddq("evidence", "add", "hipaa-baa", "HTTPS://Example.ORG/BAA.pdf", "--title", "BAA")
    assert added.code == 0, added.stderr
    export = tmp_path / "kb.json"
    assert ddq("kb", "export", str(export)).code == 0
    assert "https://example.org/BAA.pdf" in export.read_text(encoding="utf-8")
    imported = ddq("kb", "import", str(export))
    assert imported.code == 0, imported.stderr
    claim = json.loads(ddq("kb", "show", "hipaa-baa", "--json").stdout)
    assert "https://example.org/BAA.pdf" in json.dumps(claim)


@pytest.mark.parametrize(
    "url",
    ["https://a.example/x\nvalid: yes", "https://me:hunter2@a.example/", "file:///etc/passwd"],
)
def test_evidence_add_refuses_them_in_one_line(ddq, url: str) -> None:
    result = ddq("evidence", "add", "hipaa-baa", url)
    assert result.code == 2 and result.stderr.count("\n") == 1
    assert "hunter2" not in result.stderr
    assert "hunter2" not in ddq("kb", "show", "hipaa-baa").stdout

"""Issue 11, points 8 and 9: JSON the knowledge base or a questionnaire cannot hold is refused
at the door in one line, and the database is left exactly as it was."""

import json
import os
from pathlib import Path

import pytest

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("seeded")


def _kb_with(ddq, tmp_path: Path, mutate) -> Path:
    export = tmp_path / "kb.json"
    assert ddq("kb", "export", str(export)).code == 0
    text = mutate(export.read_text(encoding="utf-8"))
    target = tmp_path / "hostile.json"
    target.write_text(text, encoding="utf-8")
    return target


@pytest.mark.parametrize(
    ("name", "mutate", "message"),
    [
        ("surrogate", lambda t: t.replace('"statement": "', '"statement": "\\ud800', 1), "lone surrogate"),
        ("big-int", lambda t: t.replace('"format"', '"n": ' + "9" * 5000 + ', "format"', 1), "too large"),
        ("float", lambda t: t.replace('"format"', '"n": 1e30, "format"', 1), "too large"),
        ("nan", lambda t: t.replace('"format"', '"n": NaN, "format"', 1), "NaN"),
        ("infinity", lambda t: t.replace('"format"', '"n": -Infinity, "format"', 1), "Infinity"),
        ("duplicate", lambda t: t.replace('"format": ', '"format": "ddq-kb/0", "format": ', 1), "twice"),
    ],
)  # fmt: skip
def test_kb_import_refuses_hostile_json_in_one_line_and_changes_nothing(
    ddq, tmp_path: Path, name: str, mutate, message: str
) -> None:
    hostile = _kb_with(ddq, tmp_path, mutate)
    before = ddq("kb", "list", "--json").stdout
    result = ddq("kb", "import", str(hostile))
    assert result.code == 2, (name, result.stdout, result.stderr[-500:])
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    after = ddq("kb", "list", "--json")
    assert after.code == 0 and after.stdout == before


def test_a_questionnaire_with_a_lone_surrogate_is_refused_naming_where(ddq, tmp_path: Path) -> None:
    questions = tmp_path / "q.json"
    questions.write_text('{"questions": [{"id": "Q1", "text": "Encrypted?\\udfff"}]}')
    result = ddq("answer", "--vendor", "openai-api", "--questions", str(questions), "--json")
    assert result.code == 2 and "lone surrogate" in result.stderr
    assert "questions[0]" in result.stderr and result.stderr.count("\n") == 1


def _exported(ddq, tmp_path: Path) -> dict:
    export = tmp_path / "kb.json"
    assert ddq("kb", "export", str(export)).code == 0
    return json.loads(export.read_text(encoding="utf-8"))


def test_a_vendor_named_without_claims_keeps_its_claims_unless_replace_empty(
    ddq, data_dir: Path, tmp_path: Path
) -> None:
    document = _exported(ddq, tmp_path)
    document["claims"] = []
    document["sources"] = document.get("sources", [])
    empty = tmp_path / "empty.json"
    empty.write_text(json.dumps(document), encoding="utf-8")
    before = ddq("kb", "list", "--json").stdout
    refused = ddq("kb", "import", str(empty))
    assert refused.code == 2 and "--replace-empty" in refused.stderr
    assert ddq("kb", "list", "--json").stdout == before
    assert not list(data_dir.glob("ddq-backup-*pre-import*"))
    replaced = ddq("kb", "import", str(empty), "--replace-empty")
    assert replaced.code == 0, replaced.stderr
    assert json.loads(ddq("kb", "list", "--json").stdout) == []
    (backup,) = data_dir.glob("ddq-backup-*pre-import*")
    assert ddq("db", "restore", str(backup)).code == 0
    assert ddq("kb", "list", "--json").stdout == before


def test_superseded_by_cycles_are_refused(ddq, tmp_path: Path) -> None:
    document = _exported(ddq, tmp_path)
    first, second = document["claims"][0], document["claims"][1]
    first["superseded_by"], second["superseded_by"] = second["key"], first["key"]
    cyclic = tmp_path / "cyclic.json"
    cyclic.write_text(json.dumps(document), encoding="utf-8")
    before = ddq("kb", "list", "--json").stdout
    result = ddq("kb", "import", str(cyclic))
    assert result.code == 2 and "cycle" in result.stderr, result.stderr
    assert ddq("kb", "list", "--json").stdout == before


def test_a_questionnaire_whose_file_name_is_not_utf8_is_refused_and_stores_nothing(
    ddq, tmp_path: Path
) -> None:
    """Issue 11, point 8: the file name reaches us surrogate-escaped; stored as the review's
    source it was a traceback from SQLite ('surrogates not allowed')."""
    questions = tmp_path / os.fsdecode(b"q\xff.csv")
    questions.write_text("id,question\nQ1,Is data encrypted at rest?\n", encoding="utf-8")
    for command in (
        ("review", "new", "--vendor", "openai-api", "--questions", str(questions)),
        ("export", "--vendor", "openai-api", "--questions", str(questions), "--out",
         str(tmp_path / "answers.json")),
    ):  # fmt: skip
        result = ddq(*command)
        assert result.code == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "file name is not valid UTF-8" in result.stderr and "Traceback" not in result.stderr
    assert "0 reviews" in ddq("review", "list").stdout
    assert not (tmp_path / "answers.json").exists()


def test_a_repeated_option_that_is_not_utf8_is_refused_before_it_is_stored(
    ddq, tmp_path: Path
) -> None:
    """``--map`` is a list: the check for undecodable argument bytes skipped it, and the
    remembered mapping was a traceback from SQLite."""
    questions = tmp_path / "q.csv"
    questions.write_text("id,question\nQ1,Is data encrypted at rest?\n", encoding="utf-8")
    assert ddq("review", "new", "--vendor", "openai-api", "--questions", str(questions)).code == 0
    result = ddq(
        "export", "--review", "1", "--workbook", str(tmp_path / "back.csv"),
        "--map", "yes=" + os.fsdecode(b"\xff"),
    )  # fmt: skip
    assert result.code == 2 and result.stderr == "ddq: error: map: not valid UTF-8 text\n"
    assert not (tmp_path / "back.csv").exists()

"""Issue 11, points 8 and 9: JSON the knowledge base or a questionnaire cannot hold is refused
at the door in one line, and the database is left exactly as it was."""

from pathlib import Path

import pytest


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
        ("duplicate", lambda t: t.replace('"format": "ddq-kb/1"', '"format": "ddq-kb/1", "format": "ddq-kb/1"', 1), "twice"),
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

"""Annotations and claim edits: each change is kept, audited and readable as history."""

from datetime import date

import pytest

from models.bootstrap import open_database
from models.errors import UserError
from models.kb.annotations import add_annotation, dismiss_annotation, edit_annotation
from models.kb.claim_edits import claim_history, edit_claim
from models.kb.claims import get_claim, search_claims

# Storage behaviour: every test runs on SQLite and on PostgreSQL (tests/pg_fixtures.py).
pytestmark = pytest.mark.usefixtures("backend")


def test_annotation_add_edit_dismiss_survive_reopening(data_dir) -> None:
    database = open_database(data_dir)
    claim = get_claim(database, "zdr")
    note_id = add_annotation(
        database,
        claim.id,
        "Alice Auditor",
        "Ask for the ZDR approval letter.",
        today=date(2026, 7, 6),
    )
    edit_annotation(database, note_id, "Alice Auditor", note="Ask for the signed ZDR letter.")
    dismiss_annotation(database, note_id, "Bob", "  Letter received   on file. ")
    database.close()

    reopened = open_database(data_dir)
    notes = get_claim(reopened, "zdr").annotations
    assert len(notes) == 1
    assert notes[0].author == "Alice Auditor"
    assert notes[0].created == date(2026, 7, 6)
    assert notes[0].note == "Ask for the signed ZDR letter."
    assert notes[0].disposition == "dismissed"
    assert notes[0].dismissed_reason == "Letter received on file."
    history = claim_history(reopened, "zdr")
    assert [entry.action for entry in history] == [
        "annotation.dismiss",
        "annotation.edit",
        "annotation.add",
    ]
    assert history[0].actor == "Bob"
    assert "Letter received on file." in history[0].describe()
    reopened.close()


def test_bad_annotations_change_nothing(database) -> None:
    claim = get_claim(database, "zdr")
    with pytest.raises(UserError, match="needs some text"):
        add_annotation(database, claim.id, "Alice", "   ")
    with pytest.raises(UserError, match="reviewer name"):
        add_annotation(database, claim.id, "  ", "A note")
    with pytest.raises(UserError, match="disposition"):
        add_annotation(database, claim.id, "Alice", "A note", disposition="maybe")
    note_id = add_annotation(database, claim.id, "Alice", "A note")
    with pytest.raises(UserError, match="needs a reason"):
        dismiss_annotation(database, note_id, "Alice", " ")
    assert [note.disposition for note in get_claim(database, "zdr").annotations] == [
        "needs-verification"
    ]


def test_claim_edit_records_who_changed_what(database) -> None:
    claim = get_claim(database, "zdr")
    changed = edit_claim(
        database,
        claim.id,
        "Carol",
        status="no",
        statement=claim.statement + " Passkeys are not offered.",
        watch_out="",
        title=claim.title,
    )
    assert sorted(changed) == ["statement", "status", "watch_out"]
    after = get_claim(database, "zdr")
    assert after.status == "no"
    assert after.updated_by == "Carol"
    assert after.watch_out is None
    assert [found.key for found in search_claims(database, "passkeys")] == ["zdr"]
    history = claim_history(database, "zdr")
    assert history[0].actor == "Carol"
    assert history[0].detail["before"]["status"] == claim.status
    assert "status: yes-gated → no" in history[0].describe()


def test_claim_edit_refuses_bad_values_and_skips_no_change(database) -> None:
    claim = get_claim(database, "mfa")
    with pytest.raises(UserError, match="status must be one of"):
        edit_claim(database, claim.id, "Carol", status="maybe")
    with pytest.raises(UserError, match="cannot be empty"):
        edit_claim(database, claim.id, "Carol", statement="  ")
    with pytest.raises(UserError, match="cannot edit"):
        edit_claim(database, claim.id, "Carol", key="other")
    assert edit_claim(database, claim.id, "Carol", status=claim.status) == []
    assert claim_history(database, "mfa") == []

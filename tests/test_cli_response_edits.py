"""Editing a vendor's proposals from the command line (``ddq review responses --statement
QID=TEXT --status QID=yes|no|partial``): an edited proposal is accepted with the reviewer's
changes, audited field by field; a bad edit is one line, exit 2, and nothing is stored."""

import json
from pathlib import Path

import pytest

from models.bootstrap import open_database
from models.storage.tables import AuditEvent
from tests.helpers.cli_runner import run_ddq
from tests.helpers.vendor_cycle import (
    PRODUCT,
    RISK_QID,
    SANCTIONS_QID,
    VENDOR,
    fill_response,
    write_claims,
    write_pdf,
)

# Every test starts from a copy of the session's seeded database (conftest's ``seeded``).
pytestmark = pytest.mark.usefixtures("seeded")


@pytest.fixture
def sent(tmp_path: Path) -> tuple[Path, str, Path]:
    """A data dir with a HIPAA review for Acme and the vendor's filled-in request sheet."""
    data = tmp_path / "data"
    assert ddq(data, "vendor", "add", VENDOR, "--name", "Acme", "--product", PRODUCT).code == 0
    assert ddq(data, "kb", "add", "--vendor", VENDOR, str(write_claims(tmp_path))).code == 0
    review_id = ddq(data, "review", "new", "--vendor", VENDOR, "--template", "hipaa").stdout
    sheet = tmp_path / "requests.xlsx"
    assert ddq(data, "review", "requests", review_id.strip(), "--out", str(sheet)).code == 0
    write_pdf(tmp_path / "risk.pdf", "risk analysis")
    fill_response(sheet, tmp_path / "response.xlsx", "risk.pdf")
    return data, review_id.strip(), tmp_path / "response.xlsx"


def ddq(data: Path, *args: str):
    return run_ddq([*args, "--data-dir", str(data)])


def _claims(data: Path) -> dict[str, dict]:
    listed = json.loads(ddq(data, "kb", "list", "--vendor", VENDOR, "--json").stdout)
    return {claim["key"]: claim for claim in listed}


def _response_events(data: Path) -> list[dict]:
    from sqlmodel import select

    database = open_database(data)
    try:
        with database.session() as session:
            rows = session.exec(select(AuditEvent).where(AuditEvent.action == "response.review"))
            return [dict(row.detail) for row in rows.all()]
    finally:
        database.close()


def test_edited_proposals_are_accepted_with_the_changes_and_audited(sent) -> None:
    data, review_id, response = sent
    statement = "Acme's risk analysis is redone after every major change."
    taken = ddq(
        data, "review", "responses", review_id, str(response),
        "--statement", f"{RISK_QID}={statement}", "--status", f"{RISK_QID}=partial",
        "--status", f"{SANCTIONS_QID}=YES", "--reviewer", "Dana Reviewer",
    )  # fmt: skip
    assert taken.code == 0, taken.stderr
    assert f"accept (edited): {RISK_QID} → claim" in taken.stdout
    assert f"(Partial, status yes): {statement}" in taken.stdout
    assert "added 2 claims" in taken.stdout
    claims = _claims(data)
    risk = claims["response-hipaa-164-308-a1iia"]
    assert risk["statement"] == statement and risk["status"] == "yes"
    assert risk["conditions"]["default"] == "requires-configuration"
    sanctions = claims["response-hipaa-164-308-a1iic"]
    assert sanctions["status"] == "yes"  # they said No; the reviewer corrected it
    assert sanctions["statement"] == "Acme has no written sanctions policy."

    (event,) = _response_events(data)
    assert event["edited"][RISK_QID]["statement"] == {
        "before": "Acme completes a HIPAA risk analysis every year.",
        "after": statement,
    }
    assert event["edited"][RISK_QID]["answer"] == {"before": "Yes", "after": "Partial"}
    assert event["edited"][SANCTIONS_QID]["status"] == {"before": "no", "after": "yes"}
    assert set(event["accepted"]) == {RISK_QID, SANCTIONS_QID}


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (["--status", f"{RISK_QID}=maybe"], "'maybe' is not yes, no or partial"),
        (["--statement", RISK_QID], "write it as --statement QID=..."),
        (["--statement", "NOPE-1=We do."], "has no usable answer to 'NOPE-1'"),
        (["--statement", f"{RISK_QID}=   "], "the statement is empty"),
        (
            ["--statement", f"{RISK_QID}=a", "--statement", f"{RISK_QID}=b"],
            "--statement is given twice",
        ),
        (["--status", f"{RISK_QID}=no", "--reject", RISK_QID], "both accepted (or edited)"),
    ],
)
def test_a_bad_edit_is_one_line_and_stores_nothing(sent, edit, message) -> None:
    data, review_id, response = sent
    refused = ddq(
        data, "review", "responses", review_id, str(response), "--accept", SANCTIONS_QID, *edit
    )
    assert refused.code == 2
    assert refused.stderr.count("\n") == 1 and message in refused.stderr, refused.stderr
    assert refused.stdout == ""
    assert list(_claims(data)) == ["encryption-at-rest"]
    assert _response_events(data) == []

"""``ddq review requests|responses|refill``: the round trip with the vendor.

``requests ID --out FILE`` writes what the review is missing (.xlsx or .csv sheet for the
vendor to fill in, or a .txt e-mail body). ``responses ID FILE`` reads the filled-in sheet (or
the customer questionnaire they filled in) back as claim proposals and lists them with every
bad row; nothing is stored unless proposals are accepted (``--accept QID``…, ``--accept-all``,
or edited with ``--statement QID=TEXT`` / ``--status QID=WORD``), and those are added in one
transaction. ``refill ID`` re-runs auto-fill over the review after the knowledge base changed
and prints what changed. After accepted proposals (and after ``kb add``, ``kb import`` and
``evidence attach``), :func:`report_refill_offers` prints which open reviews now have new
proposals. ``desktop.cli.review`` adds these actions to its group through :func:`add_actions`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, record_id
from desktop.cli.vendor import actor
from models.errors import UserError
from models.storage.datadir import resolve_data_dir
from models.storage.files import refuse_output_inside

if TYPE_CHECKING:
    from models.storage.database import Database


def add_actions(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``requests``, ``responses`` and ``refill`` to the ``review`` action group."""
    requests = actions.add_parser(
        "requests", help="write what to request from the vendor", parents=[common]
    )
    requests.add_argument("review_id", type=record_id, metavar="ID", help="review id")
    requests.add_argument(
        "--out", type=Path, required=True, help="requests.xlsx, .csv (a sheet) or .txt (e-mail)"
    )
    requests.add_argument("--reviewer", default="", help="who signs the e-mail")
    requests.set_defaults(handler=requests_command)

    responses = actions.add_parser(
        "responses", help="read the vendor's filled-in request sheet", parents=[common]
    )
    responses.add_argument("review_id", type=record_id, metavar="ID", help="review id")
    responses.add_argument("file", type=Path, metavar="FILE", help="the .xlsx or .csv they sent")
    responses.add_argument(
        "--accept", action="append", default=[], metavar="QID", help="accept this proposal"
    )
    responses.add_argument("--accept-all", action="store_true", help="accept every proposal")
    responses.add_argument(
        "--reject", action="append", default=[], metavar="QID", help="reject this proposal"
    )
    responses.add_argument(
        "--statement",
        action="append",
        default=[],
        metavar="QID=TEXT",
        help="accept this proposal with this claim statement instead of theirs (repeatable)",
    )
    responses.add_argument(
        "--status",
        action="append",
        default=[],
        metavar="QID=yes|no|partial",
        help="accept this proposal with this answer instead of theirs (repeatable)",
    )
    responses.add_argument("--reviewer", default="", help="who reviews (default: Settings)")
    responses.set_defaults(handler=responses_command)

    refill = actions.add_parser(
        "refill", help="re-fill a review after the knowledge base changed", parents=[common]
    )
    refill.add_argument("review_id", type=record_id, metavar="ID", help="review id")
    refill.add_argument("--reviewer", default="", help="who re-fills (default: Settings)")
    refill.set_defaults(handler=refill_command)


def requests_command(args: argparse.Namespace) -> int:
    """Write the request sheet or e-mail and say how many requests it holds."""
    # deferred: start-up time (each command loads only what it runs)
    from exports.vendor_requests import write_request_sheet

    refuse_output_inside(args.out, resolve_data_dir(args.data_dir))
    database = open_db(args)
    groups, questions = write_request_sheet(
        database, args.review_id, args.out, sender=actor(database, args.reviewer or None)
    )
    sys.stdout.write(f"wrote {groups} requests for {questions} questions to {args.out}\n")
    return 0


def _edits(args: argparse.Namespace, known: set[str]) -> dict[str, dict[str, str]]:
    """``--statement QID=TEXT`` and ``--status QID=WORD`` as qid → {"statement", "answer"}."""
    edits: dict[str, dict[str, str]] = {}
    for option, name, values in (
        ("--statement", "statement", args.statement),
        ("--status", "answer", args.status),
    ):
        for value in values:
            qid, equals, text = value.partition("=")
            qid = qid.strip()
            if not equals or not qid:
                raise UserError(f"{option} {value[:40]!r}: write it as {option} QID=...")
            if qid not in known:
                raise UserError(f"{args.file.name} has no usable answer to {qid!r}")
            if name in edits.get(qid, {}):
                raise UserError(f"{option} is given twice for {qid!r}")
            edits.setdefault(qid, {})[name] = text
    return edits


def responses_command(args: argparse.Namespace) -> int:
    """List the proposals and bad rows; add the accepted proposals in one transaction.

    An edited proposal (``--statement``, ``--status``) is accepted with the reviewer's
    changes, as the GUI's *Accept* with an edited row is.
    """
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.vendor_responses import (
        accept_proposals,
        edit_proposal,
        read_vendor_response,
    )

    database = open_db(args)
    response = read_vendor_response(database, args.review_id, args.file)
    by_qid = {proposal.qid: proposal for proposal in response.proposals}
    named = [*args.accept, *args.reject]
    unknown = [qid for qid in named if qid not in by_qid]
    if unknown:
        raise UserError(f"{args.file.name} has no usable answer to {unknown[0]!r}")
    edits = _edits(args, set(by_qid))
    both = (set(args.accept) | set(edits)) & set(args.reject)
    if both:
        raise UserError(f"{sorted(both)[0]!r} is both accepted (or edited) and rejected")
    for qid, changes in edits.items():
        by_qid[qid] = edit_proposal(by_qid[qid], **changes)  # UserError before anything shows
    for problem in response.problems:
        sys.stderr.write(f"ddq: {args.file.name}: {problem}\n")
    if not response.proposals:
        raise UserError(f"{args.file.name}: no usable answer ({len(response.problems)} bad rows)")
    accepted_ids = set(by_qid) - set(args.reject) if args.accept_all else set(args.accept)
    accepted_ids |= set(edits)
    proposals = [by_qid[proposal.qid] for proposal in response.proposals]
    for proposal in proposals:
        mark = (
            "accept"
            if proposal.qid in accepted_ids
            else "reject"
            if proposal.qid in args.reject
            else "proposal"
        )
        if proposal.qid in edits:
            mark += " (edited)"
        document = f" [document: {proposal.document.name}]" if proposal.document else ""
        sys.stdout.write(
            f"{mark}: {proposal.qid} → claim {proposal.key} ({proposal.answer}, status "
            f"{proposal.status}): {proposal.statement[:120]}{document}\n"
        )
    accepted = [proposal for proposal in proposals if proposal.qid in accepted_ids]
    rejected = [proposal for proposal in proposals if proposal.qid in args.reject]
    if not accepted and not rejected:
        sys.stdout.write(
            f"{len(response.proposals)} proposals, {len(response.problems)} bad rows; nothing "
            "stored (accept with --accept QID or --accept-all)\n"
        )
        return 0
    keys = accept_proposals(
        database, response, accepted, actor(database, args.reviewer or None), rejected
    )
    sys.stdout.write(
        f"added {len(keys)} claims from {response.source_title}; {len(rejected)} rejected; "
        f"{len(response.problems)} bad rows\n"
    )
    if keys:
        report_refill_offers(database, [response.vendor])
    return 0


def report_refill_offers(database: Database, vendors: list[str] | None) -> None:
    """After a knowledge-base change, print which open reviews of ``vendors`` now have new
    proposals and how many (nothing when none does); re-filling stays the reviewer's call."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.refill_offers import offer_lines, refill_offers

    for line in offer_lines(refill_offers(database, vendors)):
        sys.stdout.write(line + "\n")


def refill_command(args: argparse.Namespace) -> int:
    """Re-fill the review and print each change."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.refill import apply_refill, refill_changes

    database = open_db(args)
    result = refill_changes(database, args.review_id)
    count = apply_refill(
        database, args.review_id, result.changes, actor(database, args.reviewer or None)
    )
    for change in result.changes:
        sys.stdout.write(change.describe() + "\n")
    updates = sum(1 for change in result.changes if change.kind == "update")
    sys.stdout.write(
        f"review {args.review_id}: {updates} answers re-filled, {count - updates} reviewed "
        "answers flagged\n"
    )
    return 0

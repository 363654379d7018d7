"""``ddq review``: start, list, show, change and finish reviews from the command line.

The same engine as the guided review: ``new`` runs the GUI's New review path
(``questionnaires.review_builder.new_review_steps``), ``set`` the review edit functions and,
for ``--cite``, the learning action (``questionnaires.citing``). Changes are made by the
reviewer named with ``--reviewer``, else the one in Settings, else ``cli``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, print_json, print_table, record_id
from models.errors import UserError

if TYPE_CHECKING:
    from models.storage.database import Database


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``review`` command group."""
    review = subcommands.add_parser("review", help="reviews of questionnaires", parents=[common])
    actions = review.add_subparsers(dest="review_command", metavar="ACTION")
    actions.required = True
    reviewer = argparse.ArgumentParser(add_help=False)
    reviewer.add_argument("--reviewer", help="who makes the change (default: Settings' reviewer)")

    new = actions.add_parser(
        "new", help="start a review with auto-filled answers", parents=[common, reviewer]
    )
    new.add_argument("--vendor", required=True, help="vendor slug, e.g. openai-api")
    source = new.add_mutually_exclusive_group(required=True)
    source.add_argument("--template", help="template id: soc2, hipaa, gdpr (see ddq templates)")
    source.add_argument("--questions", type=Path, help="a .csv, .xlsx or VSAQ .json file")
    new.add_argument("--title", default="", help="the review's title")
    new.add_argument("--sheet", help="XLSX: read only this sheet")
    new.add_argument("--column", help="the question column's header (or XLSX letter)")
    new.set_defaults(handler=new_command)

    listing = actions.add_parser("list", help="list the reviews", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_command)

    show = actions.add_parser("show", help="show every answer of a review", parents=[common])
    show.add_argument("id", type=record_id, help="review id (see ddq review list)")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_command)

    change = actions.add_parser("set", help="change one answer", parents=[common, reviewer])
    change.add_argument("id", type=record_id, help="review id")
    change.add_argument("qid", help="question id (see ddq review show ID)")
    change.add_argument("--verdict", help="yes, partial, no or unknown")
    change.add_argument("--text", help="the answer text")
    change.add_argument(
        "--cite",
        action="append",
        default=[],
        metavar="CLAIM_KEY",
        help="answer from this claim and remember the question as its phrasing (repeatable)",
    )
    change.add_argument("--flag", metavar="REASON", help="flag for follow-up with a reason")
    change.add_argument("--accept", action="store_true", help="accept the answer")
    change.add_argument(
        "--base-version",
        type=record_id,
        metavar="N",
        help="the answer's version you read (ddq review show --json): refuse if it changed since",
    )
    change.set_defaults(handler=set_command)

    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_signoff import add_actions

    add_actions(actions, common)  # finish [--with-open] and reopen --reason

    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_vendor import add_actions as add_vendor_actions

    add_vendor_actions(actions, common)  # requests, responses, refill


def _reviewer(args: argparse.Namespace, database: Database) -> str:
    # deferred: start-up time (each command loads only what it runs)
    from models.settings import REVIEWER_NAME

    chosen = " ".join((args.reviewer or "").split())
    return chosen or REVIEWER_NAME.read(database) or "cli"


def new_command(args: argparse.Namespace) -> int:
    """Auto-fill the questions and store the review; print its id alone."""
    # deferred: start-up time (each command loads only what it runs)
    from models.settings import REVIEWER_ORGANISATION
    from questionnaires.review_builder import new_review_steps

    if args.template is not None and (args.sheet or args.column):
        raise UserError("--sheet and --column apply to --questions files only")
    database = open_db(args)
    review_id = None
    for _done, _total, created in new_review_steps(
        database, args.vendor, title=args.title, template_id=args.template,
        path=args.questions, sheet=args.sheet, column=args.column,
        reviewer=_reviewer(args, database),
        organisation=REVIEWER_ORGANISATION.read(database),
    ):  # fmt: skip
        review_id = created or review_id
    sys.stdout.write(f"{review_id}\n")
    return 0


def list_command(args: argparse.Namespace) -> int:
    """Print every review with its counts, most recently changed first."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_json import overview_json
    from questionnaires.review_overview import review_overview

    reviews = review_overview(open_db(args))
    if args.json:
        print_json([overview_json(item) for item in reviews])
        return 0
    rows = [
        (
            str(item.id),
            item.vendor,
            item.source or "-",
            "finished" if item.finished else "open",
            f"{item.resolved}/{item.total}",
            str(item.flagged),
            item.title,
        )
        for item in reviews
    ]
    print_table(rows, ("ID", "VENDOR", "SOURCE", "STATE", "RESOLVED", "FLAGGED", "TITLE"))
    sys.stdout.write(f"{len(reviews)} review{'' if len(reviews) == 1 else 's'}\n")
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Print every answer of a review (or the review as JSON)."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_json import answer_lines, review_json
    from questionnaires.reviews import load_review

    review = load_review(open_db(args), args.id)
    if args.json:
        print_json(review_json(review))
        return 0
    source = review.template_id or (Path(review.source_file).name if review.source_file else "-")
    state = "finished" if review.finished_at else "open"
    out = [f"{review.title}  (review {review.id}, {review.vendor}, {source}, {state})"]
    for answer in review.answers:
        out.extend(answer_lines(answer))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def set_command(args: argparse.Namespace) -> int:
    """Change one answer; print its verdict and state afterwards."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.answer_changes import AnswerChange, change_answer

    database = open_db(args)
    change = AnswerChange(
        verdict=args.verdict,
        text=args.text,
        cite=tuple(args.cite),
        flag=args.flag,
        accept=args.accept,
    )
    answer = change_answer(
        database, args.id, args.qid, change, _reviewer(args, database),
        base_version=args.base_version,
    )  # fmt: skip
    method = answer.match.get("method", "")
    sys.stdout.write(
        f"{answer.qid}: {answer.verdict} ({answer.state}{', ' + method if method else ''})\n"
    )
    return 0

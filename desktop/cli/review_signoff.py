"""``ddq review finish ID [--with-open]`` and ``ddq review reopen ID --reason R``.

Finishing refuses, with one line naming the open answers, a review that still has flagged,
unreviewed or accepted-unknown answers, unless ``--with-open`` is given; then it is finished
and the audit log records that it was finished with those answers open. A finished review is
read-only until it is reopened with a reason.

``desktop.cli.review`` adds these two actions to its ``ddq review`` group through
:func:`add_actions`.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, record_id
from models.errors import UserError

if TYPE_CHECKING:
    from models.storage.database import Database


def add_actions(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``finish`` and ``reopen`` to an existing ``review`` action group."""
    finish = actions.add_parser(
        "finish", help="mark a review finished (read-only from then on)", parents=[common]
    )
    finish.add_argument("review_id", type=record_id, metavar="ID", help="review id")
    finish.add_argument(
        "--with-open",
        action="store_true",
        help="finish even with flagged, unreviewed or accepted-unknown answers (recorded)",
    )
    finish.add_argument("--reviewer", default="", help="who finishes it (default: Settings)")
    finish.set_defaults(handler=finish_command)

    reopen = actions.add_parser(
        "reopen", help="make a finished review editable again", parents=[common]
    )
    reopen.add_argument("review_id", type=record_id, metavar="ID", help="review id")
    reopen.add_argument("--reason", required=True, help="why it is reopened (recorded)")
    reopen.add_argument("--reviewer", default="", help="who reopens it (default: Settings)")
    reopen.set_defaults(handler=reopen_command)


def _actor(args: argparse.Namespace, database: Database) -> str:
    # deferred: start-up time (each command loads only what it runs)
    from models.settings import REVIEWER_NAME

    return args.reviewer.strip() or REVIEWER_NAME.read(database) or "ddq"


def finish_command(args: argparse.Namespace) -> int:
    """Finish the review, or refuse with the open counts."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.signoff import OpenAnswersError, finish_review, signoff_statement

    database = open_db(args)
    try:
        counts = finish_review(
            database, args.review_id, _actor(args, database), with_open=args.with_open
        )
    except OpenAnswersError as error:
        raise UserError(f"{error}; review them, or pass --with-open to finish anyway") from None
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.reviews import load_review

    statement = signoff_statement(counts, load_review(database, args.review_id).finished_at)
    sys.stdout.write(f"review {args.review_id} finished: {statement}\n")
    return 0


def reopen_command(args: argparse.Namespace) -> int:
    """Reopen the review with the reason given."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.signoff import reopen_review

    database = open_db(args)
    reopen_review(database, args.review_id, _actor(args, database), args.reason)
    sys.stdout.write(f"review {args.review_id} reopened\n")
    return 0

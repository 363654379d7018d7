"""``ddq team``: a team database on PostgreSQL (``init``: its roles and grants; ``checkout``,
``checkin``, ``release``: a review taken offline into the data directory's SQLite file)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from desktop.cli.output import record_id

if TYPE_CHECKING:
    from models.storage.database import Database


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``team`` command group."""
    team = subcommands.add_parser(
        "team", help="a team database on PostgreSQL (see the README, Team mode)", parents=[common]
    )
    actions = team.add_subparsers(dest="team_command", metavar="ACTION")
    actions.required = True
    init = actions.add_parser(
        "init",
        help="create the roles ddq_owner, ddq_reviewer, ddq_auditor and their grants",
        parents=[common],
    )
    init.add_argument("--print", action="store_true", help="print the SQL instead of running it")
    init.set_defaults(handler=init_command)
    reviewer = argparse.ArgumentParser(add_help=False)
    reviewer.add_argument("--reviewer", help="who does it (default: Settings' reviewer)")
    for name, handler, text in (
        ("checkout", checkout_command, "copy a review into the data directory for offline work"),
        ("checkin", checkin_command, "push the offline changes of a checked-out review"),
        ("release", release_command, "drop a checkout without pushing its changes"),
    ):
        action = actions.add_parser(name, help=text, parents=[common, reviewer])
        action.add_argument("id", type=record_id, help="the review's id on the team database")
        action.set_defaults(handler=handler)


def init_command(args: argparse.Namespace) -> int:
    """Print or run the roles' SQL on the team database (migrated first, as any command)."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.output import open_db
    from models.errors import UserError
    from models.storage.postgres import PostgresDatabase
    from models.storage.team_roles import team_init, team_init_sql

    if args.print:
        sys.stdout.write(team_init_sql())
        return 0
    database = open_db(args)
    if not isinstance(database, PostgresDatabase):
        raise UserError(
            "ddq team init works on a team database: name it with --database postgresql://… "
            "or DDQ_DATABASE_URL (SQLite has no roles)"
        )
    team_init(database)
    sys.stdout.write(
        f"roles ready on {database.describe()}: ddq_owner (owns the tables), ddq_reviewer, "
        "ddq_auditor; make people members, e.g. GRANT ddq_reviewer TO dana;\n"
    )
    return 0


T = TypeVar("T")


def _on_both(args: argparse.Namespace, work: Callable[[Database, Database, str], T]) -> T:
    """Run ``work`` on the team database, the data directory's SQLite file and who acts;
    the local file is closed afterwards whatever happens."""
    team, local, actor = _both(args)
    try:
        return work(team, local, actor)
    finally:
        local.close()


def _both(args: argparse.Namespace) -> tuple[Database, Database, str]:
    """The team database, the data directory's SQLite file, and who acts."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.output import open_db
    from models.bootstrap import open_local_database
    from models.offline.marks import require_team
    from models.settings import REVIEWER_NAME

    team = open_db(args)
    require_team(team)
    local = open_local_database(team.data_dir)
    actor = " ".join((args.reviewer or "").split()) or REVIEWER_NAME.read(team) or "cli"
    return team, local, actor


def checkout_command(args: argparse.Namespace) -> int:
    """Copy the review and its vendor's knowledge base into the local file; print where."""
    # deferred: start-up time (each command loads only what it runs)
    from models.offline.checkout import checkout_review

    done, where = _on_both(
        args,
        lambda team, local, actor: (
            checkout_review(team, local, args.id, actor),
            local.describe(),
        ),
    )
    sys.stdout.write(
        f"review {done.team_review_id} checked out to {where} as local review "
        f"{done.local_review_id} ({done.answers} answers, {done.claims} claims); work on it "
        f"without --database (ddq review show {done.local_review_id}), then: ddq team checkin "
        f"{done.team_review_id}\n"
    )
    return 0


def checkin_command(args: argparse.Namespace) -> int:
    """Push the local changes; list conflicts on stdout and exit 1 when there are any."""
    # deferred: start-up time (each command loads only what it runs)
    from models.offline.checkin import checkin_review

    done = _on_both(args, lambda team, local, actor: checkin_review(team, local, args.id, actor))
    if done.clean:
        sys.stdout.write(
            f"review {args.id} checked in: {done.landed} change{'' if done.landed == 1 else 's'} "
            "landed; it is no longer checked out\n"
        )
        return 0
    for conflict in done.conflicts:
        sys.stdout.write(conflict.describe() + "\n")
    sys.stderr.write(
        f"ddq: review {args.id}: {done.landed} change{'' if done.landed == 1 else 's'} landed, "
        f"{len(done.conflicts)} conflict{'' if len(done.conflicts) == 1 else 's'} not pushed "
        f"(listed above); it stays checked out: edit local review {done.local_review_id} and "
        f"check in again to put yours on top, or ddq team release {args.id} to keep theirs\n"
    )
    return 1


def release_command(args: argparse.Namespace) -> int:
    """Drop the checkout marks without pushing; the local copy stays as a local review."""
    # deferred: start-up time (each command loads only what it runs)
    from models.offline.marks import release_review

    done = _on_both(args, lambda team, local, actor: release_review(team, local, args.id, actor))
    kept = (
        f"; its local copy stays as local review {done.local_review_id}, no longer checked out"
        if done.local_review_id is not None
        else ""
    )
    where = (
        "released on the team database"
        if done.team_mark
        else "was not checked out on the team database any more"
    )
    sys.stdout.write(f"review {args.id} {where}{kept}\n")
    return 0

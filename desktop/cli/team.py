"""``ddq team``: a team database on PostgreSQL (``init``: its roles and grants)."""

import argparse
import sys


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

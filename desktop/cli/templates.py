"""``ddq templates``: the questionnaire templates and how many questions each has."""

import argparse
import sys

from desktop.cli.output import open_db, print_json, print_table


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``templates`` command."""
    templates = subcommands.add_parser(
        "templates", help="list the questionnaire templates", parents=[common]
    )
    templates.add_argument("--json", action="store_true", help="print JSON")
    templates.set_defaults(handler=templates_command)


def templates_command(args: argparse.Namespace) -> int:
    """Print every template: id, question count, title and framework."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.templates import list_templates

    templates = list_templates(open_db(args))
    if args.json:
        print_json([template.to_json() for template in templates])
        return 0
    rows = [
        (template.id, str(template.questions), f"{template.title} ({template.framework})")
        for template in templates
    ]
    print_table(rows, ("ID", "QUESTIONS", "TITLE"))
    sys.stdout.write(f"{len(templates)} templates\n")
    return 0

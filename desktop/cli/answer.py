"""``ddq answer``: auto-fill a template or a customer's questionnaire from the knowledge base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, print_json, print_table
from models.errors import UserError
from models.storage.datadir import resolve_data_dir
from models.storage.files import refuse_output_inside, refuse_same_file
from models.verdicts import VERDICTS

if TYPE_CHECKING:
    from models.storage.database import Database


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``answer`` command."""
    answer = subcommands.add_parser(
        "answer", help="auto-fill a questionnaire with cited answers", parents=[common]
    )
    answer.add_argument("--vendor", help="vendor slug (may be left out when there is only one)")
    source = answer.add_mutually_exclusive_group(required=True)
    source.add_argument("--template", help="template id: soc2, hipaa, gdpr (see ddq templates)")
    source.add_argument("--questions", type=Path, help="a .csv, .xlsx or VSAQ .json file")
    answer.add_argument("--sheet", help="XLSX: read only this sheet")
    answer.add_argument("--column", help="the question column's header (or XLSX letter)")
    answer.add_argument("--json", action="store_true", help="print the answers as JSON")
    answer.add_argument(
        "--out", type=Path, help="write answers to .xlsx/.csv (beside the questions) or .json"
    )
    answer.set_defaults(handler=answer_command)


def answer_command(args: argparse.Namespace) -> int:
    """Load the questions, auto-fill them, then print and/or write the answers."""
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.autofill import autofill
    from questionnaires.writeback import answers_json, check_output_path, write_answers

    if args.out is not None:
        check_output_path(args.out)
        refuse_output_inside(args.out, resolve_data_dir(args.data_dir))
        if args.questions is not None:
            refuse_same_file(args.out, args.questions, "--questions")
    if args.template is not None and (args.sheet or args.column):
        raise UserError("--sheet and --column apply to --questions files only")
    database = open_db(args)
    args.vendor = only_vendor(database, args.vendor)
    if args.template is not None:
        # deferred: start-up time (each command loads only what it runs)
        from questionnaires.templates import template_questions, vendor_wording

        questions = vendor_wording(
            database, args.vendor, template_questions(database, args.template)
        )
    else:
        # deferred: start-up time (each command loads only what it runs)
        from questionnaires.importers import load_questions

        questions = load_questions(args.questions, sheet=args.sheet, column=args.column)
    answers = autofill(database, args.vendor, questions)
    if args.out is not None:
        write_answers(args.out, args.vendor, answers, source=args.questions)
    if args.json:
        print_json(answers_json(args.vendor, answers))
        return 0
    counts: dict[str, int] = dict.fromkeys(VERDICTS, 0)
    for answer in answers:
        counts[answer.verdict] += 1
    summary = ", ".join(f"{verdict} {count}" for verdict, count in counts.items())
    if args.out is not None:
        sys.stdout.write(f"wrote {len(answers)} answers ({summary}) to {args.out}\n")
        return 0
    rows = [
        (
            answer.qid[:32],
            answer.verdict,
            f"{answer.confidence:.2f}",
            " ".join(answer.question.split())[:90],
        )
        for answer in answers
    ]
    print_table(rows, ("ID", "VERDICT", "CONF", "QUESTION"))
    sys.stdout.write(f"{len(answers)} answers: {summary}\n")
    return 0


def only_vendor(database: Database, given: str | None) -> str:
    """Return ``given``, else the knowledge base's only vendor; several need ``--vendor``."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.vendors import list_vendor_records

    if given:
        return given
    slugs = [record.slug for record in list_vendor_records(database)]
    if len(slugs) != 1:
        raise UserError(f"name the vendor with --vendor (known: {', '.join(slugs) or 'none'})")
    return slugs[0]

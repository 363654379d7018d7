"""``ddq export --review ID --workbook OUT.xlsx|.csv``: the reviewed answers back in a copy of
the customer's own questionnaire.

Columns: ``--verdict-column`` / ``--text-column`` name headers of the questionnaire, else the
choice remembered for the review (the GUI's column picker), else the columns suggested from
the headers; ``--new-columns`` adds new ones instead. ``--map yes=Y`` sets what a verdict is
written as in a column with a list of allowed values. The columns used are remembered.
"""

import argparse
import sys

from desktop.cli.output import open_db
from models.errors import UserError


def _mapping(pairs: list[str]) -> dict[str, str]:
    # deferred: start-up time (each command loads only what it runs)
    from questionnaires.workbook_targets import VERDICT_ORDER

    mapping: dict[str, str] = {}
    for pair in pairs:
        verdict, equals, value = pair.partition("=")
        verdict = verdict.strip().lower()
        if not equals or verdict not in VERDICT_ORDER:
            raise UserError(f"--map {pair!r}: write VERDICT=VALUE, VERDICT one of yes/partial/no")
        mapping[verdict] = value.strip()
    return mapping


def export_workbook(args: argparse.Namespace) -> int:
    """Write the reviewed answers into the customer's workbook and say what was done."""
    # deferred: start-up time (each command loads only what it runs)
    from dataclasses import replace

    from exports.review_workbook import inspect_workbook, write_review_workbook
    from models.settings import REVIEWER_NAME
    from questionnaires.workbook_targets import WorkbookChoice, load_choice, save_choice

    if args.review is None or args.vendor or args.template or args.questions:
        raise UserError("--workbook writes an existing review back: name it with --review ID")
    if args.identity or args.unsigned or args.passphrase_env or args.tsa:
        raise UserError(
            "--identity, --passphrase-env, --unsigned and --tsa apply to .pdf packs only"
        )
    if args.new_columns and (args.verdict_column or args.text_column):
        raise UserError("--new-columns and --verdict-column/--text-column exclude each other")
    database = open_db(args)
    info = inspect_workbook(database, args.review, args.original)
    if args.new_columns:
        choice = WorkbookChoice()
    elif args.verdict_column or args.text_column:
        choice = WorkbookChoice(args.verdict_column, args.text_column)
    else:
        choice = load_choice(database, args.review) or info.suggested
    mapping = {**choice.mapping, **_mapping(args.map)}
    choice = replace(choice, mapping=mapping)
    actor = REVIEWER_NAME.read(database) or "ddq"
    result = write_review_workbook(
        database, args.review, args.workbook, choice=choice, original=args.original, actor=actor
    )
    save_choice(database, args.review, choice, actor)
    verdict = choice.verdict_column or "a new column"
    text = choice.text_column or "a new column"
    sys.stdout.write(
        f"wrote {result.path}: {result.answers} reviewed answers (verdict in {verdict}, "
        f"answer in {text})\n"
    )
    if result.blank_verdicts:
        sys.stdout.write(
            f"{result.blank_verdicts} verdicts left blank (unknown, or no allowed value fits)\n"
        )
    if result.skipped_formulas:
        sys.stdout.write(f"{result.skipped_formulas} cells holding formulas left as they were\n")
    if result.not_reviewed:
        sys.stdout.write(f"note: {result.not_reviewed} answers have not been reviewed yet\n")
    return 0

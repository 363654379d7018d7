"""``ddq export``: a review as a signed PDF evidence pack, or its answers as XLSX or JSON, or
(``--review ID --workbook OUT``) its reviewed answers back in the customer's own workbook.

The format follows ``--out``'s suffix (``.pdf``, ``.xlsx``, ``.json``). The review is either
an existing one (``--review ID``) or a new one auto-filled from ``--vendor`` with
``--template`` or ``--questions``. For a PDF the signing identity is settled first
(``--identity FILE.p12`` or the configured one, ``--passphrase-env VAR``), so a wrong
passphrase or a missing identity stops the export before anything is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, record_id
from desktop.cli.passphrase import passphrase_from
from models.errors import UserError
from models.storage.datadir import resolve_data_dir
from models.storage.files import refuse_output_inside, refuse_same_file

if TYPE_CHECKING:
    from exports.identity import SigningIdentity
    from models.storage.database import Database

FORMATS = (".pdf", ".xlsx", ".json")


# A name is printed on the cover, beside every edited answer and in the audit trail.
MAX_NAME_LENGTH = 200


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` command."""
    export = subcommands.add_parser(
        "export", help="export a review: signed PDF pack, XLSX or JSON", parents=[common]
    )
    source = export.add_argument_group("which review")
    source.add_argument("--review", type=record_id, metavar="ID", help="an existing review")
    source.add_argument("--vendor", help="vendor slug for a new review, e.g. openai-api")
    source.add_argument("--template", help="template id for a new review (soc2, hipaa, gdpr)")
    source.add_argument("--questions", type=Path, help="questions file (.csv, .xlsx, .json)")
    source.add_argument("--sheet", help="worksheet of --questions (.xlsx)")
    source.add_argument("--column", help="question column of --questions (.xlsx)")
    source.add_argument("--title", help="title of a new review")
    source.add_argument("--reviewer", default="", help="reviewer name on a new review")
    source.add_argument("--organisation", default="", help="organisation on a new review")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", type=Path, help="output file: .pdf, .xlsx or .json")
    target.add_argument(
        "--workbook",
        type=Path,
        metavar="OUT",
        help="a copy of the customer's .xlsx/.csv with the reviewed answers (needs --review)",
    )
    workbook = export.add_argument_group("write-back (--workbook)")
    workbook.add_argument("--original", type=Path, help="the customer's file, if it has moved")
    workbook.add_argument("--verdict-column", metavar="HEADER", help="column for the verdict")
    workbook.add_argument("--text-column", metavar="HEADER", help="column for the answer text")
    workbook.add_argument(
        "--new-columns", action="store_true", help="add new columns instead of filling existing"
    )
    workbook.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="VERDICT=VALUE",
        help="write VALUE for VERDICT in a list-validated column (VALUE empty: leave blank)",
    )
    signing = export.add_argument_group("signing (PDF)")
    signing.add_argument("--identity", type=Path, help="PKCS#12 file to sign with")
    signing.add_argument(
        "--passphrase-env", metavar="VAR", help="environment variable holding the passphrase"
    )
    signing.add_argument(
        "--unsigned", action="store_true", help="write an unsigned draft marked DRAFT"
    )
    signing.add_argument(
        "--tsa",
        metavar="URL",
        help="RFC 3161 timestamp authority for a trusted signing time (default: Settings)",
    )
    export.set_defaults(handler=export_command)


def _signer(args: argparse.Namespace, data_dir: Path) -> SigningIdentity | None:
    # deferred: start-up time (each command loads only what it runs)
    from exports.identity import configured_identity, open_identity

    if args.unsigned:
        if args.identity:
            raise UserError("--unsigned and --identity exclude each other")
        return None
    key_path = args.identity
    if key_path is None:
        configured = configured_identity(data_dir)
        if configured is None:
            raise UserError(
                "no reviewer identity configured: run `ddq identity create --name NAME "
                "--passphrase-env VAR`, pass --identity FILE.p12, or use --unsigned for a draft"
            )
        key_path = configured.key_path
    return open_identity(key_path, passphrase_from(args, key_path.name))


def _review_id(args: argparse.Namespace, database: Database) -> int:
    if args.review is not None:
        if args.vendor or args.template or args.questions:
            raise UserError("--review exports an existing review; drop --vendor/--template")
        return args.review
    if not args.vendor or bool(args.template) == bool(args.questions):
        raise UserError("name --review ID, or --vendor with one of --template or --questions")
    return _auto_fill(args, database)


def _auto_fill(args: argparse.Namespace, database: Database) -> int:
    try:
        # deferred: start-up time (each command loads only what it runs)
        from questionnaires.importers import load_questions
        from questionnaires.review_builder import start_review
        from questionnaires.templates import template_questions
    except ImportError:
        raise UserError(
            "this build cannot auto-fill questionnaires yet; export an existing review "
            "with --review ID"
        ) from None
    if args.template:
        # deferred: start-up time (each command loads only what it runs)
        from models.storage.tables import Template
        from questionnaires.templates import vendor_wording

        questions = vendor_wording(
            database, args.vendor, template_questions(database, args.template)
        )
        with database.session() as session:
            template = session.get(Template, args.template)
        title = args.title or (template.title if template else args.template)
    else:
        questions = load_questions(args.questions, sheet=args.sheet, column=args.column)
        title = args.title or args.questions.stem
    review_id = None
    for done, total, new_id in start_review(
        database,
        args.vendor,
        questions,
        title=title,
        template_id=args.template,
        source_file=str(args.questions) if args.questions else None,
        reviewer=args.reviewer,
        organisation=args.organisation,
    ):
        review_id = new_id if new_id is not None else review_id
        if sys.stderr.isatty():
            sys.stderr.write(f"\rauto-filling {done}/{total}")
    if sys.stderr.isatty():
        sys.stderr.write("\n")
    if review_id is None:
        raise UserError("no review was stored for these questions")
    return review_id


def export_command(args: argparse.Namespace) -> int:
    """Export the review in the format ``--out`` names."""
    if args.workbook is not None:
        # deferred: start-up time (each command loads only what it runs)
        from desktop.cli.export_workbook import export_workbook

        return export_workbook(args)
    if args.original or args.verdict_column or args.text_column or args.new_columns or args.map:
        raise UserError("--original, --verdict-column, --text-column, --new-columns and --map "
                        "apply to --workbook only")  # fmt: skip
    suffix = args.out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{args.out.name}: the output must end in {', '.join(FORMATS)}")
    if suffix != ".pdf" and (args.identity or args.unsigned or args.passphrase_env or args.tsa):
        raise UserError(
            "--identity, --passphrase-env, --unsigned and --tsa apply to .pdf packs only"
        )
    if not args.out.parent.exists():
        raise UserError(f"{args.out.parent}: no such folder")
    for option in ("reviewer", "organisation"):
        value = getattr(args, option)
        if len(value) > MAX_NAME_LENGTH:
            raise UserError(
                f"--{option}: {len(value)} characters; a name has at most {MAX_NAME_LENGTH}"
            )

    refuse_output_inside(args.out, resolve_data_dir(args.data_dir))
    if args.questions is not None:
        refuse_same_file(args.out, args.questions, "--questions")
    database = open_db(args)
    signer = _signer(args, database.data_dir) if suffix == ".pdf" else None
    review_id = _review_id(args, database)
    if args.review is not None:
        return _write(args, database, review_id, signer)
    # The review was auto-filled for this export only: if the export fails, it goes too, so
    # a failed command leaves the database as it found it.
    try:
        return _write(args, database, review_id, signer)
    except BaseException:
        _discard_review(database, review_id)
        raise


def _discard_review(database: Database, review_id: int) -> None:
    """Delete a review this command created (its answers and audit events with it)."""
    # deferred: start-up time (each command loads only what it runs)
    from sqlmodel import col, delete

    from models.storage.tables import Answer, AuditEvent, Review

    with database.write("ddq") as unit:
        unit.session.exec(delete(Answer).where(col(Answer.review_id) == review_id))
        unit.session.exec(delete(AuditEvent).where(col(AuditEvent.review_id) == review_id))
        unit.session.exec(delete(Review).where(col(Review.id) == review_id))


def _write(
    args: argparse.Namespace, database: Database, review_id: int, signer: SigningIdentity | None
) -> int:
    """Write the review in the format ``--out`` names."""
    suffix = args.out.suffix.lower()
    if suffix == ".xlsx":
        # deferred: start-up time (each command loads only what it runs)
        from exports.answers_xlsx import write_answers_xlsx

        count = write_answers_xlsx(database, review_id, args.out)
        sys.stdout.write(f"wrote {args.out}: {count} answers\n")
        return 0
    if suffix == ".json":
        # deferred: start-up time (each command loads only what it runs)
        from exports.answers_json import write_answers_json

        count = write_answers_json(database, review_id, args.out)
        sys.stdout.write(f"wrote {args.out}: {count} answers\n")
        return 0
    # deferred: start-up time (each command loads only what it runs)
    from exports.pack import build_pack
    from models.settings import SIGNING_TSA_URL

    tsa_url = args.tsa or (None if args.unsigned else SIGNING_TSA_URL.read(database))
    result = None
    for step in build_pack(
        database,
        review_id,
        args.out,
        signer=signer,
        unsigned=args.unsigned,
        tsa_url=tsa_url or None,
    ):
        result = step.result or result
        if step.result is None and sys.stderr.isatty():
            sys.stderr.write(f"{step.stage}…\n")
    assert result is not None
    state = f"signed by {result.signer}" if result.signed else "UNSIGNED DRAFT"
    sys.stdout.write(
        f"wrote {result.path}: {result.pages} pages, {result.answers} answers, {state}\n"
        f"sha256 {result.sha256}\n"
    )
    return 0

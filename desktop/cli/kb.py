"""``ddq kb``: list, show, search, export and import the knowledge base."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, print_json, print_table
from desktop.cli.vendor import actor
from models.errors import UserError
from models.storage.datadir import resolve_data_dir
from models.storage.files import read_json_file, refuse_output_inside, refuse_to_overwrite

if TYPE_CHECKING:
    from models.kb.claims import ClaimRecord
    from models.storage.database import Database


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``kb`` command group."""
    kb = subcommands.add_parser("kb", help="the knowledge base", parents=[common])
    actions = kb.add_subparsers(dest="kb_command", metavar="ACTION")
    actions.required = True

    listing = actions.add_parser("list", help="list every claim", parents=[common])
    listing.add_argument("--vendor", help="only this vendor's claims")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_command)

    show = actions.add_parser("show", help="show one claim", parents=[common])
    show.add_argument("key", help="claim key, e.g. hipaa-baa")
    show.add_argument("--vendor", help="the vendor, when several have this claim key")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_command)

    search = actions.add_parser("search", help="full-text search", parents=[common])
    search.add_argument("text", help="words to find")
    search.add_argument("--limit", type=int, default=20, help="most results (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.set_defaults(handler=search_command)

    export = actions.add_parser("export", help="write the knowledge base to JSON", parents=[common])
    export.add_argument("file", type=Path, help="output .json file")
    export.add_argument(
        "--force", action="store_true", help="overwrite a file that is not a previous export"
    )
    export.set_defaults(handler=export_command)

    add = actions.add_parser("add", help="add new claims to a vendor from JSON", parents=[common])
    add.add_argument("file", type=Path, help="a .json file: a list of claims, or {claims, sources}")
    add.add_argument("--vendor", required=True, help="the vendor the claims are about")
    add.add_argument(
        "--supersede",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="the new claim NEW replaces the existing claim OLD (kept as history; repeatable)",
    )
    add.add_argument("--reason", default="", help="why (kept in the audit log)")
    add.add_argument("--reviewer", help="who adds them (default: the reviewer in Settings)")
    add.set_defaults(handler=add_command)

    load = actions.add_parser("import", help="replace vendors' claims from JSON", parents=[common])
    load.add_argument("file", type=Path, help="a ddq-kb/1 .json file")
    load.add_argument(
        "--replace-empty",
        action="store_true",
        help="let a vendor named with no claims lose all of its claims",
    )
    load.set_defaults(handler=import_command)


def _rows(claims: list[ClaimRecord]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for claim in claims:
        marks = []
        if claim.watch_out:
            marks.append("watch-out")
        if claim.superseded_by:
            marks.append(f"superseded by {claim.superseded_by}")
        as_of = claim.as_of.isoformat() if claim.as_of else "undated"
        rows.append(
            (
                claim.key,
                claim.status,
                as_of,
                claim.title + (f"  [{', '.join(marks)}]" if marks else ""),
            )
        )
    return rows


def _max_age_days(database: Database) -> int:
    """Return the age after which a claim is stale (Settings: evidence.max_age_days)."""
    # deferred: start-up time (each command loads only what it runs)
    from models.settings import EVIDENCE_MAX_AGE_DAYS

    return EVIDENCE_MAX_AGE_DAYS.read(database)


def list_command(args: argparse.Namespace) -> int:
    """Print every claim, one line each (or JSON)."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.claims import list_claims

    database = open_db(args)
    claims = list_claims(database, vendor=args.vendor)
    if args.json:
        max_age = _max_age_days(database)
        print_json([claim.to_json(max_age_days=max_age) for claim in claims])
    else:
        print_table(_rows(claims), ("KEY", "STATUS", "AS OF", "TITLE"))
        sys.stdout.write(f"{len(claims)} claims\n")
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Print one claim in full."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.claims import get_claim

    database = open_db(args)
    claim = get_claim(database, args.key, vendor=args.vendor)
    max_age = _max_age_days(database)
    if args.json:
        print_json(claim.to_json(max_age_days=max_age))
        return 0
    wrap = textwrap.TextWrapper(width=96, initial_indent="  ", subsequent_indent="  ")
    out = [f"{claim.title}  ({claim.key}, {claim.vendor})", f"status: {claim.status}"]
    out.append(f"as of: {claim.as_of.isoformat() if claim.as_of else 'undated source only'}")
    out.append("statement:")
    out.extend(wrap.wrap(claim.statement))
    conditions = claim.conditions
    access = conditions.get("access", "public")
    out.append(f"access: {access}; default: {conditions.get('default', 'enabled')}")
    for name in ("scope", "criteria"):
        if conditions.get(name):
            out.append(f"{name}: {', '.join(map(str, conditions[name]))}")
    for name, value in (conditions.get("attributes") or {}).items():
        out.append(f"{name}: {value}")
    if claim.watch_out:
        out.append(f"WATCH-OUT: {claim.watch_out}")
    if claim.superseded_by:
        out.append(f"superseded by: {claim.superseded_by}")
    if claim.supersedes:
        out.append(f"supersedes: {', '.join(claim.supersedes)}")
    out.append("sources:")
    for source in claim.sources:
        when = source.published.isoformat() if source.published else "undated"
        out.append(
            f"  - {source.title} ({when}{'; ' + source.date_note if source.date_note else ''})"
        )
    out.append("evidence:")
    for item in claim.evidence:
        out.append(f"  - [{item.kind}, {item.access}] {item.describe()}")
    if claim.annotations:
        out.append("annotations:")
        for note in claim.annotations:
            out.append(
                f"  - [{note.author} {note.created.isoformat()}] {note.disposition}: {note.note}"
            )
    flags = claim.flags(max_age_days=max_age)
    if flags:
        out.append(f"flags: {', '.join(flags)}")
    sys.stdout.write("\n".join(out) + "\n")
    return 0


def search_command(args: argparse.Namespace) -> int:
    """Print the claims matching the words, best first."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.claims import search_claims

    database = open_db(args)
    claims = search_claims(database, args.text, limit=max(1, args.limit))
    if args.json:
        max_age = _max_age_days(database)
        print_json([claim.to_json(max_age_days=max_age) for claim in claims])
    elif claims:
        print_table(_rows(claims), ("KEY", "STATUS", "AS OF", "TITLE"))
    else:
        sys.stdout.write(f"no claim matches {args.text!r}\n")
    return 0


def export_command(args: argparse.Namespace) -> int:
    """Write the knowledge base to a JSON file (atomically)."""
    refuse_output_inside(args.file, resolve_data_dir(args.data_dir))
    if not args.force:
        marker = b'"format": "ddq-kb/'  # any version of our export format
        refuse_to_overwrite(args.file, lambda head: marker in head[:200], "knowledge-base export")
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.import_export import export_knowledge_base_file

    count = export_knowledge_base_file(open_db(args), args.file)
    sys.stdout.write(f"exported {count} claims to {args.file}\n")
    return 0


def import_command(args: argparse.Namespace) -> int:
    """Validate a JSON file, then replace the claims of the vendors it names."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.kb_import_guard import (
        backup_before_import,
        check_import,
        claims_per_vendor,
    )
    from desktop.cli.review_vendor import report_refill_offers
    from models.kb.import_export import import_knowledge_base_file, load_knowledge_base_file

    database = open_db(args)
    document = read_json_file(args.file)
    deletes = check_import(
        document, args.file.name, claims_per_vendor(database), args.replace_empty
    )
    loaded = load_knowledge_base_file(args.file)  # full validation before the backup is taken
    backup = backup_before_import(database) if deletes else None
    if deletes and backup is None:
        sys.stderr.write(
            f"note: {database.describe()} is a team database: no file backup is taken before "
            "claims are replaced; pg_dump backups are the way back\n"
        )
    count = import_knowledge_base_file(database, args.file)
    sys.stdout.write(f"imported {count} claims from {args.file}\n")
    if backup is not None:
        sys.stdout.write(f"the previous claims are in {backup} (ddq db restore undoes this)\n")
    report_refill_offers(database, [vendor.slug for vendor in loaded.vendors])
    return 0


def add_command(args: argparse.Namespace) -> int:
    """Validate a file of new claims (every problem on its own line), then add them."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_vendor import report_refill_offers
    from models.kb.claim_add import ClaimProblemsError, add_claims, parse_new_claims

    database = open_db(args)
    supersedes: dict[str, str] = {}
    for pair in args.supersede:
        old, _sep, new = pair.partition("=")
        if not old.strip() or not new.strip():
            raise UserError(f"--supersede {pair!r}: write OLD=NEW (claim keys)")
        supersedes[new.strip()] = old.strip()
    try:
        new_claims = parse_new_claims(
            database, args.vendor, read_json_file(args.file), origin=args.file.name
        )
    except ClaimProblemsError as problems:
        for line in problems.problems:
            sys.stderr.write(f"ddq: error: {' '.join(line.split())}\n")
        return 2
    keys = {claim.key for claim in new_claims.claims}
    unknown = [new for new in supersedes if new not in keys]
    if unknown:
        raise UserError(f"--supersede: the file has no claim {unknown[0]!r}")
    new_claims.supersedes = supersedes
    written = add_claims(database, new_claims, actor(database, args.reviewer), args.reason)
    for key in written:
        old = supersedes.get(key)
        sys.stdout.write(f"added {key}" + (f" (supersedes {old})" if old else "") + "\n")
    report_refill_offers(database, [new_claims.vendor])
    return 0

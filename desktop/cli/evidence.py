"""``ddq evidence``: add evidence links, refresh snapshots, list them, clear changes.

``ddq evidence refresh`` with no filter fetches every public evidence item, which needs the
internet; ``--claim KEY`` and ``--url-prefix TEXT`` narrow it (the tests refresh only evidence
they point at 127.0.0.1 this way).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, print_json, print_table
from desktop.cli.vendor import actor
from models.errors import UserError

if TYPE_CHECKING:
    from models.evidence.records import EvidenceItem


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``evidence`` command group."""
    evidence = subcommands.add_parser(
        "evidence", help="evidence links, snapshots and freshness", parents=[common]
    )
    actions = evidence.add_subparsers(dest="evidence_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="make a claim cite a URL", parents=[common])
    add.add_argument("claim", metavar="CLAIM_KEY", help="the claim, e.g. hipaa-baa")
    add.add_argument("url", metavar="URL", help="an http:// or https:// link")
    add.add_argument("--title", default="", help="what the document is")
    add.add_argument(
        "--kind",
        default="web-page",
        help="report, certificate, policy, contract or web-page (default)",
    )
    add.add_argument("--gated", action="store_true", help="behind a login: recorded, never fetched")
    add.add_argument("--vendor", help="the vendor, when several have this claim key")
    add.set_defaults(handler=add_command)

    attach = actions.add_parser(
        "attach", help="keep a document the vendor sent as a claim's evidence", parents=[common]
    )
    attach.add_argument("claim", metavar="CLAIM_KEY", help="the claim the document supports")
    attach.add_argument("file", metavar="FILE", type=Path, help="a PDF, DOCX, XLSX or image")
    attach.add_argument("--title", default="", help="what the document is")
    attach.add_argument("--kind", default="report", help="report (default), certificate, policy…")
    attach.add_argument("--vendor", help="the vendor, when several have this claim key")
    attach.add_argument("--reviewer", help="who received it (default: the reviewer in Settings)")
    attach.set_defaults(handler=attach_command)

    refresh = actions.add_parser(
        "refresh",
        help="fetch evidence and store snapshots (everything, unless filtered)",
        parents=[common],
    )
    refresh.add_argument(
        "--claim",
        action="append",
        metavar="KEY",
        help="only evidence this claim cites (repeatable)",
    )
    refresh.add_argument("--url-prefix", metavar="TEXT", help="only URLs starting with TEXT")
    refresh.set_defaults(handler=refresh_command)

    listing = actions.add_parser("list", help="list evidence and its last check", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.add_argument("--changed", action="store_true", help="only changed evidence")
    listing.set_defaults(handler=list_command)

    clear = actions.add_parser("clear", help="mark changed evidence as looked at", parents=[common])
    clear.add_argument("url", metavar="URL", help="the evidence URL")
    clear.add_argument("--reviewer", help="who looked (default: the reviewer in Settings)")
    clear.set_defaults(handler=clear_command)


def add_command(args: argparse.Namespace) -> int:
    """Link a claim to a URL (nothing is fetched)."""
    # deferred: start-up time (each command loads only what it runs)
    from models.evidence.records import add_evidence

    item = add_evidence(
        open_db(args),
        args.claim,
        args.url,
        "cli",
        title=args.title,
        kind=args.kind,
        access="gated" if args.gated else "public",
        vendor=args.vendor,
    )
    note = " (gated: never fetched)" if item.gated else ""
    sys.stdout.write(f"{args.claim} now cites {item.url}{note}\n")
    return 0


def attach_command(args: argparse.Namespace) -> int:
    """Copy a local document into the snapshot store and make the claim cite it."""
    # deferred: start-up time (each command loads only what it runs)
    from desktop.cli.review_vendor import report_refill_offers
    from models.evidence.local_files import attach_file, describe_local
    from models.kb.claims import get_claim
    from models.storage.tables import utcnow

    database = open_db(args)
    _url, stored = attach_file(
        database,
        args.claim,
        args.file,
        actor(database, args.reviewer),
        title=args.title,
        kind=args.kind,
        vendor=args.vendor,
    )
    sys.stdout.write(
        f"{args.claim} now cites {describe_local(stored.file_name, utcnow())} "
        f"(SHA-256 {stored.sha256})\n"
    )
    report_refill_offers(database, [get_claim(database, args.claim, vendor=args.vendor).vendor])
    return 0


def refresh_command(args: argparse.Namespace) -> int:
    """Fetch the chosen evidence, printing one line per problem or change and a summary."""
    # deferred: start-up time (each command loads only what it runs)
    from models.evidence.refresh import refresh_evidence, select_evidence, summarise

    database = open_db(args)
    targets = select_evidence(database, claim_keys=args.claim, url_prefix=args.url_prefix)
    if not targets:
        if args.claim or args.url_prefix:
            raise UserError("no evidence matches the filter (see: ddq evidence list)")
        sys.stdout.write("no evidence to refresh\n")
        return 0
    show_progress = sys.stderr.isatty()
    items = []
    for step in refresh_evidence(database, targets, actor="cli"):
        items.append(step.item)
        if show_progress:
            sys.stderr.write(f"\r{step.done}/{step.total}")
            sys.stderr.flush()
        if step.item.needs_attention:
            if show_progress:
                sys.stderr.write("\r")
            sys.stdout.write(step.item.describe() + "\n")
            sys.stdout.flush()
    if show_progress:
        sys.stderr.write("\r")
    sys.stdout.write(summarise(items, len(targets)) + "\n")
    return 0


def _status(item: EvidenceItem) -> str:
    if item.origin == "local":
        return "local"
    if item.gated:
        return "gated"
    if item.last_checked is None:
        return "-"
    return str(item.http_status) if item.http_status is not None else "error"


def list_command(args: argparse.Namespace) -> int:
    """Print every evidence item with its last check (or JSON)."""
    # deferred: start-up time (each command loads only what it runs)
    from models.evidence.records import list_evidence

    items = list_evidence(open_db(args))
    if args.changed:
        items = [item for item in items if item.changed]
    if args.json:
        print_json([item.to_json() for item in items])
        return 0
    rows = []
    for item in items:
        marks = []
        if item.changed:
            marks.append("CHANGED")
        if item.error:
            marks.append(f"error: {item.error}")
        rows.append(
            (
                _status(item),
                item.sha256[:12] if item.sha256 else "-",
                f"{item.last_checked:%Y-%m-%d %H:%M}" if item.last_checked else "never",
                (f"{item.file_name} (local file)" if item.origin == "local" else item.url)
                + (f"  [{'; '.join(marks)}]" if marks else ""),
            )
        )
    print_table(rows, ("STATUS", "SHA-256", "CHECKED (UTC)", "URL"))
    changed = sum(1 for item in items if item.changed)
    sys.stdout.write(f"{len(items)} evidence items, {changed} changed\n")
    return 0


def clear_command(args: argparse.Namespace) -> int:
    """Clear the changed mark from evidence, its claims and open answers."""
    # deferred: start-up time (each command loads only what it runs)
    from models.evidence.records import clear_evidence_change
    from models.settings import REVIEWER_NAME

    database = open_db(args)
    reviewer = args.reviewer or REVIEWER_NAME.read(database) or "cli"
    result = clear_evidence_change(database, args.url, reviewer)
    if not result.was_changed and not result.answers_cleared:
        sys.stdout.write(f"{result.url} is not marked as changed; nothing to clear\n")
        return 0
    sys.stdout.write(
        f"cleared {result.url}: claims {', '.join(result.claims) or 'none'}; "
        f"{result.answers_cleared} open answers unflagged\n"
    )
    return 0

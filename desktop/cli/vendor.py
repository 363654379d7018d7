"""``ddq vendor``: add a vendor, list the vendors."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desktop.cli.output import open_db, print_json, print_table

if TYPE_CHECKING:
    from models.storage.database import Database


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``vendor`` command group."""
    vendor = subcommands.add_parser("vendor", help="the vendors reviewed", parents=[common])
    actions = vendor.add_subparsers(dest="vendor_command", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="add a vendor (no claims yet)", parents=[common])
    add.add_argument("slug", metavar="SLUG", help="its key, e.g. acme-cloud")
    add.add_argument("--name", required=True, help="the company's name")
    add.add_argument("--product", required=True, help="the product reviewed")
    add.add_argument("--trust-portal", metavar="URL", help="where its gated documents are")
    add.add_argument("--reviewer", help="who adds it (default: the reviewer in Settings)")
    add.set_defaults(handler=add_command)

    listing = actions.add_parser("list", help="list the vendors", parents=[common])
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=list_command)


def actor(database: Database, given: str | None) -> str:
    """Return who makes a change: ``--reviewer``, else the reviewer in Settings, else ``cli``."""
    # deferred: start-up time (each command loads only what it runs)
    from models.settings import REVIEWER_NAME

    return given or REVIEWER_NAME.read(database) or "cli"


def add_command(args: argparse.Namespace) -> int:
    """Add a vendor and print its slug."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.vendors import add_vendor

    database = open_db(args)
    record = add_vendor(
        database,
        args.slug,
        args.name,
        args.product,
        actor(database, args.reviewer),
        trust_portal_url=args.trust_portal,
    )
    sys.stdout.write(f"added vendor {record.slug} ({record.name}, {record.product})\n")
    return 0


def list_command(args: argparse.Namespace) -> int:
    """Print every vendor, one line each (or JSON)."""
    # deferred: start-up time (each command loads only what it runs)
    from models.kb.vendors import list_vendor_records

    records = list_vendor_records(open_db(args))
    if args.json:
        print_json([record.to_json() for record in records])
        return 0
    rows = [
        (record.slug, record.name, str(record.claims), record.product
         + (f"  [trust portal: {record.trust_portal_url}]" if record.trust_portal_url else ""))
        for record in records
    ]  # fmt: skip
    print_table(rows, ("SLUG", "NAME", "CLAIMS", "PRODUCT"))
    return 0

"""``ddq identity``: create, import and show the reviewer identity packs are signed with."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.cli.output import print_json
from desktop.cli.passphrase import passphrase_from
from models.errors import UserError
from models.storage.datadir import resolve_data_dir

if TYPE_CHECKING:
    from exports.identity import Identity


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``identity`` command group."""
    identity = subcommands.add_parser(
        "identity", help="the reviewer identity that signs packs", parents=[common]
    )
    actions = identity.add_subparsers(dest="identity_command", metavar="ACTION")
    actions.required = True

    create = actions.add_parser(
        "create", help="create a key and self-signed certificate", parents=[common]
    )
    create.add_argument("--name", required=True, help="the reviewer's name")
    create.add_argument("--organisation", default="", help="the reviewer's organisation")
    create.add_argument("--email", default="", help="the reviewer's e-mail address")
    create.add_argument(
        "--passphrase-env", metavar="VAR", help="environment variable holding the passphrase"
    )
    create.add_argument("--replace", action="store_true", help="replace an existing identity")
    create.set_defaults(handler=create_command)

    load = actions.add_parser("import", help="use an existing PKCS#12 file", parents=[common])
    load.add_argument("file", type=Path, help="a .p12 / .pfx file")
    load.add_argument(
        "--passphrase-env", metavar="VAR", help="environment variable holding its passphrase"
    )
    load.add_argument("--replace", action="store_true", help="replace an existing identity")
    load.set_defaults(handler=import_command)

    show = actions.add_parser("show", help="describe the configured identity", parents=[common])
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(handler=show_command)


def _data_dir(args: argparse.Namespace) -> Path:
    directory = resolve_data_dir(args.data_dir)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _describe(identity: Identity) -> list[str]:
    return [
        f"name: {identity.name}",
        f"organisation: {identity.organisation or '-'}",
        f"email: {identity.email or '-'}",
        f"certificate SHA-256: {identity.fingerprint}",
        f"valid: {identity.not_before:%Y-%m-%d} to {identity.not_after:%Y-%m-%d}",
        f"self-signed: {'yes' if identity.self_signed else 'no'}",
        f"certificate for verifiers: {identity.certificate_path}",
    ]


def create_command(args: argparse.Namespace) -> int:
    """Create the identity and print where its certificate is."""
    # deferred: start-up time (each command loads only what it runs)
    from exports.identity import create_identity

    passphrase = passphrase_from(args, "the new identity")
    identity = create_identity(
        _data_dir(args),
        args.name,
        passphrase,
        organisation=args.organisation,
        email=args.email,
        replace=args.replace,
    )
    sys.stdout.write("created reviewer identity\n" + "\n".join(_describe(identity)) + "\n")
    return 0


def import_command(args: argparse.Namespace) -> int:
    """Check the PKCS#12 opens with the passphrase, then adopt it."""
    # deferred: start-up time (each command loads only what it runs)
    from exports.identity import import_identity

    passphrase = passphrase_from(args, args.file.name)
    identity = import_identity(_data_dir(args), args.file, passphrase, replace=args.replace)
    sys.stdout.write("imported reviewer identity\n" + "\n".join(_describe(identity)) + "\n")
    return 0


def show_command(args: argparse.Namespace) -> int:
    """Print the configured identity, or a hint when there is none."""
    # deferred: start-up time (each command loads only what it runs)
    from exports.identity import configured_identity

    identity = configured_identity(_data_dir(args))
    if identity is None:
        raise UserError("no reviewer identity configured: run `ddq identity create --name …`")
    if args.json:
        print_json(
            {
                "name": identity.name,
                "organisation": identity.organisation,
                "email": identity.email,
                "fingerprint": identity.fingerprint,
                "not_before": identity.not_before.isoformat(),
                "not_after": identity.not_after.isoformat(),
                "self_signed": identity.self_signed,
                "certificate": str(identity.certificate_path),
            }
        )
    else:
        sys.stdout.write("\n".join(_describe(identity)) + "\n")
    return 0

"""``ddq verify``: check a signed pack offline (exit 0 valid, 1 tampered/invalid, 2 unsigned)."""

import argparse
import sys
from pathlib import Path

from desktop.cli.output import print_json


def register(subcommands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add the ``verify`` command."""
    verify = subcommands.add_parser(
        "verify", help="verify a signed evidence pack offline", parents=[common]
    )
    verify.add_argument("file", type=Path, help="the pack .pdf")
    verify.add_argument(
        "--trust", type=Path, metavar="CERT", help="certificate to trust (PEM or DER)"
    )
    verify.add_argument("--json", action="store_true", help="print JSON")
    verify.set_defaults(handler=verify_command)


def verify_command(args: argparse.Namespace) -> int:
    """Print the verification report and return its exit code."""
    # deferred: start-up time (each command loads only what it runs)
    from exports.verify import verify_pack

    report = verify_pack(args.file, args.trust)
    if args.json:
        print_json(
            {
                "file": str(report.path),
                "signed": report.signed,
                "intact": report.intact,
                "valid": report.valid,
                "trusted": report.trusted,
                "signer": report.signer,
                "signing_time": report.signing_time.isoformat() if report.signing_time else None,
                "modified_after_signing": report.modified_after_signing,
                "summary": report.summary,
                "exit_code": report.exit_code,
            }
        )
    else:
        sys.stdout.write("\n".join(report.summary) + "\n")
    return report.exit_code

"""The ``ddq`` command line: headless, Qt-free, and quick to start.

Each command group lives in its own module with a ``register(subcommands, common)`` function;
heavy imports happen inside the handlers, so ``ddq --help`` and ``ddq kb list`` load only what
they use. Bad input ends with one line on stderr and exit status 2, never a traceback.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

COMMAND_MODULES = (
    "desktop.cli.vendor",
    "desktop.cli.kb",
    "desktop.cli.evidence",
    "desktop.cli.db",
    "desktop.cli.templates",
    "desktop.cli.answer",
    "desktop.cli.review",
    "desktop.cli.export",
    "desktop.cli.verify",
    "desktop.cli.identity",
    "desktop.cli.team",
)
EXIT_OK = 0
EXIT_BAD_INPUT = 2


class VersionAction(argparse.Action):
    """``--version``: print ``ddq <version>`` and exit; the version is looked up only then."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(
            option_strings,
            dest,
            nargs=0,
            default=argparse.SUPPRESS,
            help=str(kwargs.get("help", "")),
        )

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        """Print the version and exit 0."""
        # deferred: start-up time (each command loads only what it runs)
        from desktop.version import app_version

        sys.stdout.write(f"ddq {app_version()}\n")
        raise SystemExit(EXIT_OK)


class OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        """Print ``ddq: error: …`` and exit 2."""
        sys.stderr.write(f"{self.prog}: error: {' '.join(message.split())}\n")
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> OneLineParser:
    """Return the full ``ddq`` parser with every command group registered."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        help="data directory (default: $DDQ_DATA_DIR or the user data directory)",
    )
    common.add_argument(
        "--database",
        default=argparse.SUPPRESS,
        metavar="URL",
        help="a team database: postgresql://user@host/dbname, no password (default: "
        "$DDQ_DATABASE_URL, else the URL saved in Settings, else the SQLite file)",
    )
    parser = OneLineParser(
        prog="ddq",
        description="DDQ Desk: vendor due-diligence questionnaires, offline.",
        parents=[common],
    )
    parser.add_argument("--version", action=VersionAction, help="print the version and exit")
    subcommands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=OneLineParser
    )
    subcommands.required = True
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subcommands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ddq`` with ``argv`` (default: ``sys.argv[1:]``) and return its exit status."""
    # deferred: start-up time (each command loads only what it runs)
    from models.errors import UserError

    # A file name that is not UTF-8 (it reaches us surrogate-escaped) is printed back as the
    # same bytes, as ls does, instead of crashing the print under a strict UTF-8 locale.
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(errors="surrogateescape")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "data_dir"):
        args.data_dir = None
    if not hasattr(args, "database"):
        args.database = None
    try:
        _check_text_arguments(args)
        return int(args.handler(args) or EXIT_OK)
    except UserError as error:
        sys.stderr.write(f"ddq: error: {error}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("ddq: interrupted\n")
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `ddq kb list | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except OSError as error:
        # Disk full, permission denied, read-only folder: the environment, not the input.
        sys.stderr.write(f"ddq: error: {error.strerror or error}: {error.filename or ''}\n")
        return EXIT_BAD_INPUT
    finally:
        # deferred: start-up time (each command loads only what it runs)
        from desktop.cli.output import close_databases

        close_databases()


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse text arguments that are not valid UTF-8 (bytes a terminal could not decode).

    Paths are exempt: a file name in another encoding still names a file.
    """
    # deferred: start-up time (each command loads only what it runs)
    from models.errors import UserError

    for name, value in vars(args).items():
        # Repeatable options (--map, --cite) arrive as lists.
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise UserError(f"{name.replace('_', '-')}: not valid UTF-8 text") from None


def run() -> None:
    """Console-script entry point."""
    raise SystemExit(main())


if __name__ == "__main__":
    run()

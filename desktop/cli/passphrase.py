"""Getting a passphrase for the command line without ever printing or storing it."""

import argparse
import os
import sys

from models.errors import UserError


def passphrase_from(args: argparse.Namespace, purpose: str) -> str:
    """Return the passphrase named by ``--passphrase-env``, or ask on a terminal.

    Args:
        args: Parsed arguments with ``passphrase_env``.
        purpose: What the passphrase is for, shown in the prompt.

    Raises:
        UserError: The variable is not set, or no terminal to ask on.
    """
    variable = getattr(args, "passphrase_env", None)
    if variable:
        value = os.environ.get(variable)
        if value is None:
            raise UserError(f"environment variable {variable} is not set (--passphrase-env)")
        return value
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(f"Passphrase for {purpose}: ")
    raise UserError(f"a passphrase is needed for {purpose}: pass --passphrase-env VAR")

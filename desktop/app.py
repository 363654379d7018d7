"""``ddq-desk``: the desktop application entry point."""

import sys


def main() -> None:
    """Start DDQ Desk."""
    from models.claims import list_claims
    from models.database import open_database

    claims = list_claims(open_database())
    sys.stdout.write(f"DDQ Desk knowledge base: {len(claims)} claims\n")

"""Opening a database for use: open → back up → migrate → seed, in that order.

``models.storage`` knows how to check, back up and migrate a file and nothing of what is in
it; ``models.kb.seed`` knows what the bundled resources put there. This is the one place
that joins them, so nothing below imports the seed.
"""

from pathlib import Path

from models.kb.seed import seed_if_needed
from models.storage.database import Database
from models.storage.schema import upgrade_schema


def open_database(
    data_dir: str | Path | None = None, *, seed: bool = True, migrate: bool = True
) -> Database:
    """Open (creating, migrating and seeding as needed) the database in ``data_dir``.

    Args:
        data_dir: An explicit data directory; None resolves ``DDQ_DATA_DIR`` or the default.
        seed: Seed the bundled knowledge base and templates when they were never seeded.
        migrate: Apply pending migrations (an existing file is backed up first). Only tests
            turn this off.

    Returns:
        The open database.

    Raises:
        DatabaseError: The file is not a healthy DDQ Desk database.
    """
    database = Database.at(data_dir)
    if migrate:
        upgrade_schema(database.path)  # writes the pre-migration backup before any change
    if seed:
        seed_if_needed(database)
    return database

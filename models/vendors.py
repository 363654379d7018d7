"""The vendors the knowledge base holds, as (slug, name) pairs for choosers."""

from models.database import Database


def list_vendors(database: Database) -> list[tuple[str, str]]:
    """Return every vendor's slug and display name, by name."""
    with database.read() as connection:
        rows = connection.execute("SELECT slug, name, product FROM vendor ORDER BY name").fetchall()
    return [(row[0], row[2] or row[1]) for row in rows]

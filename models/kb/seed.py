"""Seeding a new database with the bundled knowledge base and templates, exactly once.

A ``Setting`` row records what was seeded. Re-opening never seeds again, so user edits and
deletions survive; a template added in a later release is seeded when it first appears.
"""

from models.storage.database import Database
from resources import KB_DIR, TEMPLATES_DIR

KB_MARKER = "seed.kb"
TEMPLATE_MARKER_PREFIX = "seed.template."


def seed_if_needed(database: Database) -> bool:
    """Seed what was never seeded into ``database``.

    Returns:
        True when anything was written.
    """
    with database.read() as connection:
        done = {row[0] for row in connection.execute("SELECT key FROM setting")}
    kb_files = sorted(KB_DIR.glob("*.json"))
    template_files = sorted(TEMPLATES_DIR.glob("*.json"))
    pending_kb = KB_MARKER not in done and bool(kb_files)
    pending_templates = [
        path for path in template_files if f"{TEMPLATE_MARKER_PREFIX}{path.stem}" not in done
    ]
    if not pending_kb and not pending_templates:
        return False
    # deferred: start-up time (only a first open pays for the ORM, pydantic and the importers)
    from sqlmodel import select

    from models.kb.import_export import import_knowledge_base, load_knowledge_base_file
    from models.storage.tables import Setting
    from models.templates import load_template_file, store_template

    kb_documents = [load_knowledge_base_file(path) for path in kb_files] if pending_kb else []
    template_documents = [load_template_file(path) for path in pending_templates]
    with database.write("seed") as unit:
        # Re-check inside the write lock: another process may have seeded meanwhile.
        done = {row.key for row in unit.session.exec(select(Setting)).all()}
        if KB_MARKER not in done:
            for document in kb_documents:
                import_knowledge_base(unit, document)
            unit.session.add(Setting(key=KB_MARKER, value=",".join(p.name for p in kb_files)))
        for template in template_documents:
            marker = f"{TEMPLATE_MARKER_PREFIX}{template.id}"
            if marker not in done:
                store_template(unit, template)
                unit.session.add(Setting(key=marker, value="1"))
    return True

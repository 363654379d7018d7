"""A small vendor written in a test: its claims in the ddq-kb/1 shape, imported into a real
database, and a function that auto-fills one question against it."""

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from models.bootstrap import open_database
from models.kb.import_export import import_knowledge_base_file
from questionnaires.autofill import autofill
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question


def source(key: str, title: str, url: str) -> dict[str, Any]:
    """Return one dated source of the vendor's claims (checked 2026-10-01)."""
    return {
        "key": key,
        "title": title,
        "url": url,
        "published": "2026-10-01",
        "date_note": "checked 2026-10-01",
    }


def claim(
    vendor: str,
    source_key: str,
    key: str,
    title: str,
    statement: str,
    keywords: list[str],
    **conditions: Any,
) -> dict[str, Any]:
    """Return a claim as a reviewer writes it: public, on by default unless ``conditions``
    say otherwise (``status`` is taken out of them)."""
    return {
        "vendor": vendor,
        "key": key,
        "title": title,
        "statement": statement,
        "status": conditions.pop("status", "yes"),
        "conditions": {"access": "public", "default": "enabled", **conditions},
        "watch_out": None,
        "as_of": "2026-10-01",
        "sources": [source_key],
        "evidence": [],
        "superseded_by": None,
        "keywords": keywords,
        "annotations": [],
    }


@contextmanager
def asking(
    tmp_path: Path,
    vendor: dict[str, Any],
    sources: list[dict[str, Any]],
    claims: list[dict[str, Any]],
) -> Iterator[Callable[[str], ProposedAnswer]]:
    """Import the vendor into a database under ``tmp_path`` and yield ``answer(text)``.

    Args:
        tmp_path: The test's temporary directory.
        vendor: The vendor record (slug, name, product, trust_portal_url, summary).
        sources: The claims' sources.
        claims: The claims.
    """
    path = tmp_path / f"{vendor['slug']}.json"
    document = {"format": "ddq-kb/1", "vendors": [vendor], "sources": sources, "claims": claims}
    path.write_text(json.dumps(document), encoding="utf-8")
    database = open_database(tmp_path / "data")
    import_knowledge_base_file(database, path)
    try:
        yield lambda text: autofill(database, vendor["slug"], [Question("Q", text)])[0]
    finally:
        database.close()

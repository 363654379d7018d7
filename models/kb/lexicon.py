"""The vendor-neutral lexicon (``resources/lexicon.json``): language, never vendor knowledge.

It holds the phrases of security and privacy questionnaires that hold for every vendor
(synonyms folded to one spelling, named phrase patterns, topics a claim must mention to answer
a question about them, what to request by topic, places and region names). Knowledge-base
patterns refer to a named phrase as ``<<NAME>>``; :func:`expand_pattern` puts it in.
"""

import json
import re
from functools import lru_cache
from typing import Any

from resources import RESOURCES_DIR

LEXICON_PATH = RESOURCES_DIR / "lexicon.json"
_PLACEHOLDER = re.compile(r"<<([A-Z][A-Z0-9_]*)>>")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """Return the lexicon document (read once per process)."""
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


def phrase(name: str) -> str:
    """Return the named phrase pattern (e.g. ``PUBLICLY``).

    Raises:
        KeyError: The lexicon has no phrase of that name.
    """
    return lexicon()["phrases"][name]


def expand_pattern(pattern: str) -> str:
    """Return ``pattern`` with every ``<<NAME>>`` replaced by that phrase of the lexicon.

    Raises:
        KeyError: A placeholder names no phrase of the lexicon.
    """
    if "<<" not in pattern:
        return pattern
    return _PLACEHOLDER.sub(lambda found: phrase(found.group(1)), pattern)

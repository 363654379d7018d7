"""Telling the vendor's own sources from third-party ones (blog posts, forum threads).

A source is third-party when its title or key names a kind of publication the vendor does not
speak through: a blog post by someone else, a forum or community thread, a Q&A site. The
knowledge base's format has no field for this, so the words of the source's own title decide.
"""

import re

from models.kb.claims import SourceRecord

THIRD_PARTY_WORDS = re.compile(
    r"\b(blog|blog post|forum|thread|community|reddit|medium\.com|stack ?overflow|"
    r"hacker news|substack|newsletter|opinion)\b",
    re.IGNORECASE,
)


def is_third_party(source: SourceRecord) -> bool:
    """True when the source is a third party's publication rather than the vendor's."""
    text = " ".join(str(part or "") for part in (source.title, source.key, source.url))
    return THIRD_PARTY_WORDS.search(text) is not None

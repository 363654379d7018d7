"""Which evidence URLs may be fetched: http and https with a host, nothing else.

Kept apart from the fetching code so adding or listing evidence does not load ``requests``.
"""

import re
from urllib.parse import urlsplit

_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:)?(//)?[^/?#]*@")

ALLOWED_SCHEMES = ("http", "https")


def url_problem(url: str) -> str | None:
    """Return why ``url`` may not be stored or fetched, or None when it may.

    Refused: a scheme other than http(s), no host, whitespace or control characters inside
    (a newline would forge lines wherever the URL is printed) and ``user:secret@`` credentials
    (a password has no place in a knowledge base that is exported and shared).
    """
    url = url.strip()
    if any(
        character.isspace() or ord(character) < 32 or ord(character) == 127 for character in url
    ):
        return "the URL contains spaces, line breaks or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return "not a valid URL"
    if "@" in parts.netloc:
        return "the URL carries a user name or password (user:secret@); remove it"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}://" if parts.scheme else "a URL without a scheme"
        return f"only http:// and https:// are fetched, not {scheme}"
    if not host:
        return "the URL has no host"
    return None


def normalise_url(url: str) -> str:
    """Return ``url`` with its scheme and host in lower case (``HTTP://X.org/A`` → ``http://x.org/A``).

    The export format accepts lower-case schemes only, so a stored ``HTTP://`` would make a
    knowledge-base export that cannot be imported again. Call :func:`url_problem` first.
    """
    parts = urlsplit(url.strip())
    return parts._replace(scheme=parts.scheme.lower(), netloc=parts.netloc.lower()).geturl()


def redacted(url: str, limit: int = 200) -> str:
    """Return ``url`` fit to print in a message: any ``user:secret@`` replaced by ``***@``.

    A message refusing a URL for carrying a password must not print the password.
    """
    return _USERINFO.sub(lambda match: f"{match[1] or ''}{match[2] or ''}***@", url)[:limit]

"""Which evidence URLs may be fetched: http and https with a host, nothing else.

Kept apart from the fetching code so adding or listing evidence does not load ``requests``.
"""

from urllib.parse import urlsplit

ALLOWED_SCHEMES = ("http", "https")


def url_problem(url: str) -> str | None:
    """Return why ``url`` may not be fetched (wrong scheme, no host), or None when it may."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        return "not a valid URL"
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        scheme = f"{parts.scheme}://" if parts.scheme else "a URL without a scheme"
        return f"only http:// and https:// are fetched, not {scheme}"
    if not host:
        return "the URL has no host"
    return None

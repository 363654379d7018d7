"""Which database DDQ Desk works on: the SQLite file in the data directory, or a team's
PostgreSQL server.

Order of precedence: ``--database URL`` (command line and desktop app), then the environment
variable ``DDQ_DATABASE_URL``, then the URL saved in Settings (the one-line file
``database-url.txt`` in the data directory: the database cannot hold the setting that says
where the database is), else the SQLite file, the embedded default.

A URL is a libpq connection URI (``postgresql://user@host:5432/dbname?sslmode=verify-full``)
and goes to libpq as it is, so every libpq parameter works (``sslmode``, ``sslrootcert``,
``service``, ``connect_timeout``…). It must not carry a password: libpq reads passwords from
``PGPASSFILE`` (``~/.pgpass``) or a service file, so none ever sits in our settings, our
command lines or our logs. What we show of a URL (``shown_url``) is its host, port, database
and user only.
"""

import os
from pathlib import Path

from models.errors import UserError
from models.storage.files import atomic_output

ENV_VAR = "DDQ_DATABASE_URL"
SAVED_URL_NAME = "database-url.txt"
_SCHEMES = ("postgresql://", "postgres://")
# ``postgresql+psycopg://`` is how SQLAlchemy names the driver; people paste it, libpq does not
# know it, and it means the same server.
_DRIVER_PREFIXES = ("postgresql+psycopg://", "postgresql+psycopg2://")


def _parse(url: str) -> dict[str, str]:
    # deferred: start-up time (libpq is loaded only for a team database)
    import psycopg
    from psycopg.conninfo import conninfo_to_dict

    try:
        return {key: str(value) for key, value in conninfo_to_dict(url).items()}
    except psycopg.ProgrammingError as error:
        reason = " ".join(str(error).split()) or "not a PostgreSQL URL"
        raise UserError(f"database URL: {reason}") from None


def checked_database_url(text: str) -> str:
    """Return ``text`` as the libpq URL to connect with, refusing what must not be used.

    Args:
        text: A ``postgresql://`` URL as the user gave it.

    Returns:
        The URL, whitespace trimmed and any SQLAlchemy driver prefix removed.

    Raises:
        UserError: Not a ``postgresql://`` URL, malformed, or carrying a password.
    """
    url = text.strip()
    for prefix in _DRIVER_PREFIXES:
        if url.lower().startswith(prefix):
            url = "postgresql://" + url[len(prefix) :]
    if not url.lower().startswith(_SCHEMES):
        raise UserError(
            "database URL must start with postgresql:// (SQLite needs no URL: it is the file "
            "in the data directory, chosen with --data-dir)"
        )
    if "password" in _parse(url):
        raise UserError(
            "database URL carries a password; remove it and let libpq read it from "
            "PGPASSFILE (~/.pgpass) or a service file (see the README, Team mode)"
        )
    return url


def shown_url(url: str) -> str:
    """Return what may be shown of ``url``: ``user@host:port/dbname``, no query, no secret."""
    try:
        parts = _parse(url)
    except UserError:
        return "postgresql://(unreadable URL)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = parts.get("host") or parts.get("hostaddr") or "localhost"
    port = f":{parts['port']}" if parts.get("port") else ""
    service = f" (service {parts['service']})" if parts.get("service") else ""
    return f"postgresql://{user}{host}{port}/{parts.get('dbname', '')}{service}"


def saved_url_path(data_dir: Path) -> Path:
    """Return the file in ``data_dir`` where Settings keeps the team database URL."""
    return data_dir / SAVED_URL_NAME


def read_saved_url(data_dir: Path) -> str | None:
    """Return the URL saved in Settings for ``data_dir``, or None."""
    try:
        text = saved_url_path(data_dir).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return text or None


def save_url(data_dir: Path, url: str | None) -> None:
    """Save ``url`` (checked) as the team database of ``data_dir``; None or "" goes back to SQLite.

    Raises:
        UserError: The URL is refused (see ``checked_database_url``); nothing is saved.
    """
    path = saved_url_path(data_dir)
    if not url or not url.strip():
        path.unlink(missing_ok=True)
        return
    checked = checked_database_url(url)
    data_dir.mkdir(parents=True, exist_ok=True)
    with atomic_output(path) as temporary:
        temporary.write_text(checked + "\n", encoding="utf-8")


def resolve_database_url(explicit: str | None, data_dir: Path) -> str | None:
    """Return the PostgreSQL URL to use, or None for the SQLite file in ``data_dir``.

    Args:
        explicit: ``--database`` as given, if any.
        data_dir: The resolved data directory (where Settings may have saved a URL).

    Raises:
        UserError: The URL in force is refused (the message says which one it is).
    """
    for origin, url in (
        ("--database", explicit),
        (ENV_VAR, os.environ.get(ENV_VAR)),
        (str(saved_url_path(data_dir)), read_saved_url(data_dir)),
    ):
        if url and url.strip():
            try:
                return checked_database_url(url)
            except UserError as error:
                raise UserError(f"{origin}: {error}") from None
    return None

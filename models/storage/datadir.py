"""The one place that decides where DDQ Desk keeps its data.

Order of precedence: an explicit directory (``--data-dir``), then the ``DDQ_DATA_DIR``
environment variable, then platformdirs' user data directory for ``ddq-desk``. Tests set
``DDQ_DATA_DIR`` (or pass a directory) so they never touch the real one.
"""

import os
from pathlib import Path

from models.errors import UserError

APP_NAME = "ddq-desk"
ENV_VAR = "DDQ_DATA_DIR"
DATABASE_NAME = "ddq.sqlite3"


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to use, without creating it.

    Args:
        explicit: A directory given on the command line or in the GUI, if any.

    Returns:
        An absolute path.
    """
    if explicit:
        return expand_path(explicit)
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return expand_path(from_env)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def expand_path(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` with ``~`` or ``~user`` expanded, made absolute.

    Raises:
        UserError: ``~user`` names no user (one line, not Python's RuntimeError).
    """
    try:
        return Path(path).expanduser().resolve()
    except RuntimeError:
        raise UserError(f"{path}: cannot expand '~' (no such user or home directory)") from None


def database_path(data_dir: Path) -> Path:
    """Return the SQLite file inside ``data_dir``."""
    return data_dir / DATABASE_NAME


def snapshots_dir(data_dir: Path) -> Path:
    """Return the content-addressed evidence snapshot store inside ``data_dir``."""
    return data_dir / "snapshots"

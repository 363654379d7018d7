"""The application's version, read once from the installed package's metadata.

``pyproject.toml`` is the one place the version is written. An installed checkout (``pip
install -e .``) and the packaged bundle (the spec copies the package metadata in) both answer
from ``importlib.metadata``; a bundle built without it falls back to the ``VERSION`` file the
spec writes beside the executables, and a bare source tree to its ``pyproject.toml``.
"""

import sys
from functools import cache
from pathlib import Path

DISTRIBUTION = "ddq-desk"
UNKNOWN = "0+unknown"
VERSION_FILE = "VERSION"


def is_frozen() -> bool:
    """Whether this is the packaged (PyInstaller) application rather than a Python install."""
    return bool(getattr(sys, "frozen", False))


@cache
def app_version() -> str:
    """Return DDQ Desk's version, e.g. ``0.1.0`` (``0+unknown`` when nothing records it)."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    for candidate in _fallback_files():
        try:
            text = candidate.read_text(encoding="utf-8")
        except OSError:
            continue
        found = _version_in(text, toml=candidate.suffix == ".toml")
        if found:
            return found
    return UNKNOWN


def _fallback_files() -> list[Path]:
    if is_frozen():
        bundle = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
        return [bundle / VERSION_FILE, Path(sys.executable).parent / VERSION_FILE]
    return [Path(__file__).resolve().parent.parent / "pyproject.toml"]


def _version_in(text: str, *, toml: bool) -> str | None:
    if not toml:
        return text.strip() or None
    import tomllib

    try:
        version = tomllib.loads(text).get("project", {}).get("version")
    except tomllib.TOMLDecodeError:
        return None
    return version if isinstance(version, str) and version else None

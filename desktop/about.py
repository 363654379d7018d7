"""What Help → About says: version, data directory, knowledge-base date, and licences.

The licence table covers every library the application ships (the runtime dependencies of
``pyproject.toml`` and everything they pull in, which is what PyInstaller bundles), plus the
runtimes under them; ``tests/test_about.py`` fails when a dependency is missing from it.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from models.kb.claims import list_claims
from models.storage.database import Database
from resources import RESOURCES_DIR

FONTS_DIR = RESOURCES_DIR / "fonts"


@dataclass(frozen=True)
class BundledFont:
    """A font shipped in ``resources/fonts`` and the licence it is shipped under."""

    name: str
    files: tuple[str, ...]
    licence: str
    licence_file: str


@dataclass(frozen=True)
class BundledLibrary:
    """A library (or runtime) shipped with the application, its version and licence."""

    name: str
    version: str
    licence: str


FONTS = (
    BundledFont(
        "DejaVu Sans 2.37",
        ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
        "Bitstream Vera Fonts licence (DejaVu changes public domain)",
        "LICENSE-DejaVu.txt",
    ),
    BundledFont(
        "Droid Sans Fallback",
        ("DroidSansFallback.ttf",),
        "Apache-2.0",
        "LICENSE-DroidSansFallback.txt",
    ),
)

# Distribution name → SPDX licence, as each project states it. Runtimes that are not Python
# distributions are listed in RUNTIMES. Names are compared case- and punctuation-blind.
LIBRARY_LICENCES: dict[str, str] = {
    "PySide6-Essentials": "LGPL-3.0-only (Qt for Python)",
    "shiboken6": "LGPL-3.0-only",
    "SQLModel": "MIT",
    "SQLAlchemy": "MIT",
    "alembic": "MIT",
    "Mako": "MIT",
    "MarkupSafe": "BSD-3-Clause",
    "pydantic": "MIT",
    "pydantic-core": "MIT",
    "annotated-types": "MIT",
    "typing-extensions": "PSF-2.0",
    "typing-inspection": "MIT",
    "reportlab": "BSD-3-Clause (ReportLab open-source licence)",
    "rl-accel": "BSD-3-Clause",
    "pillow": "MIT-CMU",
    "pyHanko": "MIT",
    "pyhanko-certvalidator": "MIT",
    "asn1crypto": "MIT",
    "oscrypto": "MIT",
    "cryptography": "Apache-2.0 OR BSD-3-Clause",
    "cffi": "MIT-0",
    "pycparser": "BSD-3-Clause",
    "uritools": "MIT",
    "tzlocal": "MIT",
    "lxml": "BSD-3-Clause",
    "aiohttp": "Apache-2.0 AND MIT",
    "aiohappyeyeballs": "PSF-2.0",
    "aiosignal": "Apache-2.0",
    "attrs": "MIT",
    "frozenlist": "Apache-2.0",
    "multidict": "Apache-2.0",
    "propcache": "Apache-2.0",
    "yarl": "Apache-2.0",
    "requests": "Apache-2.0",
    "urllib3": "MIT",
    "idna": "BSD-3-Clause",
    "certifi": "MPL-2.0",
    "charset-normalizer": "MIT",
    "platformdirs": "MIT",
    "openpyxl": "MIT",
    "et-xmlfile": "MIT",
    "RapidFuzz": "MIT",
    "defusedxml": "PSF-2.0",
    "arabic-reshaper": "MIT",
    "snowballstemmer": "BSD-3-Clause",
    "PyStemmer": "MIT AND BSD-3-Clause",  # the wrapper MIT, the Snowball C library BSD
    "fonttools": "MIT",
    "uharfbuzz": "Apache-2.0",
    "python-bidi": "LGPL-3.0-or-later",
    "psycopg": "LGPL-3.0-only",
    # Its wheels carry libpq (PostgreSQL licence) and the OpenSSL it links.
    "psycopg-binary": "LGPL-3.0-only",
}

RUNTIMES = (
    BundledLibrary("Python", "", "PSF-2.0"),
    BundledLibrary("Qt", "", "LGPL-3.0-only"),
    BundledLibrary("SQLite", "", "blessing (public domain)"),
    BundledLibrary("OpenSSL", "", "Apache-2.0"),
)


@dataclass(frozen=True)
class AboutInfo:
    """Everything the About dialog shows, gathered before it opens."""

    version: str
    data_dir: Path
    kb_as_of: date | None
    claim_count: int
    fonts: tuple[BundledFont, ...]
    libraries: tuple[BundledLibrary, ...]


def normalised(name: str) -> str:
    """A distribution name compared as pip compares them (PEP 503)."""
    import re

    return re.sub(r"[-_.]+", "-", name).lower()


def bundled_libraries() -> tuple[BundledLibrary, ...]:
    """Return the runtimes and every library in the licence table, with installed versions."""
    import platform
    import sqlite3
    import ssl
    from importlib import metadata

    versions = {
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "OpenSSL": ssl.OPENSSL_VERSION.removeprefix("OpenSSL ").split()[0],
    }
    try:
        from PySide6 import QtCore

        versions["Qt"] = QtCore.qVersion()
    except ImportError:  # the CLI may run where Qt is not installed
        pass
    runtimes = tuple(
        BundledLibrary(runtime.name, versions.get(runtime.name, ""), runtime.licence)
        for runtime in RUNTIMES
    )
    libraries = []
    for name, licence in sorted(LIBRARY_LICENCES.items(), key=lambda item: item[0].lower()):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = ""
        libraries.append(BundledLibrary(name, version, licence))
    return runtimes + tuple(libraries)


def knowledge_base_as_of(database: Database) -> tuple[date | None, int]:
    """Return the date of the newest dated claim in the knowledge base, and the claim count."""
    claims = list_claims(database)
    dated = [claim.as_of for claim in claims if claim.as_of is not None]
    return (max(dated) if dated else None), len(claims)


def about_info(database: Database) -> AboutInfo:
    """Gather what Help → About shows for the open database."""
    # deferred: start-up time (loaded on first use, not when the window opens)
    from desktop.version import app_version

    as_of, count = knowledge_base_as_of(database)
    return AboutInfo(
        version=app_version(),
        data_dir=database.data_dir,
        kb_as_of=as_of,
        claim_count=count,
        fonts=FONTS,
        libraries=bundled_libraries(),
    )

"""Finish ``make package``: add the desktop entry and icon, then pack the release archive.

Run after PyInstaller has built ``dist/ddq-desk/``::

    python packaging/archive.py [--dist dist]

It copies ``ddq-desk.desktop``, the icon and ``install-desktop-entry.sh`` into the bundle's
top folder and writes ``dist/ddq-desk-<version>-<os>-<machine>.tar.gz`` (``.zip`` on
Windows; one top folder, ``ddq-desk/``), printing the archive's path and the bundle's and
archive's sizes.
"""

import argparse
import platform
import shutil
import sys
import tarfile
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE_NAME = "ddq-desk"
EXTRAS = (
    ROOT / "packaging" / "ddq-desk.desktop",
    ROOT / "packaging" / "install-desktop-entry.sh",
    ROOT / "resources" / "icons" / "ddq-desk.png",
    ROOT / "resources" / "icons" / "ddq-desk.svg",
)


def project_version() -> str:
    """The version written in ``pyproject.toml``."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    return str(tomllib.loads(text)["project"]["version"])


def platform_tag() -> str:
    """``linux-x86_64``, ``windows-amd64``, ``macos-arm64``…: what the archive runs on."""
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform)
    system = "linux" if system.startswith("linux") else system
    return f"{system}-{platform.machine().lower()}"


def archive_path(dist: Path) -> Path:
    """Where the release archive of this version and platform goes."""
    suffix = ".zip" if sys.platform == "win32" else ".tar.gz"
    return dist / f"{BUNDLE_NAME}-{project_version()}-{platform_tag()}{suffix}"


def folder_size(folder: Path) -> int:
    """Bytes in every regular file under ``folder`` (symbolic links not followed)."""
    return sum(
        path.lstat().st_size
        for path in folder.rglob("*")
        if path.is_file() and not path.is_symlink()
    )


def add_extras(bundle: Path) -> None:
    """Copy the desktop entry, icons and install script into the bundle's top folder."""
    for extra in EXTRAS:
        shutil.copy2(extra, bundle / extra.name)


def pack(bundle: Path, target: Path) -> Path:
    """Write ``target`` (gzip tar, or zip) holding ``bundle`` as its one top folder, atomically."""
    partial = target.with_name(f".{target.name}.partial")
    if target.suffix == ".zip":
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(bundle.rglob("*")):
                archive.write(path, Path(BUNDLE_NAME) / path.relative_to(bundle))
    else:
        with tarfile.open(partial, "w:gz", compresslevel=6) as archive:
            archive.add(bundle, arcname=BUNDLE_NAME)
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Add the extras and pack; print what was written."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="PyInstaller's dist")
    arguments = parser.parse_args(argv)
    bundle = arguments.dist / BUNDLE_NAME
    if not (bundle / "_internal").is_dir():
        sys.stderr.write(f"archive: error: no bundle at {bundle}; run PyInstaller first\n")
        return 2
    add_extras(bundle)
    target = pack(bundle, archive_path(arguments.dist))
    mib = 1024 * 1024
    print(f"bundle  {bundle}: {folder_size(bundle) / mib:.0f} MiB")
    print(f"archive {target}: {target.stat().st_size / mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

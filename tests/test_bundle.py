"""Smoke test of the packaged app (``make package``): it runs with no Python and no checkout.

Each executable runs in a clean environment — ``PATH`` without the virtualenv, no
``PYTHON*`` variables, a fresh home and data directory, the working directory outside the
repository, ``QT_QPA_PLATFORM=offscreen`` — so what it needs must be inside the bundle. The
tests skip, saying why, when no bundle has been built; ``DDQ_BUNDLE_DIR`` points them at
another one (an unpacked archive, say).
"""

import json
import os
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

BUNDLE_DIR = Path(os.environ.get("DDQ_BUNDLE_DIR") or PROJECT_ROOT / "dist" / "ddq-desk")
VERSION = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]["version"]
PASSPHRASE_VARIABLE = "DDQ_SMOKE_PASSPHRASE"
EXE = ".exe" if sys.platform == "win32" else ""


def _why_not_tested() -> str:
    """Why the bundle cannot be smoke-tested here ('' when it can)."""
    if not (BUNDLE_DIR / f"ddq{EXE}").is_file():
        return f"no packaged app at {BUNDLE_DIR}: `make package` builds it"
    built_from = BUNDLE_DIR / "_internal" / "BUILT_FROM"
    head = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
    )
    if "DDQ_BUNDLE_DIR" in os.environ or not built_from.is_file() or head.returncode != 0:
        return ""
    built, current = built_from.read_text().strip(), head.stdout.strip()
    if built and built != current:
        return f"{BUNDLE_DIR} was built from {built[:10]}, the checkout is at {current[:10]}: `make package` rebuilds it"
    return ""


WHY_NOT_TESTED = _why_not_tested()
pytestmark = [pytest.mark.bundle, pytest.mark.skipif(bool(WHY_NOT_TESTED), reason=WHY_NOT_TESTED)]


def _clean_environment(home: Path, data_dir: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "DDQ_DATA_DIR": str(data_dir),
        "XDG_RUNTIME_DIR": str(home),
    }


@pytest.fixture
def bundled(tmp_path: Path):
    """Run a bundled executable in a clean environment from an empty folder."""
    home, data_dir, work = tmp_path / "home", tmp_path / "data", tmp_path / "work"
    for folder in (home, work):
        folder.mkdir()
    home.chmod(0o700)  # Qt refuses a runtime directory others can read

    def run(program: str, *args: str, extra: dict[str, str] | None = None):
        completed = subprocess.run(
            [str(BUNDLE_DIR / f"{program}{EXE}"), *args],
            cwd=work,
            env={**_clean_environment(home, data_dir), **(extra or {})},
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
        return completed

    run.work = work  # type: ignore[attr-defined]
    run.data_dir = data_dir  # type: ignore[attr-defined]
    return run


def test_the_bundle_holds_both_executables_and_the_resources() -> None:
    internal = BUNDLE_DIR / "_internal"
    assert os.access(BUNDLE_DIR / f"ddq-desk{EXE}", os.X_OK)
    assert os.access(BUNDLE_DIR / f"ddq{EXE}", os.X_OK)
    assert (internal / "resources" / "kb" / "openai-api.json").is_file()
    assert (internal / "resources" / "lexicon.json").is_file()
    assert {path.name for path in (internal / "resources" / "templates").glob("*.json")} >= {
        "soc2.json",
        "hipaa.json",
        "gdpr.json",
    }
    assert (internal / "resources" / "fonts" / "LICENSE-DejaVu.txt").is_file()
    assert (internal / "models" / "storage" / "migrations" / "env.py").is_file()


def test_ddq_version(bundled) -> None:
    started = time.perf_counter()
    result = bundled("ddq", "--version")
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"ddq {VERSION}\n"
    print(f"bundled ddq --version: {seconds:.2f} s")


def test_the_desktop_app_shows_the_populated_window(bundled) -> None:
    started = time.perf_counter()
    result = bundled("ddq-desk", "--quit-after-show")
    seconds = time.perf_counter() - started
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (bundled.data_dir / "ddq.sqlite3").is_file()
    print(f"bundled ddq-desk to the populated window and out: {seconds:.2f} s")


def test_the_cli_answers_the_soc2_template(bundled) -> None:
    result = bundled("ddq", "answer", "--vendor", "openai-api", "--template", "soc2", "--json")
    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout)["answers"]
    assert len(answers) == 69
    assert {answer["verdict"] for answer in answers} <= {"yes", "partial", "no", "unknown"}
    assert any(answer["citations"] for answer in answers)


def test_a_signed_pack_exports_and_verifies(bundled) -> None:
    secret = {PASSPHRASE_VARIABLE: "smoke-test passphrase 7"}
    created = bundled(
        "ddq",
        "identity",
        "create",
        "--name",
        "Smoke Test",
        "--organisation",
        "DDQ Desk CI",
        "--passphrase-env",
        PASSPHRASE_VARIABLE,
        extra=secret,
    )
    assert created.returncode == 0, created.stderr
    exported = bundled(
        "ddq",
        "export",
        "--vendor",
        "openai-api",
        "--template",
        "soc2",
        "--out",
        "pack.pdf",
        "--passphrase-env",
        PASSPHRASE_VARIABLE,
        extra=secret,
    )
    assert exported.returncode == 0, exported.stderr
    pack = bundled.work / "pack.pdf"
    assert pack.read_bytes().startswith(b"%PDF-")
    verified = bundled("ddq", "verify", "pack.pdf")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    signed = bytearray(pack.read_bytes())
    signed[len(signed) // 3] ^= 0x01  # a bit inside the signed content
    pack.write_bytes(bytes(signed))
    assert bundled("ddq", "verify", "pack.pdf").returncode == 1  # and tampering is caught


def test_the_archive_unpacks_with_a_desktop_entry_and_runs(tmp_path: Path) -> None:
    archives = sorted((BUNDLE_DIR.parent).glob(f"ddq-desk-{VERSION}-*.tar.gz"))
    if not archives:
        pytest.skip(f"no archive beside {BUNDLE_DIR}: `make package` writes it")
    with tarfile.open(archives[-1]) as archive:
        archive.extractall(tmp_path, filter="tar")
    unpacked = tmp_path / "ddq-desk"
    entry = (unpacked / "ddq-desk.desktop").read_text()
    assert "Exec=ddq-desk" in entry and "Icon=ddq-desk" in entry
    assert (unpacked / "ddq-desk.png").read_bytes().startswith(b"\x89PNG")
    home = tmp_path / "home"
    home.mkdir()
    environment = _clean_environment(home, tmp_path / "data")
    installed = subprocess.run(
        [str(unpacked / "install-desktop-entry.sh")],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    menu_entry = (home / ".local/share/applications/ddq-desk.desktop").read_text()
    assert f'Exec="{unpacked}/ddq-desk"' in menu_entry
    version = subprocess.run(
        [str(unpacked / "ddq"), "--version"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.stdout == f"ddq {VERSION}\n", version.stderr

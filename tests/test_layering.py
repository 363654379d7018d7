"""The architecture is the import direction: only desktop/ may touch Qt."""

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT

CORE_PACKAGES = ("models", "questionnaires", "exports", "resources")
LAYER_ORDER = ("resources", "models", "questionnaires", "exports", "desktop")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _python_files(package: str) -> list[Path]:
    return sorted((PROJECT_ROOT / package).rglob("*.py"))


def test_no_qt_outside_desktop() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for package in CORE_PACKAGES
        for path in _python_files(package)
        for name in _imports(path)
        if name.split(".")[0] in {"PySide6", "PyQt5", "PyQt6", "shiboken6"}
    ]
    assert offenders == []


def test_imports_only_point_down_the_layers() -> None:
    offenders = []
    for rank, package in enumerate(LAYER_ORDER):
        higher = set(LAYER_ORDER[rank + 1 :])
        for path in _python_files(package):
            for name in _imports(path):
                if name.split(".")[0] in higher:
                    offenders.append(f"{path.relative_to(PROJECT_ROOT)} imports {name}")
    assert offenders == []


def test_command_line_imports_no_qt() -> None:
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for path in sorted((PROJECT_ROOT / "desktop" / "cli").rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] == "PySide6"
    ]
    assert offenders == []


def test_the_layering_check_sees_a_violation(tmp_path: Path) -> None:
    sample = tmp_path / "bad.py"
    sample.write_text("from PySide6.QtWidgets import QWidget\nimport models.storage.tables\n")
    assert "PySide6.QtWidgets" in _imports(sample)


def test_only_the_evidence_fetch_touches_the_network() -> None:
    network = {"requests", "urllib3", "http", "socket", "aiohttp", "httpx"}
    offenders = [
        f"{path.relative_to(PROJECT_ROOT)} imports {name}"
        for package in LAYER_ORDER
        for path in _python_files(package)
        if path.relative_to(PROJECT_ROOT).as_posix() != "models/evidence/fetch.py"
        for name in _imports(path)
        if name.split(".")[0] in network or name.startswith("urllib.request")
    ]
    assert offenders == []

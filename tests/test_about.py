"""``ddq --version`` and Help → About: version, data directory, knowledge-base date, licences."""

import re
import tomllib
from datetime import date
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from desktop.about import FONTS, FONTS_DIR, LIBRARY_LICENCES, about_info, normalised
from desktop.version import app_version
from tests.conftest import PROJECT_ROOT

PYPROJECT = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())


def _runtime_closure() -> set[str]:
    """Every distribution the runtime dependencies pull in (what the bundle ships)."""
    seen: set[str] = set()
    pending = [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]
    while pending:
        requirement = pending.pop()
        name = normalised(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        extras = requirement.extras or {""}
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra}) for extra in extras
            ):
                pending.append(needed)
    return seen


def test_the_version_comes_from_pyproject() -> None:
    assert app_version() == PYPROJECT["project"]["version"]


def test_ddq_version_prints_it(ddq) -> None:
    result = ddq("--version")
    assert result.code == 0, result.stderr
    assert result.stdout == f"ddq {PYPROJECT['project']['version']}\n"
    assert result.stderr == ""


def test_every_bundled_library_has_a_licence() -> None:
    listed = {normalised(name) for name in LIBRARY_LICENCES}
    missing = _runtime_closure() - listed
    assert not missing, f"add these to desktop.about.LIBRARY_LICENCES: {sorted(missing)}"


def test_every_bundled_font_has_its_licence_file() -> None:
    covered = {name for font in FONTS for name in font.files}
    assert covered == {path.name for path in FONTS_DIR.glob("*.ttf")}
    for font in FONTS:
        assert (FONTS_DIR / font.licence_file).is_file()


def test_about_info_of_the_seeded_database(database) -> None:
    info = about_info(database)
    assert info.version == app_version()
    assert info.data_dir == database.data_dir
    assert info.kb_as_of == date(2026, 7, 5)  # the newest dated claim in the seed
    assert info.claim_count > 0
    versions = {library.name: library.version for library in info.libraries}
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", versions["Python"])
    assert versions["Qt"].startswith("6.")
    assert versions["reportlab"] == metadata.version("reportlab")


@pytest.mark.gui
def test_help_about_shows_version_data_dir_date_and_licences(qtbot, tmp_path: Path) -> None:
    from desktop.about_dialog import AboutDialog
    from tests.gui_helpers import open_desk

    hostile = tmp_path / "<b>bold<b> & <a href='javascript:x'>link<a>"
    hostile.mkdir()
    desk = open_desk(qtbot, hostile)
    try:
        desk.window.about_action.trigger()
        (info,) = desk.dialogs.abouts
        dialog = AboutDialog(info, desk.window)
        qtbot.addWidget(dialog)
        text = dialog.text.toPlainText()
        assert f"DDQ Desk {app_version()}" in text
        assert str(hostile) in text  # shown literally, not read as markup
        assert "<a " not in dialog.text.toHtml() and "<b>" not in dialog.text.toHtml()
        assert "Knowledge base as of\n2026-07-05 (" in text
        assert "DejaVu Sans" in text and "Bitstream Vera" in text
        assert "Droid Sans Fallback" in text and "Apache-2.0" in text
        assert "PySide6-Essentials" in text and "LGPL-3.0-only" in text
        assert "pyHanko" in text and "reportlab" in text
    finally:
        desk.close()


@pytest.mark.gui
@pytest.mark.qt_log_ignore("does not support propagateSizeHints")  # offscreen plugin only
def test_the_dialog_service_shows_about_until_closed(qtbot, database) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from desktop.about_dialog import AboutDialog
    from desktop.dialogs import DialogService

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def close_when_shown() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AboutDialog):
            QTimer.singleShot(10, close_when_shown)
            return
        seen.append(dialog.text.toPlainText())
        dialog.reject()

    QTimer.singleShot(0, close_when_shown)
    DialogService(parent).about(about_info(database))
    (text,) = seen
    assert str(database.data_dir) in text
    assert "2026-07-05" in text

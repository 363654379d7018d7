"""Remembered window geometry, splitter positions and where the user left off.

Kept in ``desktop.ini`` inside the data directory (not the platform's registry or config
folder), so each data directory — and each test's temporary one — has its own.
"""

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QSplitter, QWidget

STATE_FILE = "desktop.ini"


class WindowState:
    """Reads and writes the GUI's own state for one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self._settings = QSettings(str(data_dir / STATE_FILE), QSettings.Format.IniFormat)

    def restore_geometry(self, window: QWidget) -> bool:
        """Restore ``window``'s saved geometry; False when none was saved."""
        saved = self._settings.value("window/geometry")
        return isinstance(saved, QByteArray) and window.restoreGeometry(saved)

    def save_geometry(self, window: QWidget) -> None:
        """Remember ``window``'s geometry."""
        self._store("window/geometry", window.saveGeometry())

    def restore_splitter(self, name: str, splitter: QSplitter) -> None:
        """Restore a splitter's sizes saved under ``name``, if any."""
        saved = self._settings.value(f"splitters/{name}")
        if isinstance(saved, QByteArray):
            splitter.restoreState(saved)

    def save_splitter(self, name: str, splitter: QSplitter) -> None:
        """Remember a splitter's sizes under ``name``."""
        self._store(f"splitters/{name}", splitter.saveState())

    def value(self, key: str, default: object = None) -> object:
        """Return a remembered value (e.g. the open review), or ``default``."""
        return self._settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        """Remember ``value`` under ``key``; None forgets it."""
        if value is None:
            if self._settings.contains(key):
                self._settings.remove(key)
        else:
            self._store(key, value)

    def sync(self) -> None:
        """Write pending changes to disk now (nothing when nothing changed)."""
        self._settings.sync()

    def _store(self, key: str, value: object) -> None:
        # Any setValue, even of the value already held, makes QSettings write the whole file
        # again; a window closed as it was opened should not cost that.
        stored = self._settings.value(key)
        if isinstance(value, QByteArray):
            unchanged = isinstance(stored, QByteArray) and stored == value
        else:  # the INI file hands back text: "1" for 1
            unchanged = stored is not None and str(stored) == str(value)
        if not unchanged:
            self._settings.setValue(key, value)

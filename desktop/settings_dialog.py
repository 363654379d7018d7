"""The Settings dialog (a view built from models.settings.SETTINGS) and saving its values.

Every declared setting gets a field of its type; the data directory is shown (it is chosen
when the app starts, with ``--data-dir`` or ``DDQ_DATA_DIR``, because moving a live database
under a running app risks losing work). The team database (a PostgreSQL URL, no password) is
edited here too but lives in the data directory, not in the database it names
(``models.storage.database_url``); for the same reason it takes effect at the next start.
"""

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpacerItem,
    QSpinBox,
    QWidget,
)

from desktop.widgets.text import muted_label, plain_label
from models.errors import UserError
from models.settings import SETTINGS, SIGNING_IDENTITY, set_setting
from models.storage.database import Database
from models.storage.database_url import read_saved_url, save_url

IDENTITY_FILTER = "Signing identities (*.p12 *.pfx);;All files (*)"
# In the dialog's values beside the declared settings; stored in the data directory.
TEAM_DATABASE = "team.database_url"


class SettingsDialog(QDialog):
    """One field per declared setting, plus the data directory."""

    def __init__(
        self,
        values: dict[str, object],
        data_dir: Path,
        choose_identity: Callable[[], Path | None],
        open_folder: Callable[[], None],
        parent: QWidget | None = None,
        identity_note: str = "",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.fields: dict[str, QCheckBox | QSpinBox | QLineEdit] = {}
        self._identity = QLineEdit()
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, spec in SETTINGS.items():
            value = values.get(key, spec.default)
            field: QCheckBox | QSpinBox | QLineEdit
            if spec.kind is bool:
                field = QCheckBox()
                field.setChecked(bool(value))
            elif spec.kind is int:
                field = QSpinBox()
                field.setRange(0, 100_000)
                field.setValue(int(str(value)))
            elif spec is SIGNING_IDENTITY:
                field = self._identity
                field.setText(str(value))
                field.setPlaceholderText("The identity in the data directory")
            else:
                field = QLineEdit(str(value))
            field.setObjectName(key)
            self.fields[key] = field
            if spec is SIGNING_IDENTITY:
                browse = QPushButton("Browse…")
                browse.clicked.connect(lambda: self._pick(choose_identity))
                row = QHBoxLayout()
                row.addWidget(field, 1)
                row.addWidget(browse)
                form.addRow(spec.label, row)
                if identity_note:
                    note = muted_label(identity_note)
                    note.setWordWrap(False)  # wrapped labels get stray height in a form
                    form.addRow("", note)
            else:
                form.addRow(spec.label, field)
        self.team_database = QLineEdit(str(values.get(TEAM_DATABASE, "")))
        self.team_database.setObjectName(TEAM_DATABASE)
        self.team_database.setPlaceholderText("None: this data directory's own SQLite file")
        form.addRow("Team database", self.team_database)
        team_hint = muted_label(
            "postgresql://user@host/dbname?sslmode=verify-full; no password (libpq reads "
            "PGPASSFILE). Used from the next start."
        )
        team_hint.setWordWrap(False)
        form.addRow("", team_hint)
        folder = QHBoxLayout()
        self.data_dir = plain_label(str(data_dir))
        folder.addWidget(self.data_dir, 1)
        show = QPushButton("Show folder")
        show.clicked.connect(open_folder)
        folder.addWidget(show)
        form.addRow("Data directory", folder)
        hint = muted_label("Another folder: start with --data-dir DIR or set DDQ_DATA_DIR.")
        hint.setWordWrap(False)
        form.addRow("", hint)
        form.addItem(QSpacerItem(0, self.fontMetrics().height() // 2))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 120)
        self.resize(self.minimumWidth(), self.sizeHint().height())

    def _pick(self, choose: Callable[[], Path | None]) -> None:
        chosen = choose()
        if chosen is not None:
            self._identity.setText(str(chosen))

    def values(self) -> dict[str, object]:
        """Return the form's values by setting key."""
        result: dict[str, object] = {}
        for key, field in self.fields.items():
            if isinstance(field, QCheckBox):
                result[key] = field.isChecked()
            elif isinstance(field, QSpinBox):
                result[key] = field.value()
            else:
                result[key] = field.text()
        result[TEAM_DATABASE] = self.team_database.text().strip()
        return result


def current_settings(database: Database) -> dict[str, object]:
    """Return every declared setting's stored value, and the team database URL saved."""
    values: dict[str, object] = {key: setting.read(database) for key, setting in SETTINGS.items()}
    values[TEAM_DATABASE] = read_saved_url(database.data_dir) or ""
    return values


def save_settings(database: Database, values: dict[str, object]) -> list[str]:
    """Store the values that changed; return their keys.

    Raises:
        UserError: A value does not fit its setting (nothing after it is saved), or the team
            database URL is refused (checked first, so nothing is saved then).
    """
    before = current_settings(database)
    actor = str(values.get("reviewer.name") or before.get("reviewer.name") or "app")
    changed = []
    team = str(values.get(TEAM_DATABASE, before[TEAM_DATABASE]))
    if team != before[TEAM_DATABASE]:
        save_url(database.data_dir, team)
        changed.append(TEAM_DATABASE)
    for key, value in values.items():
        if key != TEAM_DATABASE and value != before.get(key):
            set_setting(database, key, value, actor)
            changed.append(key)
    return changed


def identity_note(data_dir: Path) -> str:
    """Describe the data directory's own signing identity for the Settings dialog."""
    # deferred: start-up time (loaded on first use, not when the window opens)
    from exports.identity import configured_identity

    try:
        identity = configured_identity(data_dir)
    except UserError as error:
        return str(error)
    if identity is None:
        return "None yet: File → Create signing identity…"
    organisation = f" ({identity.organisation})" if identity.organisation else ""
    return f"Empty: signs as {identity.name}{organisation}, until {identity.not_after:%Y-%m-%d}"

"""Help → About (a view): version, data directory, knowledge-base date and licences.

Every piece of text is escaped before it goes into Qt rich text: the data directory is the
user's own path and may hold ``<`` or ``&``.
"""

from html import escape

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.about import AboutInfo

SUMMARY = "An offline assistant for vendor due-diligence questionnaires."


def about_html(info: AboutInfo) -> str:
    """Return the About text as rich text, every value escaped."""
    as_of = info.kb_as_of.isoformat() if info.kb_as_of else "undated"
    fonts = "".join(
        f"<tr><td>{escape(font.name)}</td><td>{escape(font.licence)}</td>"
        f"<td>resources/fonts/{escape(font.licence_file)}</td></tr>"
        for font in info.fonts
    )
    libraries = "".join(
        f"<tr><td>{escape(library.name)}</td><td>{escape(library.version)}</td>"
        f"<td>{escape(library.licence)}</td></tr>"
        for library in info.libraries
    )
    return (
        f"<h2>DDQ Desk {escape(info.version)}</h2>"
        f"<p>{escape(SUMMARY)}</p>"
        "<table cellpadding='2'>"
        f"<tr><th align='left'>Version</th><td>{escape(info.version)}</td></tr>"
        f"<tr><th align='left'>Data directory</th><td>{escape(str(info.data_dir))}</td></tr>"
        f"<tr><th align='left'>Knowledge base as of</th><td>{escape(as_of)} "
        f"({info.claim_count} claims)</td></tr>"
        "</table>"
        "<h3>Bundled fonts</h3>"
        "<table cellpadding='2'><tr><th align='left'>Font</th><th align='left'>Licence</th>"
        f"<th align='left'>Licence text</th></tr>{fonts}</table>"
        "<h3>Bundled libraries</h3>"
        "<table cellpadding='2'><tr><th align='left'>Library</th><th align='left'>Version</th>"
        f"<th align='left'>Licence</th></tr>{libraries}</table>"
        "<p>Qt and Qt for Python are used under the LGPL-3.0; the packaged application keeps "
        "them as separate shared libraries, which may be replaced.</p>"
    )


class AboutDialog(QDialog):
    """The About box: a read-only, selectable text and Close / About Qt buttons."""

    def __init__(self, info: AboutInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About DDQ Desk")
        self.resize(640, 560)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(about_html(info))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.about_qt_button = buttons.addButton("About Qt", QDialogButtonBox.ButtonRole.HelpRole)
        self.about_qt_button.clicked.connect(QApplication.aboutQt)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)

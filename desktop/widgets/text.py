"""Small widget builders shared by the views: plain-text labels, headings, badges, links.

Everything here shows vendor, user or file text as plain text; the one rich-text builder
(:func:`link_label`) escapes both the link text and the address.
"""

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

# Badge colours: (background, text). Fixed pairs stay readable on light and dark themes.
BADGE_COLOURS = {
    "good": ("#dcefdc", "#1d4d1d"),
    "warn": ("#fbe9c6", "#6b4500"),
    "bad": ("#f6d5d3", "#7a1c16"),
    "info": ("#dce7f7", "#1b3b6b"),
    "muted": ("#e6e6e6", "#333333"),
}


SECTION_SEPARATOR = " > "


def short_section(section: str, keep: int = 2) -> str:
    """Return the last ``keep`` parts of a nested section path (``A > B > C`` → ``B > C``)."""
    parts = section.split(SECTION_SEPARATOR)
    return SECTION_SEPARATOR.join(parts[-keep:])


def without_common_prefix(sections: list[str]) -> list[str]:
    """Drop the leading path parts every section shares (an imported file's title, usually)."""
    split = [section.split(SECTION_SEPARATOR) for section in sections]
    shared = 0
    while (
        split
        and all(len(parts) > shared + 1 for parts in split)
        and (len({parts[shared] for parts in split}) == 1)
    ):
        shared += 1
    return [SECTION_SEPARATOR.join(parts[shared:]) for parts in split]


def plain_tooltip(text: str) -> str:
    """Return ``text`` as a tooltip that shows it literally.

    Qt guesses whether a tooltip is rich text, so vendor or file text that looks like markup
    would be rendered; escaping it inside an explicit paragraph shows it exactly as written.
    """
    return f"<p>{html.escape(text)}</p>" if text else ""


def plain_label(text: str, parent: QWidget | None = None, *, wrap: bool = True) -> QLabel:
    """Return a selectable, word-wrapping label that never interprets markup."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def scaled_font(widget: QWidget, factor: float, bold: bool = False) -> QFont:
    """Return the widget's font scaled by ``factor`` (sizes follow the user's font, no pixels)."""
    font = QFont(widget.font())
    font.setPointSizeF(max(1.0, font.pointSizeF() * factor))
    font.setBold(bold)
    return font


def heading(text: str, parent: QWidget | None = None, factor: float = 1.15) -> QLabel:
    """Return a bold section heading."""
    label = plain_label(text, parent, wrap=True)
    label.setFont(scaled_font(label, factor, bold=True))
    return label


def muted_label(text: str, parent: QWidget | None = None) -> QLabel:
    """Return a secondary-information label (dimmer text)."""
    label = plain_label(text, parent)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def badge(text: str, tone: str = "muted", parent: QWidget | None = None) -> QLabel:
    """Return a rounded, coloured badge with plain text."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    background, foreground = BADGE_COLOURS.get(tone, BADGE_COLOURS["muted"])
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground}; border-radius: 0.6em;"
        " padding: 0.15em 0.6em; }"
    )
    label.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
    return label


def link_label(text: str, url: str, parent: QWidget | None = None) -> QLabel:
    """Return a label showing ``text`` as a link to ``url`` (both escaped).

    The label does not open links itself: connect ``linkActivated`` to the dialog service.
    """
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>')
    label.setOpenExternalLinks(False)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.LinksAccessibleByMouse
        | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
    )
    label.setToolTip(plain_tooltip(url))
    return label


def separator(parent: QWidget | None = None) -> QFrame:
    """Return a thin horizontal rule."""
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line

"""The keyboard shortcuts of a window's menus, as Help → Keyboard shortcuts lists them."""

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar


def shortcut_lines(menu_bar: QMenuBar) -> list[str]:
    """Return "action: keys" for every menu action that has a shortcut, menu by menu.

    Args:
        menu_bar: The window's menu bar.
    """
    lines: list[str] = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        entries = [
            f"  {action.text().replace('&', '')}: "
            + ", ".join(
                key.toString(QKeySequence.SequenceFormat.NativeText) for key in action.shortcuts()
            )
            for action in menu.actions()
            if action.shortcuts()
        ]
        if entries:
            lines.append(menu_action.text().replace("&", ""))
            lines.extend(entries)
    return lines

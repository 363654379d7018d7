"""Writing a change based on the version the user saw, with the conflict dialog on refusal.

The knowledge base's edits (a claim, a note) are written at once on the GUI thread; when the
core refuses one because someone else's change landed first, the conflict dialog shows
theirs beside the user's and the user redoes theirs on top of the new version or discards
it. (The guided review's changes go through its saver, which does the same.)
"""

from collections.abc import Callable
from typing import Any

from desktop.dialogs import DialogService
from models.errors import ConflictError, UserError


def write_based_on(
    dialogs: DialogService,
    title: str,
    write: Callable[[int], object],
    base_version: int,
    seen: dict[str, Any],
    mine: dict[str, Any],
) -> bool:
    """Run ``write(base_version)``; on a conflict ask, and redo it on the newer version.

    Args:
        dialogs: Where the conflict and error dialogs are shown.
        title: What the user was doing (the dialogs' title).
        write: Makes the change, based on the version it is given.
        base_version: The version the user saw.
        seen: The fields as the user saw them.
        mine: The fields the user's change sets.

    Returns:
        True when the change landed; False when it was refused or discarded.
    """
    base = base_version
    while True:
        try:
            write(base)
        except ConflictError as error:
            if not dialogs.conflict(title, error.conflict, seen, mine):
                return False
            seen = {name: error.conflict.theirs.get(name, value) for name, value in seen.items()}
            base = error.conflict.version
            continue
        except UserError as error:
            dialogs.error(title, str(error))
            return False
        return True

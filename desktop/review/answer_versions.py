"""The versions of answers a review window has seen, and what happens when one is stale.

Each change the guided review makes is based on the newest version of the answer this window
saw: read with the review, or left by the window's own previous change. When someone else's
change landed first, :meth:`AnswerVersions.resolve` reads the answer as it is now and shows
the conflict dialog: their change beside the reviewer's, to redo on top or discard.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.dialogs import DialogService
    from models.errors import ConflictError
    from models.storage.database import Database
    from questionnaires.review_records import AnswerRecord


class AnswerVersions:
    """The newest version of each answer one window saw: the base of its next change."""

    def __init__(self, database: Database, dialogs: DialogService) -> None:
        self.database = database
        self.dialogs = dialogs
        self._seen: dict[int, AnswerRecord] = {}

    def note(self, *answers: AnswerRecord) -> None:
        """Remember answers as read or as stored by this window's own change."""
        self._seen.update((answer.id, answer) for answer in answers)

    def base(self, answer_id: int) -> int:
        """Return the version the next change to ``answer_id`` is based on."""
        return self._seen[answer_id].version

    def resolve(
        self, title: str, answer_id: int, mine: dict[str, Any], error: ConflictError
    ) -> tuple[AnswerRecord, bool]:
        """Read the answer again and ask whether to redo the reviewer's change on top.

        Args:
            title: What the reviewer was doing.
            answer_id: The answer whose change was refused.
            mine: The fields the reviewer's change sets.
            error: The refusal, with the other person's change.

        Returns:
            The answer as stored now (also the new base), and True to redo the change on it.
        """
        # deferred: start-up time (loaded on first use, not when the window opens)
        from questionnaires.review_records import find_stored_answer

        seen = self._seen[answer_id]
        stored = find_stored_answer(self.database, seen.review_id, answer_id)
        self.note(stored)
        shown = {name: getattr(seen, name) for name in error.conflict.theirs}
        return stored, self.dialogs.conflict(title, error.conflict, shown, mine)

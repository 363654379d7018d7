"""The pack's table: reportlab's ``Table``, measured once for each size it is asked about.

Laying out a long table, reportlab measures it again and again for the same answer: the
frame calls ``wrap`` and then ``split`` with the same size, and the part left over after a
page break is first tried in the sliver left at the foot of the page (measured, split: it
does not fit) and then on the next page (measured, split again). Each measurement walks every
remaining row and every ``SPAN`` command, so the audit trail's 600-row table, split over 15
pages, was measured about 70 times, a third of its layout time.

:class:`PackTable` keeps the last measurement: asked again for the same size, it returns
without measuring. Once every row height is known (reportlab hands the measured heights to
both halves of a split), a measurement no longer depends on the height offered, only on the
width. Nothing else changes: the same rows break at the same places.
"""

from typing import Any

from reportlab.platypus import Table


class PackTable(Table):
    """A ``Table`` that does not measure itself twice for the same size."""

    _measured_for: tuple[float, float | None] | None = None

    def _calc(self, availWidth: float, availHeight: float) -> None:  # noqa: N803
        key = (availWidth, availHeight if None in self._argH else None)
        if self._measured_for == key:
            return
        super()._calc(availWidth, availHeight)
        self._measured_for = key

    def setStyle(self, tblstyle: Any) -> None:  # noqa: N802 - reportlab's names
        """Apply a style, forgetting any measurement made before it."""
        self._measured_for = None
        super().setStyle(tblstyle)

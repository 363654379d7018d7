"""A layout that places widgets left to right and wraps them, for rows of badges."""

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    """Lays out items in rows, wrapping at the available width (Qt's flow-layout example)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        """Qt: append an item."""
        self._items.append(item)

    def count(self) -> int:
        """Qt: number of items."""
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        """Qt: the item at ``index``."""
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        """Qt: remove and return the item at ``index``."""
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        """Qt: never expands."""
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        """Qt: height depends on width."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """Qt: height needed at ``width``."""
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        """Qt: place the items."""
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """Qt: preferred size."""
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        """Qt: the widest item."""
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _spacing(self) -> int:
        # QLayout.spacing() already asks the parent's style; QStyle itself (whose Python enums
        # take some 20 ms to build) is touched only for a style that gives no spacing.
        parent = self.parentWidget()
        if self.spacing() >= 0:
            return self.spacing()
        if parent is None:
            return 6
        # deferred: start-up time (issue 17)
        from PySide6.QtWidgets import QStyle

        return parent.style().pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) or 6

    def _arrange(self, rect: QRect, apply: bool) -> int:
        spacing = self._spacing()
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line_height > 0:
                x = rect.x()
                y += line_height + spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()

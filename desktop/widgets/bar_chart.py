"""A small horizontal (stacked) bar chart drawn with QPainter.

QtCharts is not part of PySide6-Essentials, and the summary needs only labelled bars, so this
widget draws them itself. Sizes come from the widget's font metrics, so the chart scales with
the user's font and the display's pixel ratio.
"""

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

Segment = tuple[str, int]  # (series name, count)


class BarChart(QWidget):
    """Rows of labelled bars; each bar stacks segments coloured by series, with a legend."""

    def __init__(self, colours: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours = colours
        self.rows: list[tuple[str, list[Segment]]] = []
        self.show_legend = True
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_rows(self, rows: list[tuple[str, list[Segment]]], show_legend: bool = True) -> None:
        """Replace the bars: ``[(label, [(series, count), …]), …]``."""
        self.rows = rows
        self.show_legend = show_legend
        self.updateGeometry()
        self.update()

    def _row_height(self) -> int:
        return int(self.fontMetrics().height() * 1.6)

    def _legend_height(self) -> int:
        return int(self.fontMetrics().height() * 1.8) if self.show_legend else 0

    def sizeHint(self) -> QSize:  # noqa: N802
        """Qt: enough height for every row and the legend."""
        height = self._legend_height() + self._row_height() * max(1, len(self.rows))
        return QSize(self.fontMetrics().averageCharWidth() * 60, height + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Qt: same height as the hint, narrower."""
        hint = self.sizeHint()
        return QSize(self.fontMetrics().averageCharWidth() * 30, hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        """Qt: draw legend, labels, bars and counts."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        text_colour = self.palette().color(QPalette.ColorRole.WindowText)
        track_colour = self.palette().color(QPalette.ColorRole.AlternateBase)
        y = 0
        if self.show_legend:
            x = 0.0
            box = metrics.height() * 0.8
            for name, colour in self.colours.items():
                painter.fillRect(QRectF(x, y + metrics.height() * 0.15, box, box), QColor(colour))
                x += box + metrics.averageCharWidth()
                painter.setPen(text_colour)
                painter.drawText(int(x), int(y + metrics.ascent()), name)
                x += metrics.horizontalAdvance(name) + metrics.averageCharWidth() * 3
            y += self._legend_height()
        if not self.rows:
            return
        label_width = min(
            max(metrics.horizontalAdvance(label) for label, _ in self.rows)
            + metrics.averageCharWidth() * 2,
            int(self.width() * 0.45),
        )
        count_width = metrics.horizontalAdvance("0000") + metrics.averageCharWidth() * 2
        bar_width = max(1.0, self.width() - label_width - count_width)
        largest = max(sum(count for _, count in segments) for _, segments in self.rows) or 1
        row_height = self._row_height()
        bar_height = metrics.height() * 1.05
        for label, segments in self.rows:
            middle = y + row_height / 2
            painter.setPen(text_colour)
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width - 4)
            painter.drawText(0, int(middle + metrics.ascent() / 2 - 1), shown)
            top = middle - bar_height / 2
            painter.fillRect(QRectF(label_width, top, bar_width, bar_height), track_colour)
            x = float(label_width)
            total = 0
            for series, count in segments:
                width = bar_width * count / largest
                painter.fillRect(
                    QRectF(x, top, width, bar_height), QColor(self.colours.get(series, "#888"))
                )
                x += width
                total += count
            painter.setPen(text_colour)
            painter.drawText(
                int(x + metrics.averageCharWidth()),
                int(middle + metrics.ascent() / 2 - 1),
                str(total),
            )
            y += row_height
        painter.end()

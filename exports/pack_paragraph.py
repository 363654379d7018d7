"""The pack's paragraph: reportlab's ``Paragraph`` without the work a pack does not need.

A 300-question pack lays out some 2,800 paragraphs, and two costs of reportlab's own class
are repeated for nothing:

- every paragraph goes through reportlab's HTML parser, even plain text with no tag or
  entity in it. For such text (no ``<`` and no ``&``: :func:`exports.fonts.markup` escapes
  both, so anything else is plain) the parser produces one fragment in the style's font
  holding the cleaned text; :class:`PackParagraph` builds that fragment directly, from a
  template parsed once per style.
- ``wrap`` breaks the lines again each time it is asked, and layout asks two or three times
  at the same width (keep-with-next, a table cell measured and then drawn). The answer for
  a width is kept; the paragraph does not change after it is made.

Paragraphs with markup take reportlab's path unchanged, so they look exactly as before.
"""

import copy
from typing import Any

from reportlab.platypus import Paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText
from reportlab.platypus.paraparser import ParaParser

_TEMPLATES: dict[int, tuple[Any, Any]] = {}
# Widths closer than this (points) are one width: a billionth of a point.
SAME_WIDTH = 1e-9


def _template_fragment(style: Any) -> Any:
    """Return the fragment reportlab's parser makes for plain text in ``style``."""
    cached = _TEMPLATES.get(id(style))
    if cached is None or cached[0] is not style:
        _parsed_style, fragments, _bullets = ParaParser().parse("x", style)
        cached = (style, fragments[0])
        _TEMPLATES[id(style)] = cached
    return cached[1]


class PackParagraph(Paragraph):
    """A ``Paragraph`` that skips the parser for plain text and remembers its last wrap."""

    def __init__(
        self,
        text: str | None,
        style: Any = None,
        bulletText: str | None = None,  # noqa: N803 - reportlab's keyword
        frags: list | None = None,
        caseSensitive: int = 1,  # noqa: N803 - reportlab's keyword
        encoding: str = "utf8",
    ) -> None:
        self._wrapped: tuple[float, tuple[float, float]] | None = None
        if (
            frags is None
            and style is not None
            and text
            and "<" not in text
            and "&" not in text
            and not bulletText
            and not getattr(style, "bulletText", None)
            and not getattr(style, "textTransform", None)
        ):
            cleaned = cleanBlockQuotedText(text)
            if cleaned:
                fragment = copy.copy(_template_fragment(style))
                fragment.text = cleaned
                frags, text = [fragment], cleaned
        super().__init__(text, style, bulletText, frags, caseSensitive, encoding)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        """Lay the lines out for ``availWidth``, or return the layout already made for it."""
        # split() drops blPara when the paragraph cannot break where it was asked to. A table
        # measures a cell at its column width and draws it at the width its column positions
        # give, which can differ in the last bit of a float (43.0236220472441 against
        # 43.02362204724409): the same width, and the lines the row's height was measured
        # with are the ones to draw.
        if (
            self._wrapped is not None
            and abs(self._wrapped[0] - availWidth) < SAME_WIDTH
            and hasattr(self, "blPara")
        ):
            return self._wrapped[1]
        size = super().wrap(availWidth, availHeight)
        if hasattr(self, "blPara"):
            self._wrapped = (availWidth, size)
        return size

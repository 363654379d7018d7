"""The pack's fonts, and turning untrusted text into safe reportlab Paragraph markup.

The bundled fonts live in ``resources/fonts`` with their licences: DejaVu Sans (Latin, Greek,
Cyrillic, Arabic, Hebrew, symbols) and Droid Sans Fallback (Chinese, Japanese, Korean). No one
TrueType font covers all of these, so :func:`markup` splits text into runs and wraps each run
the base font cannot draw in a ``<font>`` tag naming the fallback font. Every character is
escaped first: text from users, vendors and imported files is data, never markup, so ``<b>``
or ``<a href="javascript:…">`` appear literally in the PDF.

Right-to-left runs (Arabic, Hebrew) inside a left-to-right paragraph are shaped into their
joined forms (arabic-reshaper) and put in visual order (python-bidi), because reportlab draws
glyphs left to right as given. Known limit: a right-to-left run that wraps onto a second line
keeps its words in single-line order.
"""

import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BASE_FONT = "DejaVuSans"
BOLD_FONT = "DejaVuSans-Bold"
FALLBACK_FONT = "DroidSansFallback"
_RTL = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
RTL_RUN = re.compile(f"[{_RTL}]+(?:[\\s\\d.,:;()-]+[{_RTL}]+)*")
_FILES = {
    BASE_FONT: "DejaVuSans.ttf",
    BOLD_FONT: "DejaVuSans-Bold.ttf",
    FALLBACK_FONT: "DroidSansFallback.ttf",
}


def _register(name: str) -> TTFont:
    # Ask the registry first: getFont() on an unknown name makes reportlab parse every AFM
    # file on the system looking for it (over 100 where a desktop has the URW Type 1 fonts).
    if name in pdfmetrics.getRegisteredFontNames():
        return pdfmetrics.getFont(name)
    font = TTFont(name, str(FONT_DIR / _FILES[name]))
    pdfmetrics.registerFont(font)
    return font


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the base font family (regular and bold) with reportlab, once per process."""
    _register(BASE_FONT)
    _register(BOLD_FONT)
    pdfmetrics.registerFontFamily(
        BASE_FONT, normal=BASE_FONT, bold=BOLD_FONT, italic=BASE_FONT, boldItalic=BOLD_FONT
    )


@lru_cache(maxsize=1)
def _base_characters() -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(BASE_FONT).face.charToGlyph)


@lru_cache(maxsize=1)
def _fallback_characters() -> frozenset[int]:
    font = _register(FALLBACK_FONT)
    pdfmetrics.registerFontFamily(
        FALLBACK_FONT,
        normal=FALLBACK_FONT,
        bold=FALLBACK_FONT,
        italic=FALLBACK_FONT,
        boldItalic=FALLBACK_FONT,
    )
    return frozenset(font.face.charToGlyph)


def _needs_fallback(character: str) -> bool:
    code = ord(character)
    if code < 0x250 or code in _base_characters():
        return False
    return code in _fallback_characters()


def markup(text: object) -> str:
    """Return ``text`` escaped for a reportlab Paragraph, with fallback-font runs tagged.

    Args:
        text: Any value; None becomes an empty string. Newlines become line breaks.

    Returns:
        Paragraph markup that shows exactly the characters of ``text``.
    """
    if text is None:
        return ""
    value = str(text)
    if value.isascii():
        return escape(value).replace("\n", "<br/>")
    value = visual_order(value)
    parts: list[str] = []
    run: list[str] = []
    run_fallback = False
    for character in value:
        fallback = _needs_fallback(character)
        if fallback != run_fallback and run:
            parts.append(_close_run("".join(run), run_fallback))
            run = []
        run_fallback = fallback
        run.append(character)
    if run:
        parts.append(_close_run("".join(run), run_fallback))
    return "".join(parts)


def visual_order(text: str) -> str:
    """Return ``text`` with every right-to-left run shaped and in visual (drawing) order."""
    if not RTL_RUN.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    return RTL_RUN.sub(lambda match: get_display(arabic_reshaper.reshape(match.group())), text)


def _close_run(text: str, fallback: bool) -> str:
    escaped = escape(text).replace("\n", "<br/>")
    if fallback:
        return f'<font name="{FALLBACK_FONT}">{escaped}</font>'
    return escaped


def font_for(text: str, bold: bool = False) -> str:
    """Return the font to draw a whole string with on the canvas (headers, footers)."""
    register_fonts()
    if not text.isascii() and any(_needs_fallback(character) for character in text):
        return FALLBACK_FONT
    return BOLD_FONT if bold else BASE_FONT

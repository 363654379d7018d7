"""Untrusted text in the pack: escaped, never markup, whatever the characters."""

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph

from exports.fonts import FALLBACK_FONT, markup, visual_order
from exports.pack_blocks import link
from exports.pack_styles import styles


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_becomes_a_paragraph_showing_exactly_its_characters(text: str) -> None:
    paragraph = Paragraph(markup(text), styles()["body"])
    shown = "".join(getattr(fragment, "text", "") for fragment in paragraph.frags)
    assert "".join(shown.split()) == "".join(visual_order(text).split())
    paragraph.wrap(400, 10_000)  # and it lays out


def test_tags_and_entities_stay_text() -> None:
    text = '<b>x</b> <a href="javascript:alert(1)">y</a> &amp; <font name="Evil">z</font>'
    paragraph = Paragraph(markup(text), styles()["body"])
    assert "".join(fragment.text for fragment in paragraph.frags) == text
    assert all(not getattr(fragment, "link", None) for fragment in paragraph.frags)


def test_chinese_runs_use_the_fallback_font_and_latin_stays_in_the_base_font() -> None:
    assert markup("abc 数据 déf") == f'abc <font name="{FALLBACK_FONT}">数据</font> déf'


def test_only_web_links_are_clickable() -> None:
    assert link("https://example.com/a?b=1&c=2").startswith(
        '<a href="https://example.com/a?b=1&amp;c=2"'
    )
    assert "<a" not in link("javascript:alert(1)")
    assert "<a" not in link("file:///etc/passwd")
    tricky = 'https://x.test/"onmouseover="bad'
    paragraph = Paragraph(link(tricky), styles()["body"])
    assert {fragment.link[0][1] for fragment in paragraph.frags} == {tricky}

"""Answer, question and flag text made of markup fragments goes into the evidence pack as
literal text: never bold, never a link, never an entity decoded — and never a crash."""

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from exports.pack import export_pack
from questionnaires.reviews import edit_answer, flag_answer, load_review
from tests.helpers.fuzz import fuzz_settings
from tests.review_factory import make_review

MARKUP = (
    "<b>",
    "</b>",
    "<i>x</i>",
    '<a href="javascript:alert(1)">',
    "</a>",
    '<link href="file:///etc/passwd">',
    "&amp;",
    "&#x41;",
    "&lt;",
    "&",
    "<",
    ">",
    "<br/>",
    '<font color="red" size="40">',
    "<para>",
    "<![CDATA[",
    "]]>",
    "<img src=x>",
    "%PDF",
    "\\",
    "(",
    ")",
)
CONTROL = ("\x00", "\u202e", "\u200b", "\ufeff", "\t")
tokens = st.sampled_from(MARKUP) | st.sampled_from(CONTROL) | st.sampled_from(["word", "AES-256"])
markup_text = st.lists(tokens, min_size=1, max_size=12).map(" ".join)


def _pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _uris(path: Path) -> list[str]:
    found = []
    for page in PdfReader(path).pages:
        for annotation in page.get("/Annots", []):
            action = annotation.get_object().get("/A")
            if action is not None:
                found.append(str(action.get("/URI", action.get("/S"))))
    return found


def test_markup_in_review_text_is_printed_literally_in_the_pack(database, tmp_path: Path) -> None:
    review_id = make_review(
        database,
        [{"question": "Do you encrypt data at rest?"}, {"question": "Will you sign a BAA?"}],
    )
    first, second = (answer.id for answer in load_review(database, review_id).answers)
    pack = tmp_path / "pack.pdf"

    @fuzz_settings(20)
    @given(text=markup_text, reason=markup_text)
    def run(text: str, reason: str) -> None:
        edit_answer(database, first, "ada", text=text)
        if " ".join(reason.split()):
            flag_answer(database, second, "ada", reason)
        export_pack(database, review_id, pack, unsigned=True)
        printed = _pdf_text(pack)
        for token in set(text.split()) & set(MARKUP):
            if re.fullmatch(r"[ -~]+", token) and token not in ("(", ")", "\\"):
                assert token in printed, (token, printed[:2000])
        assert all(uri.startswith(("https://", "http://")) for uri in _uris(pack))

    run()

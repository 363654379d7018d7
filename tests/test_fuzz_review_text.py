"""Review edits and flag reasons with hostile text are stored exactly as typed (data, never
markup) or refused in one line; the database never holds half a change."""

from hypothesis import given
from hypothesis import strategies as st

from models.errors import UserError
from questionnaires.reviews import MAX_TEXT, edit_answer, flag_answer, load_review
from tests.helpers.fuzz import field_text, fuzz_settings
from tests.review_factory import make_review

long_text = st.sampled_from([MAX_TEXT, MAX_TEXT + 1, 200_000]).map(
    lambda size: ("<b>&amp;</b>\u202e" * size)[:size]
)


def test_edited_answer_text_is_stored_exactly(database) -> None:
    review_id = make_review(database, [{"question": "Do you encrypt data at rest?"}])
    answer_id = load_review(database, review_id).answers[0].id

    @fuzz_settings(150)
    @given(text=field_text | long_text)
    def run(text: str) -> None:
        before = load_review(database, review_id).answers[0]
        try:
            edit_answer(database, answer_id, "ada", text=text)
        except UserError as error:
            assert len(text) > MAX_TEXT
            assert "\n" not in str(error)
            assert load_review(database, review_id).answers[0] == before
            return
        after = load_review(database, review_id).answers[0]
        assert after.text == text
        assert after.state == "edited"

    run()


def test_flag_reasons_are_kept_as_one_line_of_data(database) -> None:
    review_id = make_review(database, [{"question": "Do you train on our data?"}])
    answer_id = load_review(database, review_id).answers[0].id

    @fuzz_settings(100)
    @given(reason=field_text)
    def run(reason: str) -> None:
        expected = " ".join(reason.split())
        try:
            flag_answer(database, answer_id, "ada", reason)
        except UserError:
            assert not expected or len(expected) > 2000
            return
        assert load_review(database, review_id).answers[0].flag_reason == expected

    run()

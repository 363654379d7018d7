"""What an unknown answer needs from the request, on the pack's "what to request" page and the
request sheet: what follows the request, else the answer's own reason."""

from questionnaires.vendor_requests import split_request


def test_the_detail_after_the_request_is_what_the_question_needs() -> None:
    request, detail = split_request(
        "Unknown: the knowledge base does not say. Request the SLA and read the credits clause."
    )
    assert request == "Request the SLA"
    assert detail == "the credits clause"


def test_a_request_with_nothing_after_it_takes_the_answers_reason() -> None:
    request, detail = split_request(
        "Unknown: the knowledge base says nothing about: guest data (its nearest claim, Support "
        "access, does not cover it). Request from Acme: the Data Processing Addendum, read for "
        "this clause."
    )
    assert request == "Request from Acme: the Data Processing Addendum, read for this clause"
    assert detail == "the knowledge base says nothing about: guest data"

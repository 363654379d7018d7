"""Questions whether an old protocol version is still accepted, answered from the claim
sentence that disables it.

"Do your systems still accept TLS 1.0 connections for legacy integrations?" against "All
connections … use TLS 1.2 or TLS 1.3. TLS 1.0 and TLS 1.1 are disabled." is ``no``; "Confirm
that no endpoint accepts TLS 1.1" is ``yes``. Only a sentence that disables every version asked,
with no narrower scope after it ("… disabled on the web console"), answers; the question's other
words must be ones the claim speaks of, or words any such question uses ("legacy", "clients").
"""

import re
from datetime import date

from models.kb.claims import ClaimRecord
from questionnaires.answer_from import denied_by_claim
from questionnaires.coverage import claim_terms, sentences
from questionnaires.dropped import answer_if_dropped
from questionnaires.knowledge import KnowledgeBase
from questionnaires.numbers import ASKS_REFUSED
from questionnaires.proposed import ProposedAnswer
from questionnaires.questions import Question
from questionnaires.terms import content_terms
from questionnaires.text import normalise

_VERSION = r"(?:(?:tls|ssl) ?v?)?(\d\.\d)"
_ASKED = re.compile(
    r"\b(?:tls|ssl) ?v?(\d\.\d)\b(?:(?:,| and| or| ?/| &) ?(?:(?:tls|ssl) ?v?)?(\d\.\d))*"
)
_ACCEPTS = re.compile(
    r"\b(?:accept\w*|support\w*|allow\w*|negotiat\w*|permit\w*|enabled|still (?:use|used|work\w*)|"
    r"fall back|fallback|downgrade\w*)\b"
)
_NEGATED = re.compile(r"\b(?:no|not|never|none of|cannot|can't)\b")
_DISABLED = re.compile(
    r"\b(?:tls|ssl) ?v?\d\.\d(?:(?:,| and| or| ?/| &) ?(?:(?:tls|ssl) ?v?)?\d\.\d)*"
    r"(?: (?:are|is|have been|were|remain))? (?:disabled|refused|rejected|blocked|"
    r"not (?:accepted|supported|allowed|permitted|offered))\b(?P<after>[^.;]*)"
)
# After "disabled": nothing, or a scope no narrower than everything.
_WHOLE = re.compile(
    r"^\s*(?:$|,? ?and\b|(?:on|for|across) (?:all|every)\b|everywhere\b|entirely\b)"
)
# Words any question on old versions uses, which no claim needs to state.
_GENERIC = frozenset(
    """legacy older old clients client integrations integration systems system endpoints endpoint
    connections connection negotiated servers server services service still any ever public
    facing internet-facing""".split()
)


def _versions(text: str) -> set[str]:
    return set(re.findall(r"\d\.\d", text))


def _disabling_sentence(claim: ClaimRecord, asked: set[str]) -> str | None:
    for sentence in sentences(claim.statement):
        for found in _DISABLED.finditer(normalise(sentence)):
            disabled = _versions(found.group(0)[: found.start("after") - found.start()])
            if asked <= disabled and _WHOLE.match(found.group("after")):
                return sentence.rstrip(". ")
    return None


def answer_if_version_refused(
    question: Question, kb: KnowledgeBase, folded: str, products: list[str], today: date
) -> ProposedAnswer | None:
    """Return ``no`` (``yes`` when the question asks that it is not) when the question asks
    whether old TLS versions are accepted and a claim sentence disables them all, or None."""
    asked_found = _ASKED.search(folded)
    if asked_found is None or ASKS_REFUSED.search(folded) or not _ACCEPTS.search(folded):
        return None
    asked = _versions(asked_found.group(0))
    accepts = _ACCEPTS.search(folded)
    negated = accepts is not None and bool(_NEGATED.search(folded[: accepts.start()]))
    ideas = {
        term.stem
        for term in content_terms(folded)
        if term.word not in _GENERIC and not _ACCEPTS.fullmatch(term.word)
    }
    for claim in kb.claims.values():
        if claim.superseded_by is not None or claim.status not in ("yes", "yes-gated"):
            continue
        sentence = _disabling_sentence(claim, asked)
        if sentence is None or not ideas - {"tls", "ssl"} <= claim_terms(claim).all:
            continue
        return denied_by_claim(
            question,
            kb,
            claim.key,
            sentence,
            products=products,
            today=today,
            confidence=0.85,
            terms=sorted(ideas),
            inverse=negated,
        )
    return None


def answer_before_coverage(
    question: Question, kb: KnowledgeBase, folded: str, products: list[str], today: date
) -> ProposedAnswer | None:
    """Return the answer of a reading that needs no coverage of every word: a name a list has
    since dropped (:func:`questionnaires.dropped.answer_if_dropped`) or old versions a claim
    disables; None otherwise."""
    return answer_if_dropped(question, kb, folded, products, today) or (
        answer_if_version_refused(question, kb, folded, products, today)
    )

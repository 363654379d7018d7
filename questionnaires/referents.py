"""Which later sentences of a claim speak of an earlier one's subject, so that coverage reads
them together.

A trust page often names its subject once and goes on about it: by a pronoun ("MFA is
optional by default; an administrator must switch on the setting that requires it"), by
naming the same subject again ("Support staff have no standing access…" after "Acme support
staff cannot view … unless…"), or by a definite noun ("The log is kept for 365 days" after
"… recorded in an activity log"). Each such sentence is read with the one it refers to.
"""

import re

from questionnaires.terms import FUNCTION_WORDS, stem, words
from questionnaires.text import normalise

_PRONOUN = re.compile(r"\bit\b(?!['’])", re.IGNORECASE)


def joined_with_referents(
    statement: list[str], ideas: list[frozenset[str]], vendor: str
) -> list[frozenset[str]]:
    """Return extra passages: each later sentence that refers to an earlier one's subject,
    with the ideas of both.

    Args:
        statement: The claim's sentences, in order.
        ideas: The ideas of each passage; the first ``len(statement)`` are the sentences'.
        vendor: The vendor's slug, left out of subjects.
    """
    if not statement:
        return []
    subject = _subject(statement[0], vendor)
    joined = [
        ideas[0] | ideas[index]
        for index, sentence in enumerate(statement[1:], start=1)
        if index < len(ideas)
        and (_PRONOUN.search(sentence) or (subject and _subject(sentence, vendor) == subject))
    ]
    return joined + _read_with_referent(statement, ideas, vendor)


_VERB = re.compile(
    r"\b(?:can|cannot|can't|could|have|has|had|are|is|was|were|do|does|did|may|must|will|"
    r"never|only|should|shall|would)\b"
)


def _subject(sentence: str, vendor: str) -> tuple[str, ...]:
    """Return the ideas of a sentence's words before its first verb, the vendor's name left
    out (its subject, as trust pages write it: "Support staff have …"), or () when none."""
    folded = normalise(sentence)
    verb = _VERB.search(folded)
    if verb is None:
        return ()
    vendor_words = frozenset(re.split(r"[^a-z0-9]+", vendor.lower()))
    named = [word for word in words(folded[: verb.start()]) if word not in vendor_words]
    if not named or len(named) > 4 or all(word in FUNCTION_WORDS for word in named):
        return ()
    return tuple(stem(word) for word in named if word not in ("the", "a", "an", "all", "our"))


# "The log is kept for 365 days" after "… recorded in an activity log": a sentence whose subject
# is a definite noun speaks of the thing an earlier sentence named.
_DEFINITE = re.compile(r"^(?:the|this|these|those|such) ", re.IGNORECASE)


def _read_with_referent(
    statement: list[str], ideas: list[frozenset[str]], vendor: str
) -> list[frozenset[str]]:
    """Return, for each later sentence whose definite subject's head noun an earlier sentence
    names, the ideas of both sentences as one passage."""
    joined = []
    for index, sentence in enumerate(statement[1:], start=1):
        if not _DEFINITE.match(sentence.strip()) or index >= len(ideas):
            continue
        subject = _subject(sentence, vendor)
        if not subject:
            continue
        for earlier in range(index):
            if subject[-1] in ideas[earlier]:
                joined.append(ideas[earlier] | ideas[index])
                break
    return joined

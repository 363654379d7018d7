"""The sentence of a claim that answers a question about one of its details.

A claim's status and conditions speak of its main fact ("Lumenfold runs an annual penetration
test": yes). A question may ask about a detail that one sentence of the statement settles
differently: "Lumenfold does not share full penetration test reports" answers "Will you give
us the full report?" with ``no``; "Customers may run their own tests only with written
approval" answers "May we test?" with ``partial``. This module finds that sentence (the one
that speaks of the question's words beyond the claim's title) and reads whether it denies the
detail or states a condition. Language only: nothing here names a vendor.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from models.kb.claims import ClaimRecord
from questionnaires import vocabulary
from questionnaires.coverage import sentences, title_ideas
from questionnaires.terms import spoken_ideas, stem
from questionnaires.text import normalise

# Negations that deny what the sentence names, less the idioms that affirm a commitment.
AFFIRMING = re.compile(
    r"\bno (later|more|less|longer) than\b|\bwithout (undue )?delay\b|\bnot only\b|"
    r"\bat no (extra |additional )?(cost|charge)\b|\bno (extra|additional) (cost|charge)\b|"
    r"\bnot limited to\b|\bwhether or not\b|\bnot (?:\w+ )?(?:earlier|sooner) than\b"
)
_DENIAL = re.compile(r"\b(not|never|cannot|no longer)\b|n't\b|^\s*no\b|\bno \w+ (is|are)\b")
_CONDITION = re.compile(
    r"\bonly (with|after|upon|on request|if|when|under|through|via|by)\b|"
    r"\bwith (the customer's |our |its |their |the vendor's )?(prior |written |explicit |advance )*"
    r"(approval|consent|permission|authori[sz]ation)\b|"
    r"\b(prior|written|advance) (approval|permission|authori[sz]ation|notice)\b|"
    r"\b(upon|on|by) (written )?request\b|\bif requested\b|\bsubject to\b|\bby arrangement\b|"
    r"\bunder (an? |the )?(nda|non-disclosure|confidentiality)\b|"
    r"\brequires? (a |an |the )?(signed |separate |written |customer )?"
    r"(contract|addendum|agreement|approval|nda|request|order form)\b|"
    r"\bmust (first )?(request|sign|obtain|apply|be approved)\b|"
    r"\b(through|from|via|in) the trust (center|centre|portal)\b|"
    r"\b(with|after|under|upon) (an? |the )?(accepted |signed |executed |mutual )?"
    r"(nda|non-disclosure agreement)\b"
)


@dataclass(frozen=True)
class PassageReading:
    """How the sentence that answers a detail reads: it denies it, or names a condition."""

    sentence: str
    denies: bool = False
    condition: bool = False


def detail_sentence(
    claim: ClaimRecord, ideas: set[str], fold: Callable[[str], str] = normalise
) -> PassageReading | None:
    """Return the reading of the sentence that settles the question's detail, if one does.

    The sentence must speak of every one of the question's ideas that the claim's title does
    not, and it must not be the claim's first sentence (which states the main fact its status
    already decides). With two such sentences the detail is not settled by one, and None is
    returned.

    Args:
        claim: The claim that answers the question.
        ideas: The question's ideas (stems) that the claim covers.
        fold: The vendor's language fold, so the sentence reads as the question does.
    """
    title = title_ideas(claim, fold)
    detail = ideas - title
    if not detail:
        return None
    found = [
        (index, sentence)
        for index, sentence in enumerate(sentences(claim.statement))
        if detail <= spoken_ideas(fold(sentence))
    ]
    if len(found) != 1 or found[0][0] == 0:
        return None
    return _reading(found[0][1], detail, fold)


# Words that narrow what a denial denies: "The full report is not shared" does not deny a
# summary of the results.
_NARROWING = re.compile(r"\b(full|complete|entire|detailed|raw|whole|unredacted)\b")


def condition_sentence(
    claim: ClaimRecord, fold: Callable[[str], str] = normalise
) -> PassageReading | None:
    """Return the first sentence after the claim's main fact that states a condition
    ("Customers can download an executive summary from the Trust Center with an accepted
    NDA"), as a reading, or None."""
    for sentence in sentences(claim.statement)[1:]:
        if _CONDITION.search(fold(sentence)) is not None:
            return PassageReading(sentence=sentence.rstrip(".;!? "), condition=True)
    return None


def denies_narrower(reading: PassageReading, folded_question: str) -> bool:
    """True when the sentence denies a narrower thing than the question asks about: it
    names the full, complete or detailed one, and the question does not."""
    return (
        reading.denies
        and _NARROWING.search(reading.sentence.lower()) is not None
        and _NARROWING.search(folded_question) is None
    )


def details_disagree(
    claim: ClaimRecord, ideas: set[str], fold: Callable[[str], str] = normalise
) -> bool:
    """True when several sentences of the claim speak of the question's detail and one
    denies it while another does not ("Backups are stored in a second zone" beside "Backups
    are not copied to another region"): then no single sentence settles it, and the claim's
    status must not answer for them."""
    detail = ideas - title_ideas(claim, fold)
    if not detail:
        return False
    said = sentences(claim.statement)
    if not said or detail <= spoken_ideas(fold(said[0])):
        # The claim's first sentence, its main fact, speaks of the detail: its status decides.
        return False
    readings = [
        _reading(sentence, detail, fold)
        for sentence in said[1:]
        if detail <= spoken_ideas(fold(sentence))
    ]
    return len(readings) > 1 and len({reading.denies for reading in readings}) > 1


def _reading(sentence: str, detail: set[str], fold: Callable[[str], str]) -> PassageReading:
    # The clause that speaks of the detail: "No other regions are offered, and moving a
    # tenant requires a paid project" answers a question on moving with its second clause.
    clauses = [part for part in _CLAUSE.split(fold(sentence)) if part and part.strip()]
    text = max(clauses, key=lambda part: len(detail & spoken_ideas(part)))
    text = AFFIRMING.sub(" ", text)
    if not detail & LEAVING:
        # "so backups never leave the region", asked whether they stay in it.
        text = _NEVER_LEAVES.sub(" stay in the place ", text)
    by_default = _BY_DEFAULT.search(text) is not None
    return PassageReading(
        sentence=sentence.rstrip(".;!? "),
        # "Not required by default" says what the default is, not that it is not offered.
        # "May not run their own tests without written approval": allowed with approval.
        denies=_DENIAL.search(text) is not None
        and not by_default
        and UNLESS_ALLOWED.search(text) is None,
        condition=_CONDITION.search(text) is not None or by_default,
    )


# "never leave the region", "are not copied outside the EU": a denial of leaving a place,
# which affirms staying there.
LEAVING = frozenset(
    stem(word)
    for word in (
        "leave",
        "leaves",
        "exit",
        "outside",
        "cross",
        "beyond",
        "elsewhere",
        # "replicated to a separate / secondary / another region"
        "separate",
        "secondary",
        "second",
        "another",
        "different",
        "other",
        "offsite",
        "remote",
    )
)
_NEVER_LEAVES = re.compile(
    r"\b(?:never|not|n't|no longer)\s+(?:be\s+)?(?:leave|leaves|exit|exits|cross|crosses|moved|"
    r"transferred|sent|copied|replicated|stored|held|kept)\s+"
    r"(?:(?:out of|outside(?: of)?|beyond)\s+)?"
    r"(?:the |its |their |your |our |a |an )?(?:[\w-]+ )?(?:region|country|eu|eea|uk|us|"
    r"jurisdiction|datacent(?:er|re)|data cent(?:er|re)|zone)s?\b"
)


# Not allowed without a permission: allowed with it, a condition rather than a denial.
UNLESS_ALLOWED = re.compile(
    r"\b(?:may|can|must|cannot|can't|are|is) not\b[^.;]*\b(?:without|unless (?:they )?(?:have|get|"
    r"obtain|receive)) (?:the |a |an |prior |written |explicit |advance |express )*(?:approval|"
    r"consent|permission|authori[sz]ation|agreement)\b|\bcannot\b[^.;]*\bwithout (?:the |a |"
    r"prior |written )*(?:approval|consent|permission|authori[sz]ation)\b"
)


_CLAUSE = re.compile(r",? \b(?:and|but|while|whereas|although)\b |; |, which\b")
_BY_DEFAULT = re.compile(r"\bby default\b")
# Sentences that state an off default without the words "by default": "is optional and each
# user chooses whether to turn it on", "is opt-in", "must be switched on by an admin".
_OFF_UNTIL_CHOSEN = re.compile(
    r"\b(?:is|are) (?:optional|opt-in)\b|"
    r"\bchooses? whether to (?:turn|switch|enable)\b|"
    r"\b(?:must|has to|have to|needs? to) (?:first )?(?:be )?(?:turned|switched) on\b|"
    r"\b(?:stays?|remains?|is|are) off until\b|"
    # "new SIP trunks use unencrypted SIP until the customer changes this"
    r"\buntil (?:the |an? )?(?:customer|administrator|admin|account owner|owner|user)s? "
    r"(?:changes?|turns?|switch(?:es)?|enables?|configures?|sets?|opts?)\b"
)


_OFF = re.compile(r"\b(off|disabled|not|never|optional|opt-in|opt in|no)\b|n't\b")


def default_sentence(
    claim: ClaimRecord, ideas: set[str], fold: Callable[[str], str] = normalise
) -> tuple[bool, str] | None:
    """Return ``(on, sentence)`` when a sentence of the claim states the default of what
    the question asks ("Automatic deletion is off by default", "By default, the SDK sets
    one first-party cookie"), or None. The sentence must speak of the question's detail
    (its ideas beyond the claim's title) more than any other default sentence does."""
    title = title_ideas(claim, fold)
    detail = ideas - title
    best: tuple[int, str] | None = None
    for sentence in sentences(claim.statement):
        text = fold(sentence)
        if not (_BY_DEFAULT.search(text) or _OFF_UNTIL_CHOSEN.search(text)):
            continue
        overlap = len(detail & spoken_ideas(text))
        if overlap and (best is None or overlap > best[0]):
            best = (overlap, sentence)
        elif best is not None and overlap == best[0]:
            return None  # two default sentences speak of it equally
    if best is None:
        return None
    sentence = best[1]
    text = AFFIRMING.sub(" ", fold(sentence))
    on = _OFF.search(text) is None and _OFF_UNTIL_CHOSEN.search(text) is None
    return on, sentence.rstrip(".;!? ")


_PERIOD = re.compile(vocabulary.STATED_DURATION)


def period_beside(
    claim: ClaimRecord, ideas: set[str], fold: Callable[[str], str] = normalise
) -> bool:
    """True when the claim states a period beside what the question asks about: "How long
    are transcripts kept?" is not answered by "keys are rotated every 365 days" in a claim
    about stored content. A sentence (or an attribute such as ``retention_days: 30``) must
    state the period and speak of one of the question's ideas beyond the claim's title, or of
    two of its ideas; with none beyond the title, any period the claim states will do."""
    title = title_ideas(claim, fold)
    detail = ideas - title
    passages = sentences(claim.statement) + [
        f"{name.replace('_', ' ')} {value}"
        for name, value in (claim.conditions.get("attributes") or {}).items()
        if isinstance(value, int | float) and not isinstance(value, bool)
    ]
    for passage in passages:
        text = fold(passage)
        if not _PERIOD.search(text):
            continue
        spoken = spoken_ideas(text)
        # "…and for how long after the end date?" against "After a subscription ends, the
        # workspace stays open for 14 days so that the customer can export": a sentence
        # speaking of two of the question's ideas states its period, title words or not.
        if not detail or detail & spoken or len(ideas & spoken) >= 2:
            return True
    return False


_SILENT = re.compile(
    r"\b(do|does|did) not (say|state|specify|mention|confirm|disclose) "
    r"(whether|if|how|when|what)\b|"
    r"\bnot (stated|specified|confirmed|disclosed|documented) (whether|if)\b|"
    r"\b(unclear|unknown|not known) (whether|if)\b|"
    r"\bno (information|statement) (on|about) whether\b"
)


def silent_sentence(
    claim: ClaimRecord, ideas: set[str], fold: Callable[[str], str] = normalise
) -> str | None:
    """Return a sentence of the claim that says its sources are silent on what the question
    asks ("The sources do not say whether the SOC 3 report can be downloaded without an
    account"), or None. It must speak of a question idea beyond the claim's title: "Do you
    have a SOC 3 report?" is not what that sentence leaves open."""
    # Few claims say their sources are silent: look for the words before folding anything.
    said = [sentence for sentence in sentences(claim.statement) if _SILENT.search(sentence.lower())]
    if not said:
        return None
    detail = ideas - title_ideas(claim, fold)
    for sentence in said:
        for clause in _CLAUSE.split(fold(sentence)):
            if clause and _SILENT.search(clause) and detail & spoken_ideas(clause):
                return sentence.rstrip(".;!? ")
    return None

"""Details a question names (numbers, frequencies, places, periods, counts, report
properties) that the claims which would answer it must state too.
"""

import json
import re
from collections.abc import Iterable

from models.kb.claims import ClaimRecord
from questionnaires import vocabulary
from questionnaires.coverage import claim_terms, sentences
from questionnaires.regions import places_named, region_list
from questionnaires.terms import content_terms, spoken_ideas, stem
from questionnaires.text import normalise

_REFERENCE = re.compile(
    r"\b(art(icle)?s?\.?|section|§|cfr|criteri(a|on)|cc|tsc)\s*[\d.]+(\(\w+\))*|"
    r"\b\d+(\.\d+)*(\(\w{1,4}\))+|\b164\.\d+(\(\w+\))*"
)
# "12. Do you…", "Q3) Do you…", "3.2.1 Do you…": the question's own numbering.
NUMBERING = re.compile(r"^\s*(q(uestion)?\s*)?\d+(\.\d+)*[.):-]?\s+")
# "… apply? 9.2 State any conditions": numbering of a later part, after a sentence ends. It
# has a dotted, parenthesised or closing form and is not a quantity ("2.5 years").
_PART_NUMBERING = re.compile(
    r"(?<=[.?!;:])\s+(q(uestion)?\s*)?\d+((\.\d+)+[a-z]?|[a-z]?(\(\w{1,4}\))+|[.)])\s+"
    r"(?!(hours?|days?|weeks?|months?|years?|percent|per cent)\b)(?=[a-z])"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")


_FREQUENCIES = tuple((word, re.compile(rf"\b{word}")) for word in vocabulary.FREQUENCIES)
# A place the question names ("SCCs for transfers to the UK") that no cited claim mentions.
# Claims that list regions decide membership themselves (compose); "us" is also a pronoun.
_PLACES = {
    place: re.compile(rf"\b{re.escape(place)}\b") for place in vocabulary.PLACES if place != "us"
}
# "us" named as the place: "a US region", "US-based", "in the US" (not "tell us", "send us").
_US_PLACE = re.compile(
    r"\b(?:the|in) us\b(?! (?:to|with|a|an|the|your|our)\b)|\bus[ -](?:based|regions?|"
    r"data ?cent(?:er|re)s?|hosting|hosted|only|residency|east|west|soil|territory)\b"
)
_PLACE_NAMED = re.compile(
    r"\b(" + "|".join(sorted(map(re.escape, _PLACES), key=len, reverse=True)) + r")\b"
)


# Asks for a detail of a kind: answered only when a cited claim states one of that kind.
_ASKS = (
    (
        re.compile(vocabulary.ASKS_DURATION),
        re.compile(vocabulary.STATED_DURATION),
        "a time it takes",
    ),
    (
        re.compile(vocabulary.ASKS_FREQUENCY),
        re.compile(vocabulary.STATED_FREQUENCY),
        "how often it happens",
    ),
    (
        re.compile(vocabulary.ASKS_TURNAROUND),
        re.compile(vocabulary.STATED_TURNAROUND),
        "how long the process takes",
    ),
    (
        re.compile(vocabulary.ASKS_NOTICE),
        re.compile(vocabulary.STATED_NOTICE),
        "a notice period",
    ),
    (
        re.compile(vocabulary.ASKS_PERCENT),
        re.compile(vocabulary.STATED_PERCENT),
        "a percentage",
    ),
)
_REPORT = re.compile(vocabulary.REPORT)
_REPORT_PROPERTIES = tuple(
    (re.compile(ask), re.compile(stated), what)
    for ask, stated, what in vocabulary.ASKS_REPORT_PROPERTY
)
# "How many <things>": a count of those things, or a number of time units.
_HOW_MANY = re.compile(r"\bhow many ([a-z-]+)")
_TIME_UNIT = re.compile(r"^(hours?|days?|weeks?|months?|years?|minutes?)$")


def _count_missing(folded: str, texts: list[str]) -> str | None:
    """Return the count the question asks for when no cited claim states one of that kind.

    "How many days…" needs a stated number of days (or other time units); "How many
    sub-processors…" needs a number stated before that noun.
    """
    found = _HOW_MANY.search(folded)
    if found is None or found.group(1) == "times":
        return None
    noun = found.group(1)
    if _TIME_UNIT.match(noun):
        stated = re.compile(vocabulary.STATED_DURATION)
    else:
        stem = re.escape(noun[:-1] if noun.endswith("s") else noun)
        stated = re.compile(rf"\b\d[\d,]*( [a-z-]+){{0,2}} {stem}")
    if any(stated.search(text) for text in texts):
        return None
    return f"a count ({found.group(0)!r})"


# "Maximum storage per cluster?", "the cap on API requests": a limit, which only a figure
# stated beside what it limits answers.
_ASKS_LIMIT = re.compile(
    r"\b(maximum|max\.?|minimum|min\.?|upper limit|lower limit|limits? (on|of|for)|cap (on|of)|"
    r"quotas? (on|of|for)?)\s+(?P<what>(?:[a-z-]+ ?){1,4})"
)
# A figure of its own: not the 256 of "AES-256", the 1.2 of "TLS 1.2" or a version.
_VERSION_ASKED = re.compile(r"\b(versions?|tls|ssl|protocols?|ciphers?)\b")
_STANDALONE_FIGURE = re.compile(r"(?<![\w.-])(?<!tls )(?<!v)\d[\d,.]*(?![\w-])")


def _limit_missing(folded: str, cited: list[ClaimRecord]) -> str | None:
    """Return the limit the question asks for when no sentence of a cited claim states a
    figure beside what is limited, or None."""
    found = _ASKS_LIMIT.search(folded)
    if found is None or _NUMBER.search(folded) or _VERSION_ASKED.search(found.group("what")):
        # "Is the maximum retention 90 days?": the number check decides it; a minimum TLS
        # version is a version, stated as such.
        return None
    limited = {term.stem for term in content_terms(found.group("what"))}
    if not limited:
        return None
    for claim in cited:
        for sentence in sentences(claim.statement):
            text = normalise(sentence)
            if _STANDALONE_FIGURE.search(text) and limited & spoken_ideas(text):
                return None
    return f"a limit ({found.group(0).strip()!r})"


_STATED: dict[tuple[int, str], tuple[frozenset[str], str]] = {}


def _stated(claim: ClaimRecord) -> tuple[frozenset[str], str]:
    """Return the numbers a claim states and its text, lower-case (cached per claim version)."""
    key = (claim.id, claim.updated_at.isoformat())
    if key not in _STATED:
        text = " ".join(
            (claim.title, claim.statement, claim.watch_out or "", json.dumps(claim.conditions))
        ).lower()
        # The question is read folded ("at least annually"): so is the claim ("at least once
        # every 12 months" is annually), beside its own words and numbers.
        text = f"{text} \n {normalise(text)}"
        if len(_STATED) > 4096:
            _STATED.clear()
        _STATED[key] = (frozenset(_NUMBER.findall(text)), text)
    return _STATED[key]


def _regional_or_universal(claim: ClaimRecord) -> bool:
    conditions = claim.conditions
    return region_list(claim) is not None or any(
        str(scope).lower().startswith("all ") for scope in conditions.get("scope") or []
    )


_YEAR = re.compile(r"^(19|20)\d\d$")
_DENIED_NAME = r"\b{name}\b[^.;]{{0,40}}\b(?:is|are) not (?:supported|offered|available|provided)\b"


def _version_of_denied(folded: str, number: str, cited: list[ClaimRecord]) -> bool:
    """True when the number is the version of something a cited claim says is not offered at
    all ("SCIM 2.0" against "SCIM provisioning is not supported", or ``scim: false``): no
    version of it is offered, so the version is no detail to check."""
    found = re.search(rf"\b([a-z][a-z0-9-]{{1,20}}) v?{re.escape(number)}(?![\w.])", folded)
    if found is None:
        return False
    name = found.group(1)
    for claim in cited:
        attributes = claim.conditions.get("attributes") or {}
        if attributes.get(name) is False:
            return True
        if re.search(_DENIED_NAME.format(name=re.escape(name)), normalise(claim.statement)):
            return True
    return False


def unsupported_details(
    question: str, cited: list[ClaimRecord], history: Iterable[ClaimRecord] = ()
) -> list[str]:
    """Return numbers, frequencies and asked-for details that no cited claim states.

    "Do you retain API data for 90 days?" or "Is data encrypted with AES-128?" must not get
    the answer the claim gives for 30 days or AES-256. Article and section references
    ("Art. 28(3)(a)", "164.312") are not details to check. A question asking for a kind of
    detail ("How long does approval take?", "How often is it reviewed?") needs a cited claim
    that states one of that kind (a duration, a frequency); otherwise it is not answered from
    a claim that merely shares its topic. A place the question names ("SCCs for transfers to
    the UK") must be one a cited claim mentions, unless a claim lists regions (membership is
    decided when composing) or covers "all data". A year stated by a claim the cited ones
    supersede (``history``: "as documented in 2024") is the past the knowledge base records,
    and the answer names the change; other numbers of superseded claims are not current.
    """
    folded = normalise(question)
    numbers: set[str] = set()
    texts = []
    for claim in cited:
        stated_numbers, text = _stated(claim)
        numbers |= stated_numbers
        texts.append(text)
    for claim in history:
        numbers |= {number for number in _stated(claim)[0] if _YEAR.match(number)}
    missing = [
        number
        for number in _NUMBER.findall(
            _REFERENCE.sub(" ", _PART_NUMBERING.sub(" ", NUMBERING.sub("", folded)))
        )
        if number not in numbers and not _version_of_denied(folded, number, cited)
    ]
    for word, pattern in _FREQUENCIES:
        if pattern.search(folded) and not any(pattern.search(text) for text in texts):
            missing.append(word)
    places = list(dict.fromkeys(found.group(0) for found in _PLACE_NAMED.finditer(folded)))
    if _US_PLACE.search(folded) and not any("us" in places_named(text) for text in texts):
        places.append("the US")  # "a US region": the place, not the pronoun
    # Claims that list regions decide places themselves; one scoped to "all data" holds anywhere.
    if places and not any(_regional_or_universal(claim) for claim in cited):
        missing += [
            place
            for place in places
            if place not in _PLACES or not any(_PLACES[place].search(text) for text in texts)
        ]
    for ask, stated, what in _ASKS:
        found = ask.search(folded)
        if found and not any(stated.search(text) for text in texts):
            missing.append(f"{what} ({found.group(0).strip()!r})")
    count = _count_missing(folded, texts)
    if count is not None:
        missing.append(count)
    limit = _limit_missing(folded, cited)
    if limit is not None:
        missing.append(limit)
    if _REPORT.search(folded):
        # A property of a report or certificate the claims do not record is not decided.
        for ask, stated, what in _REPORT_PROPERTIES:
            found = ask.search(folded)
            if found and not any(stated.search(text) for text in texts):
                missing.append(f"{what} ({found.group(0).strip()!r})")
    return missing


ASKS_HOW_LONG = re.compile(
    r"\bhow long\b|\bfor how many\b|\bhow many (days|weeks|months|years|hours)\b|"
    r"\b(retention|storage) (period|time|duration)\b|\bwithin how many\b|\bhow soon\b"
)


UNITS = frozenset(
    stem(word)
    for word in (
        "day",
        "days",
        "hour",
        "hours",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "minute",
        "minutes",
        "percent",
    )
)


def numbers_out_of_place(folded: str, cited: list[ClaimRecord], ideas: set[str]) -> list[str]:
    """Return the question's numbers that no cited claim states beside what the question
    asks ("kept for 90 days after the subscription ends" against a claim whose 90 days are
    about backups).

    A number is also out of place when another passage states a different number of the
    same unit about something the question asks that the number's own passage does not
    speak of ("backups destroyed within 30 days after termination" against "prod data purged
    within 30 days. Backups kept 90 days"): which of the two the question means is unclear.
    """
    asked = ideas - UNITS
    passages = [passage for claim in cited for passage in claim_terms(claim).passages]
    stray = []
    for found in _NUMBER.finditer(_REFERENCE.sub(" ", NUMBERING.sub("", folded))):
        number = found.group(0)
        if _version_of_denied(folded, number, cited):
            continue
        beside = [p for p in passages if number in p and (not asked or p & asked)]
        if not beside:
            stray.append(number)
            continue
        unit = _unit_after(folded, found.end())
        if unit is None or not asked:
            continue
        spoken = set().union(*beside) & asked
        if any(
            unit in passage
            and number not in passage
            and any(_NUMBER.fullmatch(idea) for idea in passage)
            and (passage & asked) - spoken
            for passage in passages
        ):
            stray.append(number)
    return stray


def _unit_after(folded: str, end: int) -> str | None:
    """Return the unit (stemmed) written just after a number in the question, if any."""
    following = re.match(r"[ -]?([a-z]+)", folded[end:])
    if following is None:
        return None
    unit = stem(following.group(1))
    return unit if unit in UNITS else None

"""A number the question asks about that the claims settle otherwise.

"Do you offer a 99.99% uptime guarantee?" against "Uptime SLA 99.9%", or "Do you notify
within 24 hours?" against "no later than 48 hours": the claim states the same kind of figure
about what is asked, and the asked figure does not hold, so the answer is ``no`` and names
the claim's figure. A bound in the question is read in its direction: "within 72 hours"
holds for a claim of 48 hours (:func:`bound_met`: the answer is the claim's, naming its 48
hours); "at least 30 days" fails against 14 days. A claim's figure that
is a floor ("at least 30 days' notice") settles no stricter floor; a ceiling it commits to
("no later than 48 hours") answers "within 24 hours?" ``no``. When two sentences state
different figures about what is asked, nothing is settled either.
"""

import re
from dataclasses import dataclass

from models.kb.claims import ClaimRecord
from questionnaires.coverage import sentence_ideas, sentences

# Hours per unit of time, and the one unit of share.
_HOURS = {
    **dict.fromkeys(("minute", "minutes", "min", "mins"), 1 / 60),
    **dict.fromkeys(("hour", "hours", "hr", "hrs", "h"), 1.0),
    **dict.fromkeys(("day", "days"), 24.0),
    **dict.fromkeys(("week", "weeks", "wk", "wks"), 168.0),
    **dict.fromkeys(("month", "months", "mo", "mos"), 730.0),
    **dict.fromkeys(("year", "years", "yr", "yrs"), 8760.0),
}
_PERCENT = frozenset({"%", "percent", "per cent"})
_FIGURE = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)[ -]?(%|per ?cent|business days?|calendar days?|working days?|"
    r"minutes?|mins?|hours?|hrs?|h|days?|weeks?|wks?|months?|mos?|years?|yrs?)(?![a-z])"
)
_UPPER = re.compile(
    r"(within|no later than|at most|up to|less than|under|no more than|maximum of|max\.?|inside)"
    r"( the| a)?\s*$"
)
_LOWER = re.compile(r"(at least|minimum of|min\.?|no less than|more than|over|longer than)\s*$")
_LOWER_AFTER = re.compile(r"^\s*(or (more|longer|greater)|minimum|at least)\b")


def _at_least(before: str) -> bool:
    """True when a claim's figure is a floor ("at least 30 days' notice"): a stricter floor
    asked is then neither promised nor ruled out. A ceiling the claim commits to ("no later
    than 48 hours") is its figure: "within 24 hours?" is ``no``."""
    return _LOWER.search(before) is not None


@dataclass(frozen=True)
class Figure:
    """A number with its unit, as a comparable value of one kind (hours or percent)."""

    value: float
    kind: str
    text: str


def _figure(number: str, unit: str) -> Figure | None:
    unit = unit.lower().replace("business ", "").replace("calendar ", "").replace("working ", "")
    if unit in _PERCENT or unit.replace(" ", "") == "percent":
        return Figure(float(number), "percent", f"{number}%")
    hours = _HOURS.get(unit)
    if hours is None:
        return None
    return Figure(float(number) * hours, "time", f"{number} {unit}")


def figures(text: str) -> list[tuple[Figure, int, int]]:
    """Return the figures written in ``text`` with where each starts and ends."""
    found = []
    for match in _FIGURE.finditer(text.lower()):
        figure = _figure(match.group(1), match.group(2))
        if figure is not None:
            found.append((figure, match.start(), match.end()))
    return found


# "Please confirm how much notice you give": the question asks for the figure itself.
_ASKS_FIGURE = re.compile(
    r"\bhow (?:much|many|long|soon|quickly)\b|\bwhat (?:is|are) (?:the|your)\b"
)
_STILL_CURRENT = re.compile(
    r"\b(?:still|remains?) (?:current|accurate|correct|valid|true|the case|in (?:place|effect|"
    r"force))\b|\bstill (?:your|the) (?:current )?(?:commitment|policy|period|window|figure|"
    r"practice|standard|position|retention)\b"
)


@dataclass(frozen=True)
class _Reading:
    """The question's one figure, its bound, and the claims' figure about what it asks."""

    asked: Figure
    bound: str | None
    claimed: Figure
    floor: bool
    ceiling: bool
    sentence: str
    stated: str = ""  # every figure stated, when several differ from the one asked


_EVERY = re.compile(r"\b(?:every|each|once every|once per|once a)\s*$")


# Where one clause of a sentence ends and the next begins: "deletes data from production
# within 60 days, and deleted data ages out of backups within a further 35 days".
_CLAUSE_BREAK = re.compile(r";|,\s+(?:and|but|while|whereas)\s")


def _clause_shared(sentence: str, begin: int, asked: set[str]) -> int:
    """Return how many of the asked ideas the clause holding the figure at ``begin`` names,
    so that of two figures in one sentence the one in the clause about what is asked wins."""
    start = 0
    for found in _CLAUSE_BREAK.finditer(sentence):
        if found.start() >= begin:
            return len(sentence_ideas(sentence[start : found.start()]) & asked)
        start = found.end()
    return len(sentence_ideas(sentence[start:]) & asked)


def _asked(folded: str) -> tuple[Figure, str | None, str] | None:
    """Return the question's one figure, its bound ("upper", "lower" or None) and the text
    before it, or None when the question states no figure or several."""
    wanted = figures(folded)
    if len({(item.kind, item.value) for item, _start, _end in wanted}) != 1:
        return None
    # "a 72-hour notice. Is 72 hours still the figure?": one figure said twice; the question
    # sentence (the last) says how it is asked.
    figure, start, end = wanted[-1]
    before, after = folded[:start], folded[end:]
    bound = "upper" if _UPPER.search(before) else "lower" if _LOWER.search(before) else None
    if bound is None and _LOWER_AFTER.search(after):
        bound = "lower"
    if _STILL_CURRENT.search(after):
        # "Our file says within 72 hours. Please confirm this is still current.": whether the
        # recorded figure is the figure now, not whether a shorter one keeps it.
        bound = None
    return figure, bound, before


_Stated = tuple[tuple[int, int], Figure, bool, bool, str]


def _closest(
    figure: Figure, before: str, claims: list[ClaimRecord], asked: set[str], by_clause: bool
) -> list[_Stated]:
    """Return the claims' figures of the asked kind in the sentences (and clauses, when
    ``by_clause``) that share the most asked ideas: (share, figure, floor, ceiling, sentence)."""
    # "every 24 hours" is how often, "for 35 days" how long: a bound is kept only by a figure
    # of its own kind ("retained at least 30 days?" against "backed up every 24 hours and
    # retained for 35 days"). Settling a "no" still weighs every figure stated.
    every = _EVERY.search(before) is not None if by_clause else None
    best: list[_Stated] = []
    for claim in claims:
        for sentence in sentences(claim.statement):
            shared = len(sentence_ideas(sentence) & asked)
            lowered = sentence.lower()
            best += [
                (
                    (shared, _clause_shared(sentence, begin, asked) if by_clause else 0),
                    item,
                    _at_least(lowered[:begin]),
                    _UPPER.search(lowered[:begin]) is not None,
                    sentence,
                )
                for item, begin, _e in figures(sentence)
                if item.kind == figure.kind
                and shared
                and (every is None or (_EVERY.search(lowered[:begin]) is not None) == every)
            ]
    if not best:
        return []
    top = max(shared for shared, *_rest in best)
    return [item for item in best if item[0] == top]


def _read(
    folded: str, claims: list[ClaimRecord], asked: set[str], by_clause: bool = False
) -> _Reading | None:
    question = _asked(folded)
    if question is None:
        return None
    figure, bound, before = question
    chosen = _closest(figure, before, claims, asked, by_clause)
    if not chosen:
        return None
    if len({item.value for _s, item, _f, _c, _t in chosen}) != 1:
        stated_anywhere = {
            item.value
            for claim in claims
            for item, _begin, _end in figures(claim.statement)
            if item.kind == figure.kind
        }
        if (
            bound is None
            and figure.value not in stated_anywhere
            and all(not floor for _s, _item, floor, _c, _t in chosen)
        ):
            # "Commit to 99.99%?" against 99.95% on one plan and 99.9% on another: none of
            # the figures stated is the one asked.
            stated = " and ".join(dict.fromkeys(item.text for _s, item, *_rest in chosen))
            return _Reading(figure, None, chosen[0][1], False, False, chosen[0][4], stated)
        return None  # two figures about what is asked: which one the question means is unclear
    _shared, claimed, floor, ceiling, sentence = chosen[0]
    return _Reading(figure, bound, claimed, floor, ceiling, sentence)


def _keeps(bound: str, asked: Figure, claimed: Figure, floor: bool, ceiling: bool) -> bool:
    """True when a claim's figure keeps the question's bound (see :func:`bound_met`)."""
    if bound == "upper":
        return not floor and claimed.value <= asked.value
    return not ceiling and claimed.value >= asked.value


def bound_kept_in_part(folded: str, claims: list[ClaimRecord], asked: set[str]) -> str | None:
    """Return the sentence that states them when the figures one sentence gives about what is
    asked keep the question's bound in part ("logs kept at least 12 months?" against "kept
    for 365 days on the Pro plan and for 30 days on the Starter plan"), or None.

    Args:
        folded: The normalised question.
        claims: The claims that cover the question.
        asked: The question's content ideas (stems).
    """
    question = _asked(folded)
    if question is None:
        return None
    figure, bound, before = question
    if bound is None:
        return None
    chosen = _closest(figure, before, claims, asked, by_clause=False)
    if len({sentence for *_rest, sentence in chosen}) != 1:
        return None  # figures from several sentences: which is about what is asked is unclear
    kept = [_keeps(bound, figure, item, floor, ceiling) for _s, item, floor, ceiling, _t in chosen]
    if all(kept) or not any(kept):
        return None
    return chosen[0][4]


def settled_otherwise(folded: str, claims: list[ClaimRecord], asked: set[str]) -> str | None:
    """Return why the claims' figure answers the question's figure ``no`` ("99.9% is stated,
    not 99.99%: <the sentence>"), or None when they do not settle it.

    Args:
        folded: The normalised question.
        claims: The claims that cover the question.
        asked: The question's content ideas (stems), units left out by the caller or not.
    """
    reading = _read(folded, claims, asked)
    if reading is None:
        return None
    claimed, figure, bound = reading.claimed, reading.asked, reading.bound
    if reading.floor:
        if bound is None and figure.value < claimed.value and not _ASKS_FIGURE.search(folded):
            # "Is the notice period 14 days?" against "at least 45 days": not 14.
            return f"{claimed.text} is stated, not {figure.text} ({reading.sentence.rstrip('.')})"
        return None  # "at least 30 days": a stricter floor is neither promised nor ruled out
    if claimed.value == figure.value:
        return None
    if bound == "upper" and claimed.value <= figure.value:
        return None
    if bound == "lower" and claimed.value >= figure.value:
        return None
    if reading.stated:
        return f"{reading.stated} are stated, not {figure.text}"
    return f"{claimed.text} is stated, not {figure.text} ({reading.sentence.rstrip('.')})"


def bound_met(folded: str, claims: list[ClaimRecord], asked: set[str]) -> str | None:
    """Return the asked number ("72") when the claims' figure keeps the bound the question sets
    ("within 72 hours?" against "within 48 hours"; "kept at least 30 days?" against "kept
    35 days"), or None.

    A ceiling is met by a figure the claim commits to that is no larger (not by a floor: "at
    least 30 days' notice" says nothing of "within 60 days"); a floor is met by a figure that
    is no smaller and is not itself a ceiling ("up to 35 days" does not keep "at least 30").
    """
    # Only a bound kept may lean on the clause: two figures in one sentence still leave a
    # "no" unsettled ("no later than 48 hours …, and deletes within 60 days").
    reading = _read(folded, claims, asked, by_clause=True)
    if reading is None or reading.bound is None:
        return None
    claimed, figure = reading.claimed, reading.asked
    number = re.match(r"[\d.]+", figure.text)
    if number is None:
        return None
    if _keeps(reading.bound, figure, claimed, reading.floor, reading.ceiling):
        return number.group(0)
    return None


# A TLS version the question asks about, and the minimum a claim states ("TLS 1.2 or higher",
# "minimum TLS 1.2", "TLS 1.2+").
_TLS_ASKED = re.compile(r"\b(?:tls|ssl) ?v?(\d\.\d)\b")
_TLS_MINIMUM = re.compile(
    r"\btls ?v?(\d\.\d) ?(?:\+|or (?:higher|later|above|newer|greater)|and (?:higher|later|"
    r"above)|(?:is )?(?:the )?minimum|at minimum)|\b(?:minimum|min\.?|at least)(?: version)?"
    r"(?: of)?(?: is)? tls ?v?(\d\.\d)"
)
# The question asks whether the version is refused, not whether it is accepted.
ASKS_REFUSED = re.compile(
    r"\b(disabled|refused|rejected|blocked|deprecated|switched off|turned off|prohibited|"
    r"not (accepted|supported|allowed|permitted)|no longer)\b"
)


def version_below_minimum(folded: str, claims: list[ClaimRecord]) -> str | None:
    """Return why a TLS version the question asks to be accepted is not ("TLS 1.2 is the
    minimum stated, not TLS 1.0: …"), or None.

    Only a question naming one version (or versions all below the minimum) that asks whether
    it is accepted, supported or used is read; one asking whether it is refused is left to
    the claim's own sentence.
    """
    asked = {float(version) for version in _TLS_ASKED.findall(folded)}
    if not asked or ASKS_REFUSED.search(folded):
        return None
    for claim in claims:
        for sentence in sentences(claim.statement):
            found = _TLS_MINIMUM.search(sentence.lower())
            if found is None:
                continue
            minimum = float(next(group for group in found.groups() if group))
            if all(version < minimum for version in asked):
                versions = ", ".join(f"TLS {version:.1f}" for version in sorted(asked))
                stated = sentence.rstrip(".")
                return f"TLS {minimum:.1f} is the minimum stated, not {versions} ({stated})"
            return None
    return None


# The parts of a sentence that pair a figure with a plan: "Enterprise: 99.95%; Business:
# 99.9%", "99.95% for Dedicated-tier databases and 99.9% for the Standard tier".
_PLAN_PARTS = re.compile(r";|\s\band\b\s|,\s(?!\d)")


def figure_for_plan(folded: str, claims: list[ClaimRecord], plans: list[str]) -> str | None:
    """Return why the figure a claim pairs with the plan asked answers the question's figure
    ``no`` ("99.9% is stated for the Standard plan, not 99.95%: <the sentence>"), or None.

    The question names one plan and one figure; a part of a claim's sentence must name that
    plan and one figure of the same kind, and no other part may pair that plan otherwise.

    Args:
        folded: The normalised question.
        claims: The claims that cover the question.
        plans: The vendor's plans the question names.
    """
    wanted = figures(folded)
    if len(plans) != 1 or len({(item.kind, item.value) for item, _s, _e in wanted}) != 1:
        return None
    figure, start, _end = wanted[-1]
    if _UPPER.search(folded[:start]) or _LOWER.search(folded[:start]):
        return None  # a bound asked is read by bound_met and settled_otherwise
    plan = re.compile(rf"\b{re.escape(plans[0])}\b")
    paired: set[tuple[float, str]] = set()
    where = ""
    for claim in claims:
        for sentence in sentences(claim.statement):
            for part in _PLAN_PARTS.split(sentence.lower()):
                stated = [item for item, _s, _e in figures(part) if item.kind == figure.kind]
                if plan.search(part) and len(stated) == 1:
                    paired.add((stated[0].value, stated[0].text))
                    where = sentence
    if len(paired) != 1:
        return None
    value, text = next(iter(paired))
    if value == figure.value:
        return None
    return (
        f"{text} is stated for the {plans[0].title()} plan, not {figure.text} ({where.rstrip('.')})"
    )

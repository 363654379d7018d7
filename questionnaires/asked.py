"""The part of a questionnaire row that asks: without its control id, section label or the
customer's account of itself.

Real questionnaires put a control id before the question ("CEK-03.1 / DSP: Are…", "HECVAT
HRMG-01: Are…"), a section label ("Role design: can we define…"), or a sentence about the
customer ("Our finance team will use the service. Can we…"). None of that is something the
vendor's claims must speak of. What stays is read in full: a context sentence is kept when
it names a plan, a product, a place or a number (those narrow what is asked), or when the
question refers back to it ("Our laptops are managed. Are they encrypted?"), or when it
declines a step ("We are not willing to sign an amendment.").
"""

import re
from collections.abc import Callable, Iterable

from questionnaires.regions import places_named, places_with_cities
from questionnaires.terms import content_terms, stem
from questionnaires.text import is_asking, normalise

# "BCP-02:", "CEK-03.1 / DSP:", "HECVAT HRMG-01:", "A.12.3.1 -": an id with a digit, maybe
# after a framework's name, then a colon, dash or closing mark.
_CONTROL_ID = re.compile(
    r"^\s*(?:[A-Z][A-Za-z0-9]{1,9}\s+)?(?:[A-Z]{1,6}[-.]?\d+(?:\.\d+)*[a-z]?)"
    r"(?:\s*/\s*[A-Z]{2,6}(?:[-.]?\d+(?:\.\d+)*)?)*\s*(?::|-|–|\))\s+"
)
# "Role design: can we…": a short label, then a question of its own.
_LABEL = re.compile(
    r"^\s*([A-Za-z][\w/&'-]*(?: [\w/&'-]+){0,3})\s*:\s+(?=(is|are|do|does|did|can|could|will|"
    r"would|has|have|how|what|which|who|please|describe|list|provide|confirm|indicate)\b)",
    re.IGNORECASE,
)
_SECTION_WORDS = frozenset(
    stem(word)
    for word in (
        "review",
        "design",
        "management",
        "mgmt",
        "program",
        "programme",
        "governance",
        "general",
        "overview",
        "controls",
        "section",
        "area",
        "domain",
        "topic",
        "question",
        "requirement",
        "assessment",
        "practices",
        # Topic names a questionnaire heads a row with ("Identity: do you support SAML?").
        "identity",
        "access",
        "authentication",
        "security",
        "privacy",
        "compliance",
        "logging",
        "monitoring",
    )
)
# Every form above needs a colon, dash or closing mark, or a second sentence.
_NOTHING_TO_STRIP = re.compile(r"[:)–-]\s|[.!?]\s+[A-Z]")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# "We are not willing to sign an amendment.": a step the customer declines narrows the question.
_DECLINES = re.compile(
    r"\b(not|never|no|without|refuse|unwilling|won't|cannot|can't|don't|avoid)\b",
    re.IGNORECASE,
)
_BACK_REFERENCE = re.compile(
    r"\b(it|its|they|them|that|this|these|those|such|there)\b", re.IGNORECASE
)
# A figure in words counts as a number ("for five years").
_NUMBER = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|"
    r"forty|fifty|sixty|ninety|hundred|thousand|dozen|half|twice|hours?|days?|weeks?|months?|"
    r"years?)\b",
    re.IGNORECASE,
)


def asked_part(text: str, narrows: Callable[[str], bool] = lambda _sentence: False) -> str:
    """Return what ``text`` asks, without a control id, a section label that the question
    does not need, or sentences about the customer that narrow nothing.

    Args:
        text: The question as the questionnaire has it.
        narrows: True for a sentence that names something the answer depends on (a plan or
            product of the vendor); such context is kept.
    """
    if _NOTHING_TO_STRIP.search(text) is None:
        return text.strip()
    stripped = _CONTROL_ID.sub("", text, count=1)
    label = _LABEL.match(stripped)
    if label is not None and _label_is_framing(label.group(1), stripped[label.end() :]):
        stripped = stripped[label.end() :]
    parts = _SENTENCE.split(stripped.strip())
    first = next((index for index, part in enumerate(parts) if is_asking(part)), None)
    if not first:
        return stripped.strip()
    context = [_without_record(sentence) for sentence in parts[:first]]
    rest = parts[first:]
    asked = " ".join(rest)
    stripped = " ".join([*context, *rest])
    if _refers_back(rest[0]):
        return stripped.strip()
    kept: list[str] = []
    for sentence in context:
        plan = _plan_of_customer(sentence, asked) or _bare_plan(sentence, narrows)
        if plan is not None:
            kept.append(plan)
        elif _keeps(sentence, narrows, asked):
            return stripped.strip()
    return " ".join([*kept, asked])


# "Our 2024 file records that …", "Per your March 2024 DPA, …": where the customer read a
# fact, not part of it. The fact stays (a question asking whether it still holds reads it).
_RECORD = re.compile(
    r"^(?:our (?:\w+[ -]){0,3}(?:files?|records?|review|notes|assessment|questionnaire)s? "
    r"(?:records?|recorded|shows?|showed|says?|said|states?|stated|notes?|noted|lists?|listed|"
    r"indicates?|indicated)(?: that)? |"
    r"(?:per|according to) (?:your|the|our) (?:\w+ ){0,3}(?:dpa|contract|msa|agreement|terms|"
    r"report|documentation|file|records?),\s+|"
    r"we (?:understand|were told|have been told|believe)(?: that)? |"
    r"your (?:\w+[ -]){0,3}(?:documentation|overview|policy|dpa|terms|agreement|contract|page|"
    r"report|whitepaper|website|site|faq)s? (?:gives?|gave|says?|said|states?|stated|lists?|"
    r"listed|shows?|showed|records?|recorded|notes?|noted|promises?|promised|commits? to)"
    r"(?: that)? )",
    re.IGNORECASE,
)


def _without_record(sentence: str) -> str:
    """Return a context sentence without the record it cites: "Our 2024 file records a
    72-hour notice." reads "a 72-hour notice."."""
    found = _RECORD.match(sentence)
    return sentence[found.end() :] if found else sentence


# "We are a K-12 district on the Starter edition.": who the customer is, then its plan.
_ON_PLAN = re.compile(
    r"^(?i:we are|we're|we|our (?:company|organi[sz]ation|firm|school|team) is|"
    r"our [a-z]+ (?:is|are))\b"
    r"(?P<who>[^.,;:!?]*?)"
    r"\b(?:on|using|use|subscribe to|have|bought) (?P<plan>(?:the |our )?[A-Z][\w+]*[\s-]"
    r"(?:plan|tier|edition|subscription|package))\s*[.!]?$",
)


def _plan_of_customer(sentence: str, asked: str) -> str | None:
    """Return "On the Starter edition." for a sentence that says only who the customer is
    and which plan it is on; None for any other sentence, or when who it is narrows the
    question (a place the question does not name, a step it declines)."""
    found = _ON_PLAN.match(sentence.strip())
    if found is None:
        return None
    who = found.group("who")
    if _DECLINES.search(who) or places_named(normalise(who)) - places_with_cities(normalise(asked)):
        return None
    plan = found.group("plan").removeprefix("the ").removeprefix("our ")
    return f"On the {plan}."


# "We're Enterprise.", "Scale customer here.": a plan named without the word "plan".
_BARE_PLAN = re.compile(
    r"^(?:(?i:we are|we're)(?: (?i:on|using))? (?:the |an? )?(?P<plan>[A-Z][\w+]*)"
    r"(?: (?i:customers?|subscribers?|tenants?|account holders?))?"
    r"|(?P<named>[A-Z][\w+]*) (?i:customer|subscriber|tenant) here)\s*[.!]?$"
)


def _bare_plan(sentence: str, narrows: Callable[[str], bool]) -> str | None:
    """Return "On the Enterprise plan." for "We're Enterprise." when the name is one of the
    vendor's plans or products (``narrows`` knows them); None otherwise."""
    found = _BARE_PLAN.match(sentence.strip())
    if found is None:
        return None
    plan = found.group("plan") or found.group("named")
    return f"On the {plan} plan." if narrows(plan) else None


def _label_is_framing(label: str, question: str) -> bool:
    """A label whose words are all section words or said again by the question."""
    said = {term.stem for term in content_terms(normalise(question))}
    words = {term.stem for term in content_terms(normalise(label))}
    return words <= said | _SECTION_WORDS


def _refers_back(question: str) -> bool:
    """True when the question points back at the context ("Are they encrypted?"); "there"
    in a question naming its own place ("hosted in Australia and stay there") points at it,
    and "its" after a noun of the question's own ("our tenant and all its data") at that."""
    found = set()
    for match in _BACK_REFERENCE.finditer(question):
        word = match.group(0).lower()
        if word in ("its", "their") and _OWNER.search(question[: match.start()]):
            continue  # "our tenant and all its data": the question's own noun
        found.add(word)
    if found == {"there"} and places_with_cities(normalise(question)):
        return False
    return bool(found)


_OWNER = re.compile(r"\b(?:our|your|the)\s+\w+", re.IGNORECASE)


# "Our group is headquartered in Germany.", "We are an Australian retailer.": where the
# customer is, which narrows nothing about where the vendor holds data.
_WHERE_CUSTOMER_IS = re.compile(
    r"\b(?:headquartered|based|incorporated|registered|located|operate|operating|we are an?|"
    r"we're an?|our (?:group|company|organi[sz]ation|firm|business) is an?)\b",
    re.IGNORECASE,
)
_SPEAKS_OF_DATA = re.compile(
    r"\b(?:data|tenant|tenancy|host\w*|stor\w*|process\w*|regions?|residency|records|backups?|"
    r"servers?|cloud|transfers?|law|laws|regulat\w*|requires?|required|requirements?|must|need)\b",
    re.IGNORECASE,
)


def _keeps(sentence: str, narrows: Callable[[str], bool], asked: str) -> bool:
    # A place the question names again ("Our regulator requires Canadian hosting. Can all
    # our data be held in Canada?") narrows nothing the question does not; nor does where
    # the customer itself is.
    where_customer_is = _WHERE_CUSTOMER_IS.search(sentence) and not _SPEAKS_OF_DATA.search(sentence)
    return bool(
        _NUMBER.search(sentence)
        or _DECLINES.search(sentence)
        or (
            not where_customer_is
            and places_named(normalise(sentence)) - places_with_cities(normalise(asked))
        )
        or narrows(sentence)
    )


def names_any(names: Iterable[str]) -> Callable[[str], bool]:
    """Return a test for a sentence naming any of ``names`` (plans, products) as a name:
    capitalised as names are ("the Team plan", not "our finance team")."""
    patterns = [
        re.compile(rf"\b{re.escape(' '.join(word.capitalize() for word in name.split()))}\b")
        for name in names
        if name
    ]
    return lambda sentence: any(pattern.search(_titled(sentence)) for pattern in patterns)


def _titled(sentence: str) -> str:
    # Product names keep their own capitals ("DALL-E", "iOS"); compare word by word.
    return " ".join(
        word[:1].upper() + word[1:].lower() if word[:1].isupper() else word.lower()
        for word in sentence.split()
    )

"""What a vendor's own names are in its questions: its name ("Does Acme…" asks "you"), the
short names its summary introduces ("Trialvane Capture (EDC)"), "the mobile app" its summary
names, and its category ("the loan origination platform" is the service; "the LMS" too).

Each reader returns ``(pattern, spelling)`` aliases over normalised text, built from the
vendor's data; nothing here names a vendor.
"""

import re

from questionnaires.regions import places_named
from questionnaires.text import normalise


def short_names(vendor_name: str, texts: list[str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return ``(pattern, product)`` for each product of the vendor introduced with its short
    name in parentheses: "Trialvane Consent (eConsent, in-clinic and remote)". Only a name
    that starts with the vendor's own and a short name written as an acronym or in camel case
    count, so "Type II (NDA)" or "EU (Frankfurt)" never become aliases."""
    if not vendor_name.strip():
        return ()
    introduced = re.compile(
        rf"\b{re.escape(vendor_name.strip())} ([A-Z][\w-]*)"
        r" \((e?[A-Z][A-Z0-9]+|[a-z]+[A-Z][A-Za-z0-9]*)(?=[,;)])"
    )
    found = {
        (match.group(2).lower(), normalise(f"{vendor_name} {match.group(1)}"))
        for text in texts
        for match in introduced.finditer(text or "")
    }
    return tuple(
        (re.compile(rf"\b{re.escape(short)}\b"), product) for short, product in sorted(found)
    )


_MOBILE_APP_NAMED = re.compile(
    r"\b(?:[A-Z][\w-]+ )?([A-Z][\w-]+)(?: (?:employee|driver|member|guest|patient|customer|"
    r"staff|field|companion|technician|parent|student))? mobile app\b"
)
_MOBILE_APP_ASKED = re.compile(
    r"\b(?:mobile (?:driver |employee |member |field )?(?:apps?|applications?|clients?)|"
    r"(?:ios|android)(?: and (?:ios|android))? (?:apps?|applications?))\b"
)


def mobile_app(summary: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return an alias from "the mobile app" to the one mobile app the vendor's summary names
    ("the Kestrel Driver mobile app", "the Pocket employee mobile app"): claims call it by its
    name ("the Driver app"), questions by what it is."""
    names = {found.group(1).lower() for found in _MOBILE_APP_NAMED.finditer(summary or "")}
    if len(names) != 1:
        return ()
    return ((_MOBILE_APP_ASKED, f"{names.pop()} app"),)


def name_aliases(vendor_name: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return aliases reading the vendor's name as "you" and "Acme's" as "your"."""
    name = normalise(vendor_name)
    if not name:
        return ()
    escaped = re.escape(name)
    return (
        (re.compile(rf"\b{escaped}'s\b"), "your"),
        (re.compile(rf"\b{escaped}\b"), "you"),
    )


# "Hollinsby is a corporate learning management system delivered as SaaS", "Carrowmere is a
# unified endpoint management (UEM) SaaS": what the vendor is, in the summary's first sentence.
_CATEGORY = re.compile(
    r"\b(?:is|are) (?:an?|the) ((?:[a-z][a-z-]* ?)+)(?:\(([A-Z][A-Za-z]{1,7})\))?"
)
_AFTER_CATEGORY = frozenset(
    """delivered for that which made used sold with offering built providing hosted run
    and or saas service platform in on by""".split()
)


# "Hotel property management SaaS: reservations…": the category, without "is a".
_LEADING_CATEGORY = re.compile(
    r"^((?:[A-Za-z][a-z-]* ){1,5}?)(?:SaaS|platform|software|system|service|solution)\b"
)
_SERVICE_NOUNS = r"(?:platform|system|software|service|solution|application|saas|product)"


def _category_words(summary: str) -> list[str]:
    first = re.split(r"(?<=\.)\s|:", summary.strip(), maxsplit=1)[0]
    found = _CATEGORY.search(first)
    if found is not None:
        category = []
        for word in found.group(1).split():
            if word in _AFTER_CATEGORY:
                break
            category.append(word)
        return category
    found = _LEADING_CATEGORY.match(first)
    return found.group(1).lower().split() if found else []


def category_service(summary: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Return an alias from what the vendor is, said of a platform ("the loan origination
    platform", "your property management system"), to the service itself: the summary's
    category ("Mortgage loan origination SaaS") names the vendor's own service."""
    category = [word for word in _category_words(summary) if word.isalpha() or "-" in word]
    while category and re.fullmatch(_SERVICE_NOUNS, category[-1]):
        category.pop()  # "learning management system": the system is the service noun
    if len(category) < 2:
        return ()
    tails = [
        " ".join(category[start:])
        for start in range(len(category) - 1)
        if category[start] not in _AFTER_CATEGORY
    ]
    alternatives = "|".join(re.escape(tail) for tail in sorted(tails, key=len, reverse=True))
    return ((re.compile(rf"\b(?:{alternatives}) {_SERVICE_NOUNS}\b"), "service"),)


def category_abbreviations(summary: str) -> frozenset[str]:
    """Return how questions abbreviate what the vendor is: the abbreviation its summary gives
    ("(UEM)") and the initials of the last three words of its category ("learning
    management system": "lms"). "Does the LMS delete leavers' data?" asks about the service.
    """
    first = re.split(r"(?<=\.)\s", summary.strip(), maxsplit=1)[0]
    found = _CATEGORY.search(first)
    if found is None:
        return frozenset()
    category: list[str] = []
    for word in found.group(1).split():
        if word in _AFTER_CATEGORY:
            break
        category.append(word)
    names = set()
    if found.group(2) and len(category) == len(found.group(1).split()):
        names.add(found.group(2).lower())  # right after the category, not later on
    if len(category) >= 3:
        names.add("".join(word[0] for word in category[-3:]))
    return frozenset(name for name in names if len(name) >= 3 and not places_named(name))

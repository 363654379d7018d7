"""Regions a claim lists and the places a question names: region codes as vendors and cloud
providers write them ("us-east-1", "EU (Frankfurt)", "au-sydney"), and membership.
"""

import re

from models.kb.claims import ClaimRecord
from models.verdicts import Verdict
from questionnaires import vocabulary
from questionnaires.terms import stem, words
from questionnaires.text import normalise

_REGIONS = tuple(
    (code, re.compile("|".join(rf"\b{re.escape(place)}\b" for place in names)))
    for code, names in vocabulary.REGION_NAMES.items()
)
_OTHER_PLACES = tuple((place, re.compile(rf"\b{place}\b")) for place in vocabulary.OTHER_PLACES)
_EU_MEMBERS = tuple((place, re.compile(rf"\b{place}\b")) for place in vocabulary.EU_MEMBER_STATES)
_ANY_PLACE = re.compile("|".join(rf"\b{re.escape(place)}\b" for place in vocabulary.PLACES))


_ONLY_OFFERED = re.compile(
    r"\bthe only\b[^?.]{0,40}\b(regions?|locations?|options?|choices?)\b|"
    r"\bonly (?:hosting |residency |data |deployment |cloud )?(regions?|locations?|options?)\b|"
    r"\bonly (offered|available|provided)\b|"
    r"\b(offered|available|provided) only\b|\bsole (region|location|option)"
)
# "Is the service hosted exclusively in the US and the EU?", "Are residency options restricted
# to the US and EU only?": whether the vendor offers these places only. Asked of the
# customer's own data ("Can our data be hosted exclusively in Canada?") it is a choice.
_EXCLUSIVELY = re.compile(
    r"\bexclusively\b|\b(restricted|limited|confined) to\b|\bonly in\b|\bonly\?$"
)
_OWN_DATA = re.compile(
    r"\b(our|customer|my|their)\b[^?]{0,30}\b(data|databases?|accounts?|tenants?|documents|"
    r"content|information|records)\b|\bcan (we|our|you)\b"
)


def _region_code(value: str) -> str | None:
    """Return the region a listed value names: a code or name ("EU", "Canada"), a cloud
    region code ("eu-central-1", "us-oregon"), or a name with its city ("EU (Frankfurt)",
    "United States (Oregon)"), the city alone ("Sydney"). None when it names no region."""
    folded = normalise(value)
    inside = [
        piece for group in _PARENTHESES.findall(folded) for piece in (group, *group.split(","))
    ]
    for part in (folded, _PARENTHESES.sub("", folded).strip(), *inside):
        part = part.strip(" ()")
        if part in vocabulary.REGION_NAMES:
            return part
        for code, names in vocabulary.REGION_NAMES.items():
            if part in names:
                return code
        if part in vocabulary.REGION_CITIES:
            return vocabulary.REGION_CITIES[part]
    raw = value.strip().lower()
    own = _OWN_SPELLING.match(raw)
    if own and own.group(2).replace("-", " ") in vocabulary.REGION_CITIES:
        return own.group(1)  # a vendor's "<region>-<city>" ("au-sydney", "us-oregon")
    for pattern, code in _CLOUD_REGIONS:
        found = pattern.search(raw)
        if found:
            return found.expand(code)
    # A vendor's own spelling around a region's code or name: "au-southeast", "ca-east",
    # "east us 2", "canada central". "in" (India) is left out: it is a word too.
    parts = re.split(r"[\s-]+", folded.strip())
    places = [part for part in parts if not _DIRECTION.fullmatch(part)]
    if len(places) != 1 or len(parts) == 1:
        return None
    if places[0] in vocabulary.REGION_NAMES and places[0] != "in":
        return places[0]
    for code, names in vocabulary.REGION_NAMES.items():
        if places[0] in names and len(places[0]) > 2:
            return code
    return None


_DIRECTION = re.compile(r"(?:north|south)?(?:east|west)?|north|south|central|\d+")


def _region_in_statement(value: str, statement: str) -> str | None:
    """Return the region a claim's statement gives for a listed value it writes with its
    country: "Dallas (United States)", "US East (Columbus, Ohio, United States)"."""
    name = re.escape(normalise(value).strip())
    for found in re.finditer(rf"\b{name}\b\s*\(([^)]*)\)", statement):
        for part in reversed(found.group(1).split(",")):
            code = _region_code(part)
            if code:
                return code
    # "Toronto, Canada (ca-tor-1)": the code in parentheses after the place it is.
    for found in re.finditer(rf"((?:[a-z.]+ ){{0,3}}[a-z.]+), ([a-z. ]+?) \({name}\)", statement):
        for part in (found.group(2), found.group(1)):
            code = _region_code(part)
            if code:
                return code
    return None


_PARENTHESES = re.compile(r"\(([^)]*)\)")
_OWN_SPELLING = re.compile(r"^(" + "|".join(vocabulary.REGION_NAMES) + r")-([a-z. -]+)$")
_CLOUD_REGIONS = tuple(
    (re.compile(pattern), code) for pattern, code in vocabulary.CLOUD_REGION_CODES
)


def region_list(claim: ClaimRecord) -> list[str] | None:
    """Return the region codes a claim lists: its ``regions`` attribute, or any list attribute
    whose every value names a region ("hosting_regions": ["US", "Canada"]); None when none."""
    attributes = claim.conditions.get("attributes") or {}
    candidates = [attributes["regions"]] if isinstance(attributes.get("regions"), list) else []
    candidates += [value for name, value in attributes.items() if name != "regions"]
    # ``processing_region: "us"``: one place, named as such.
    candidates += [
        [value]
        for name, value in attributes.items()
        if isinstance(value, str) and _PLACE_ATTRIBUTE.search(name)
    ]
    statement = normalise(claim.statement)
    for values in candidates:
        if not isinstance(values, list) or not values:
            continue
        codes = [
            _region_code(str(value)) or _region_in_statement(str(value), statement)
            for value in values
        ]
        if all(codes):
            return [code for code in codes if code]
    return None


_PLACE_ATTRIBUTE = re.compile(r"(?:^|_)(?:regions?|locations?|countr(?:y|ies)|residency)$")


def names_region(folded: str, code: str) -> bool:
    names = vocabulary.REGION_NAMES.get(code, (code,))
    return any(re.search(rf"(?<!non-)\b{re.escape(name)}\b", folded) for name in names)


def regions_verdict(claim: ClaimRecord, folded: str) -> tuple[Verdict, str] | None:
    """Decide a question naming places against the regions a claim lists.

    A place outside the list is ``no``; an EU member state is ``unknown`` (the EU region does
    not say which country); "the only region offered" is ``no`` when the list is longer.
    None when the claim lists no regions or the question names no place.
    """
    offered = region_list(claim)
    if offered is None or not _ANY_PLACE.search(folded):
        return None
    cities = _cities_outside(claim, folded)
    if cities:
        named = ", ".join(city.title() for city in cities)
        return "no", f"{named} is not among the locations offered ({', '.join(_listed(claim))})"
    asked = [code for code, pattern in _REGIONS if pattern.search(folded)]
    asked += [
        code
        for city, code in vocabulary.REGION_CITIES.items()
        if city in vocabulary.CITIES
        and code in vocabulary.REGION_NAMES
        and _CITY[city].search(folded)
    ]
    outside = [
        place for place, pattern in _OTHER_PLACES if pattern.search(folded) and place not in offered
    ]
    outside += [
        code
        for city, code in vocabulary.REGION_CITIES.items()
        if city in vocabulary.CITIES
        and code in vocabulary.OTHER_PLACES
        and code not in offered
        and _CITY[city].search(folded)
    ]
    within = [place for place, pattern in _EU_MEMBERS if pattern.search(folded)]
    within += [
        country
        for city, country in vocabulary.EU_CITY_COUNTRIES.items()
        if _CITY[city].search(folded) and country not in within
    ]
    # "EU (Amsterdam, Netherlands)": the statement says which country the EU region is in.
    statement = normalise(claim.statement)
    stated = [place for place, pattern in _EU_MEMBERS if pattern.search(statement)]
    stated += [
        country
        for city, country in vocabulary.EU_CITY_COUNTRIES.items()
        if _CITY[city].search(statement) and country not in stated
    ]
    single_eu = offered.count("eu") == 1
    if within and not outside and stated and single_eu:
        elsewhere = [place for place in within if place not in stated]
        if elsewhere and not [place for place in within if place in stated]:
            return (
                "no",
                f"{', '.join(elsewhere).title()} is not among the regions offered (the EU "
                f"region is in {', '.join(stated).title()})",
            )
    # "EU (Amsterdam, Netherlands)", asked about the Netherlands; "EU West (Dublin)" among
    # other EU regions, asked about Dublin: a listed location is in that country.
    if (
        within
        and not outside
        and set(within) <= set(stated)
        and ((single_eu and len(stated) == 1) or set(within) <= set(_cities_countries(claim)))
    ):
        within = []
    if within and not outside and "eu" not in offered:
        # A country inside the EU, against a complete list with no EU region at all.
        named = ", ".join(place.title() for place in within)
        return "no", f"{named} is not among the regions offered ({', '.join(map(spelt, offered))})"
    if within and not outside:
        return (
            "unknown",
            f"{', '.join(within).title()}: within a listed region (eu), but whether data "
            f"stays in that country is not stated",
        )
    missing = [code for code in asked if code not in offered]
    if outside or missing:
        named = ", ".join([*(place.title() for place in outside), *map(spelt, missing)])
        listed = ", ".join(map(spelt, offered))
        return "no", f"{named} is not among the regions offered ({listed})"
    others = [code for code in offered if code not in asked]
    only = _ONLY_OFFERED.search(folded) or (
        _EXCLUSIVELY.search(folded) and not _OWN_DATA.search(folded)
    )
    if asked and others and only:
        # "Is the US the only hosting region offered?" against a longer list.
        return "no", f"{', '.join(others).upper()} is offered as well ({', '.join(offered)})"
    return None


_CITY = {city: re.compile(rf"\b{re.escape(city)}\b") for city in vocabulary.REGION_CITIES}


def _claim_places_text(claim: ClaimRecord) -> str:
    attributes = claim.conditions.get("attributes") or {}
    values = [
        str(item) for value in attributes.values() if isinstance(value, list) for item in value
    ]
    return normalise(" ".join([claim.statement, *values]))


def _listed(claim: ClaimRecord) -> list[str]:
    """Return the cities a claim names, as written in the order it names them."""
    text = _claim_places_text(claim)
    found = [
        (match.start(), city)
        for city in vocabulary.CITIES
        for match in [_CITY[city].search(text)]
        if match
    ]
    return [city.title() for _, city in sorted(found)]


def _cities_countries(claim: ClaimRecord) -> list[str]:
    """Return the EU countries of the cities a claim lists its locations by."""
    return [
        vocabulary.EU_CITY_COUNTRIES[city.lower()]
        for city in _listed(claim)
        if city.lower() in vocabulary.EU_CITY_COUNTRIES
    ]


def _cities_outside(claim: ClaimRecord, folded: str) -> list[str]:
    """Return the cities a question names that a claim listing its locations city by city
    leaves out ("a Frankfurt data centre" against Stockholm, Amsterdam, Manchester and
    London). Empty when the claim names no city: a region ("EU") is then decided by country."""
    if not _listed(claim):
        return []
    text = _claim_places_text(claim)
    return [
        city
        for city in vocabulary.CITIES
        if _CITY[city].search(folded) and not _CITY[city].search(text)
    ]


def places_named(folded: str) -> set[str]:
    """Return the regions and other places a folded text names (region codes for regions)."""
    found = {code for code, pattern in _REGIONS if pattern.search(folded)}
    found |= {place for place, pattern in _OTHER_PLACES if pattern.search(folded)}
    return found | {place for place, pattern in _EU_MEMBERS if pattern.search(folded)}


def spelt(code: str) -> str:
    """Return how an answer writes a region code: "EU", "US", "APAC"; a place name titled."""
    return code.upper() if len(code) <= 4 else code.title()


def places_with_cities(folded: str) -> set[str]:
    """Return :func:`places_named` and the regions of the cities a text names ("the Sydney
    region" names Australia)."""
    cities = {
        code
        for city, code in vocabulary.REGION_CITIES.items()
        if city in folded and re.search(rf"\b{re.escape(city)}\b", folded)  # `in` screens
    }
    return places_named(folded) | cities


def places_in(folded: str) -> set[str]:
    """Return the stems of the words of a (normalised) text that name a place or city
    ("canada", "frankfurt"): what an exclusion ("Hosting in Canada is not offered") may take
    out of a claim's scope."""
    if not places_with_cities(folded):
        return set()  # one pass over the text before one per word
    return {stem(word) for word in words(folded) if places_with_cities(word)}

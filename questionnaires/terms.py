"""Content terms of a text: the words a question asks about and a claim speaks of.

Words are folded by the lexicon's synonyms, stemmed (Snowball) and grouped by its related
stems; function words, the lexicon's soft words and the vendor's own name are left out. A
place is left to the region rules, a city asked about stands for "where".
"""

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from models.kb.lexicon import lexicon
from questionnaires import vocabulary

_STEMMER = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[a-z0-9][a-z0-9'./-]*[a-z0-9]|[a-z0-9]")
FUNCTION_WORDS = frozenset(lexicon()["function_words"])

_SOFT = frozenset(lexicon()["soft_words"])
_PLACE_WORDS = frozenset(word for place in vocabulary.PLACES for word in place.split())
# Compounds the lexicon spells as one idea ("at-rest", "in-transit", "api-key"…).
_KNOWN_COMPOUNDS = frozenset(
    word for _pattern, spelling in lexicon()["synonyms"] for word in spelling.split() if "-" in word
) | frozenset(word for group in lexicon()["related"] for word in group if "-" in word)


@lru_cache(maxsize=1)
def _related() -> dict[str, str]:
    """Map each related stem to the first stem of its group (one spelling per idea)."""
    groups: dict[str, str] = {}
    for group in lexicon()["related"]:
        for stem in group:
            groups.setdefault(stem, group[0])
    return groups


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Return the idea a word stands for: its Snowball stem, folded by related groups."""
    word = word.strip("'.-/").removesuffix("'s")
    stemmed = _STEMMER.stemWord(word) if word.isalpha() else word
    if stemmed.endswith("ifi") and len(stemmed) > 5:
        # Snowball leaves "verify" as "verifi" but "verification" as "verif": one idea.
        stemmed = stemmed[:-1]
    return _related().get(stemmed, _related().get(word, stemmed))


def attribute_ideas(name: str) -> frozenset[str]:
    """Return the ideas an attribute's name speaks of ("used_for_training": use, train),
    without its function words and parts of one or two letters."""
    return frozenset(
        stem(part) for part in name.split("_") if len(part) > 2 and part not in FUNCTION_WORDS
    )


def words(folded: str) -> list[str]:
    """Return the words of folded text, in order."""
    return _WORD.findall(folded)


@dataclass(frozen=True)
class Term:
    """One content term of a question: its idea (stem) and the word as asked."""

    stem: str
    word: str
    position: int


def content_terms(folded: str, ignore: frozenset[str] = frozenset()) -> list[Term]:
    """Return the question's content terms (first occurrence of each idea).

    Args:
        folded: The normalised question.
        ignore: Further words to leave out (the vendor's own name).
    """
    return list(_content_terms(folded, ignore))


@lru_cache(maxsize=16384)
def _content_terms(folded: str, ignore: frozenset[str]) -> tuple[Term, ...]:
    # One question's text is read several times (shape, coverage, details): read it once.
    terms: dict[str, Term] = {}
    previous = ""
    for found in _WORD.finditer(folded):
        word = found.group(0)
        if previous[-1:].isdigit() and _DURATION_UNIT.fullmatch(word):
            # "for 2 years" is a duration, which the number rules read: not "annual".
            previous = word
            continue
        previous = word
        for part in _parts(word):
            _add_term(terms, part, found.start(), ignore)
    return tuple(terms.values())


_DURATION_UNIT = re.compile(r"years?")


def spoken_ideas(folded: str) -> set[str]:
    """Return the ideas a claim's sentence (already folded) speaks of: its content terms,
    and function words that stand for an idea of the related groups ("not copied to another
    region" speaks of a second region)."""
    ideas = {term.stem for term in content_terms(folded)}
    for word in words(folded):
        if word in related_function_words():
            ideas.add(stem(word))
    return ideas


def _parts(word: str) -> list[str]:
    """A hyphenated compound the lexicon does not know ("sso-based") is read as its parts;
    one the lexicon lists as a function or soft word ("one-time", "go-live") stays whole. Words
    joined by a slash are read one by one."""
    if "/" in word:
        # "FIDO2/WebAuthn", "masked/redacted": two words, each its own term.
        return [piece for part in word.split("/") if part for piece in _parts(part)]
    if _CLOUD_REGION_CODE.match(word):
        return []  # "AWS ca-central-1": a place, which the region rules read
    if "-" in word and word not in _KNOWN_COMPOUNDS and word not in FUNCTION_WORDS | _SOFT:
        return [part for part in word.split("-") if part]
    return [word]


# A cloud provider's region code ("ca-central-1", "europe-west2", "ap-southeast-2").
_CLOUD_REGION_CODE = re.compile(
    r"^(?:us|eu|ca|ap|sa|me|af|il|mx|uk|europe|asia|australia|northamerica|southamerica)-"
    r"(?:gov-)?(?:north|south|east|west|central|northeast|southeast|northwest|southwest)\d*"
    r"(?:-\d+)?$"
)


def _add_term(terms: dict[str, "Term"], word: str, position: int, ignore: frozenset[str]) -> None:
    # "our organisation's admins": the possessive of a soft or function word is one too.
    word = word.removesuffix("'s")
    if (
        word in FUNCTION_WORDS
        or word in _SOFT
        or word in ignore
        or (word in _PLACE_WORDS and word not in CITY_WORDS)
        or not re.search(r"[a-z]", word)
        or len(word) < 2
    ):
        return
    if word in CITY_WORDS:
        # Keyed by the city too: "hosted in the Amsterdam region" keeps the city as asked.
        terms.setdefault(f"{CITY_IDEA} {word}", Term(CITY_IDEA, word, position))
        return
    idea = stem(word)
    if idea in _SOFT or idea in ignored_ideas(ignore):
        return
    terms.setdefault(idea, Term(idea, word, position))


# A city a question names ("a Frankfurt data centre") asks where: any passage naming a place
# speaks of it, and the region rules decide whether the city is among those offered.
CITY_WORDS = frozenset(vocabulary.CITIES)
CITY_IDEA = stem("located")


@lru_cache(maxsize=256)
def ignored_ideas(ignore: frozenset[str]) -> frozenset[str]:
    # The vendor's name and product in any inflection ("Managed Databases" leaves out
    # "database" too): they name the service the questionnaire is about.
    return ignore | frozenset(stem(word) for word in ignore)


@lru_cache(maxsize=1)
def related_function_words() -> frozenset[str]:
    """Function words that stand for an idea of the related groups ("another")."""
    return frozenset(word for word in FUNCTION_WORDS if _STEMMER.stemWord(word) in _related())

"""Plain text from questionnaires: HTML stripped, and the vocabulary of real questionnaires
folded to one spelling per idea ("pen test" → "penetration test", "2FA" → "mfa") so patterns
over questions can be written once.
"""

import html
import re
from functools import lru_cache

from models.kb.lexicon import lexicon
from questionnaires.screen import LazyPattern, needed_literals

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*(br|/p|/li|/div)\s*/?>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def plain_text(value: object) -> str:
    """Return ``value`` as one line of plain text: tags removed, entities decoded."""
    if value is None:
        return ""
    text = str(value)
    if "<" in text:
        text = _BREAK.sub(" ", text)
        text = _TAG.sub("", text)
    if "&" in text:
        text = html.unescape(text)
    return _SPACE.sub(" ", text).strip()


# Each pair: a pattern over lower-case text and the spelling the rules use, from the lexicon
# (``resources/lexicon.json``). Order matters: longer phrases first, so "business associate
# agreement" becomes "baa" before "agreement" can be read alone.
SYNONYMS: tuple[tuple[str, str], ...] = tuple(
    (pattern, spelling) for pattern, spelling in lexicon()["synonyms"]
)
# Each with the literals one of which a match needs (questionnaires.screen): folding skips a
# pattern whose literals are absent, for the same result at a fraction of the cost, and a
# pattern is compiled only when a text first holds its literals.
_COMPILED = tuple(
    (LazyPattern(pattern), spelling, needed_literals(pattern)) for pattern, spelling in SYNONYMS
)


# An abbreviation beside its expansion: "Open Charge Point Protocol (OCPP)", "SIEM (security
# information and event management)". Asked in a question, the pair is one term, written as the
# abbreviation; a claim keeps both, so that either answers.
_EXPANDED_BEFORE = re.compile(r"((?:[a-z][\w'-]* ){1,9})\(([a-z][a-z0-9]{1,6})\)")
_EXPANDED_AFTER = re.compile(r"\b([a-z][a-z0-9]{1,6}) \(((?:[a-z][\w'-]* ?){2,9})\)")
_MINOR = frozenset({"and", "of", "for", "the", "&", "as", "a", "in", "on", "to"})


def _initials(words: list[str], minor: frozenset[str] = _MINOR) -> str:
    """Return the initials of words, hyphenated parts counted on their own, ``minor`` words
    left out."""
    return "".join(
        part[0] for word in words for part in word.split("-") if part and part not in minor
    )


def _spells(words: list[str], letters: str) -> bool:
    # "security information and event management" (SIEM) leaves "and" out; "infrastructure as
    # a service" (IaaS) and "single sign-on" (SSO) count every word.
    return letters in (_initials(words), _initials(words, frozenset()))


def _letters(short: str, words: list[str]) -> str:
    """Return the letters of an abbreviation the words spell, its plural "s" dropped when
    only that spells them ("primary account numbers (PANs)")."""
    letters = re.sub(r"[^a-z]", "", short)
    if letters.endswith("s") and not _spells(words, letters):
        return letters[:-1]
    return letters


def _abbreviation_before(found: re.Match[str]) -> str:
    words, short = found.group(1).split(), found.group(2)
    letters = re.sub(r"[^a-z]", "", short)
    # The expansion is the shortest run of words just before the parenthesis whose initials
    # spell the abbreviation ("…of the open charge point protocol (ocpp)").
    for start in range(len(words) - 1, -1, -1):
        if words[start] in _MINOR:
            continue
        spelt = _letters(short, words[start:])
        if _spells(words[start:], spelt):
            short = short[: len(spelt)] if short.isalpha() else short
            kept = " ".join(words[:start])
            return f"{kept} {short}" if kept else short
        if len(_initials(words[start:])) > len(letters):
            break
    return found.group(0)


def _abbreviation_after(found: re.Match[str]) -> str:
    short, words = found.group(1), found.group(2).split()
    spelt = _letters(short, words)
    if _spells(words, spelt):
        return short[: len(spelt)] if short.isalpha() else short
    return found.group(0)


def fold_abbreviations(text: str) -> str:
    """Return lower-case text with each abbreviation's expansion beside it dropped (read of a
    question by coverage: what it asks about is the abbreviated thing, once)."""
    if "(" not in text:
        return text
    text = _EXPANDED_BEFORE.sub(_abbreviation_before, text)
    return _EXPANDED_AFTER.sub(_abbreviation_after, text)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Return lower-case ``text`` with synonyms folded and spacing collapsed."""
    folded = _SPACE.sub(" ", text.lower())
    for pattern, spelling, needed in _COMPILED:
        if needed is not None:  # skip, without a call, a pattern whose literals are not there
            for literal in needed:
                if literal in folded:
                    break
            else:
                continue
        folded = pattern.sub(spelling, folded)
    return folded.strip()


def compact(text: str) -> str:
    """Return only the letters and digits of lower-case ``text`` ("DALL-E 2" → "dalle2")."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


# A questionnaire's own numbering before a question: "12.", "3)", "Q4:", "5.3(a)", "9.1".
_NUMBERED = r"((q(uestion)?\s*)?\d+(\.\d+)*[a-z]?(\(\w{1,4}\))*[.):-]?\s+)?"
_ASKING = re.compile(
    r"(^|[.!?:;]\s+|\n)\s*" + _NUMBERED + r"((do|does|did|is|are|can|could|will|would|what|"
    r"which|how|who)\b|(provide|describe|list|explain|specify|confirm|indicate|identify|share|"
    r"please|attach|outline|detail|summari[sz]e|state)\b)|"
    # "For our APAC operations, please confirm whether…": a request after a leading phrase.
    r"\bplease (confirm|describe|provide|list|explain|specify|indicate|identify|share|state|"
    r"advise|outline|detail|attach|tell)\b",
    re.IGNORECASE,
)


def is_asking(text: str) -> bool:
    """True when ``text`` asks something: a question mark, a sentence opening with a
    question word or a request ("Describe…", "List…"), or a short spreadsheet row naming what
    it asks for ("Backup retention period"). Statements such as the text of a law are not
    answered, however well they match a claim."""
    stripped = text.strip()
    return (
        "?" in stripped
        or stripped.endswith(":")
        or _ASKING.search(stripped) is not None
        or _is_row_heading(stripped)
    )


# A spreadsheet row that names what it asks for ("Backup retention period", "Uptime % per the
# SLA"): a few words with no verb of a statement, not a heading of a law's text.
_STATEMENT_VERB = re.compile(
    r"\b(shall|must|should|will|may|is|are|was|were|has|have|means|includes?)\b", re.IGNORECASE
)
_LAW_HEADING = re.compile(r"^\s*(art(icle)?s?\.?|section|§|chapter|recital)\s*\d", re.IGNORECASE)


def _is_row_heading(text: str) -> bool:
    return (
        len(text.split()) <= 12
        and not text.endswith(".")
        and _STATEMENT_VERB.search(text) is None
        and _LAW_HEADING.search(text) is None
    )

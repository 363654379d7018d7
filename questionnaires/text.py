"""Plain text from questionnaires: HTML stripped, and the vocabulary of real questionnaires
folded to one spelling per idea ("pen test" → "penetration test", "2FA" → "mfa") so the rules
in :mod:`questionnaires.vocabulary` can be written once.
"""

import html
import re
from functools import lru_cache

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


# Each pair: a pattern over lower-case text and the spelling the rules use. Order matters:
# longer phrases first, so "business associate agreement" becomes "baa" before "agreement"
# can be read alone.
SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"[\u2018\u2019\u201b`]", "'"),
    (r"[\u201c\u201d\u201e]", '"'),
    (r"[\u2010-\u2015]", "-"),
    (r"\bpen(etration)?[\s-]?test(s|ing|ed)?\b|\bpentest(s|ing)?\b", "penetration test"),
    (
        r"\b(2fa|two[\s-]?factor|two[\s-]step|multi[\s-]?factor|mfa)"
        r"( authentication| auth)?\b",
        "mfa",
    ),
    (r"\bstandard contractual clauses\b|\bsccs?\b|\bmodel clauses\b", "sccs"),
    (r"\bzero[\s-]data[\s-]retention\b|\bzero[\s-]retention\b|\bzdr\b", "zdr"),
    (r"\belectronic protected health information\b|\be-?phi\b", "phi"),
    (r"\bprotected health information\b|\bhealth data\b", "phi"),
    (r"\bbusiness associate (agreement|contract|addendum)s?\b|\bbaas?\b", "baa"),
    (
        r"\bbring your own keys?\b|\bbyok\b|\bcustomer[\s-]managed (encryption )?keys?\b"
        r"|\bcmek\b|\bhold your own key\b|\bhyok\b",
        "byok",
    ),
    (r"\bdata protection officers?\b|\bdpos?\b", "dpo"),
    (r"\bsub[\s-]?processors?\b|\bsub[\s-]?processing\b", "subprocessor"),
    (r"\bdata processing (agreement|addendum|terms)s?\b|\bdpas?\b", "dpa"),
    (r"\bsoc ?2\b|\bsoc two\b", "soc2"),
    (r"\bsoc ?3\b", "soc3"),
    (r"\btype (ii|2)\b", "type2"),
    (r"\biso(/iec)?[\s-]?(\d{5})\b", r"iso\2"),
    (r"(?<!iso)\b(27001|27017|27018|27701|42001)\b", r"iso\1"),
    (
        r"\bin[\s-]transit\b|\bin transmission\b|\bduring transmission\b|\bwhile transmitted\b"
        r"|\belectronically transmitted\b|\bover (public |the )?networks?\b"
        r"|\b(during|in) transport\b",
        "in-transit",
    ),
    (r"\bat[\s-]rest\b", "at-rest"),
    (r"\brole[\s-]based access( control)?\b|\brbac\b", "rbac"),
    (r"\bdata[\s-]?cent(er|re)s?\b", "datacenter"),
    (r"\bsingle sign[\s-]?on\b|\bsso\b|\bsaml\b|\boidc\b", "sso"),
    (r"\bapi[\s-]keys?\b", "api-key"),
    (r"\bfine[\s-]?tun(e|ed|ing)\b", "fine-tuning"),
    (r"\bdall[\s\-·]?e[\s\-]?([23])\b", r"dall-e-\1"),
    (r"\bdall[\s\-·]?e\b", "dall-e"),
    (r"\beuropean union\b|\beurope\b|\beea\b", "eu"),
    (r"\bunited kingdom\b|\bgreat britain\b", "uk"),
    (r"\bunited states\b|\busa\b|\bu\.s\.\b", "us"),
    # Questionnaires written in the third person ("Does the vendor offer…") ask the vendor.
    (r"\b(the|this) (vendor|supplier|service provider|provider)'s\b", "your"),
    (r"\b(the|this) (vendor|supplier|service provider|provider)\b", "you"),
)
_COMPILED = tuple((re.compile(pattern), spelling) for pattern, spelling in SYNONYMS)


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Return lower-case ``text`` with synonyms folded and spacing collapsed."""
    folded = _SPACE.sub(" ", text.lower())
    for pattern, spelling in _COMPILED:
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
    """True when ``text`` asks something: a question mark, or a sentence opening with a
    question word or a request ("Describe…", "List…"). Statements such as the text of a law
    are not answered, however well they match a claim."""
    stripped = text.strip()
    return "?" in stripped or stripped.endswith(":") or _ASKING.search(stripped) is not None

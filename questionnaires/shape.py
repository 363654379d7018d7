"""Question shape, read from the wording for every vendor: what a question asks about a claim
(whether it holds, whether it is on by default, whether a document needs an account, whether
the customer can have it alone, whether a feature is supported at all) and its polarity (a
question that negates the practice it names, a claim that denies it).

The words that carry the shape ("by default", "require an account to view", "excluded
from") are taken out of the text that coverage checks: they are what is asked *about* the
claim, not a topic the claim must mention.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from models.kb.claims import ClaimRecord
from models.verdicts import RuleAspect
from questionnaires import vocabulary
from questionnaires.coverage import sentences
from questionnaires.matching import negated_before
from questionnaires.passages import AFFIRMING, LEAVING, UNLESS_ALLOWED
from questionnaires.regions import places_named
from questionnaires.terms import attribute_ideas, content_terms, stem, words
from questionnaires.text import normalise

_GATE_WORDS = (
    r"(an? |any )?(account|log-?in|nda|non-disclosure agreement|registration|sign-?in|"
    r"portal access)"
)
_REQUIRES_GATE = re.compile(
    r"\b(requir\w*|need\w*|must (we |i |customers )?(have|hold|sign))\b( to (have|hold|sign))?"
    rf"\s*{_GATE_WORDS}"
    r" (to|before|in order to) (view|see|access|download|obtain|read|get|request)\w*"
    r"( it| them| this)?"
    rf"|\b(behind|gated by|locked behind)\s*(an? |the )?(account|log-?in|nda|portal|paywall)"
    r"|\b(view|see|access|download|obtain|read|get)\w* [^?.]{0,60}\b(requir|need)\w*\s*"
    + _GATE_WORDS
    + r"|\b(is|are) "
    + _GATE_WORDS
    + r" (required|needed|necessary)"
)
_PUBLIC_GATE = re.compile(
    rf"\bwithout\s*((signing|having|creating|opening|holding|registering for|needing)\s+)?"
    rf"{_GATE_WORDS}|\b{vocabulary.PUBLICLY}\b( (available|accessible|"
    r"downloadable|viewable|posted|published))?|\bfreely (available|accessible|downloadable)"
)
_DEFAULT = re.compile(
    r"\b((enabled|on|active|turned on|switched on|applied|in effect)\s+)?("
    + vocabulary.ASKS_DEFAULT
    + r")"
    r"|\bautomatically\b"
)
_SELF_SERVICE = re.compile(vocabulary.ASKS_SELF_SERVICE)
# "Do support engineers view our data without our approval?": the vendor's staff acting
# without the customer's say is a gate (questionnaires.gates), not self-service.
_STAFF_WITHOUT_OUR_SAY = re.compile(
    r"\b(?:support|engineers?|staff|employees|personnel|you|vendor)\b[^?]*\bwithout "
    r"(?:\w+ )?(?:our|the customer'?s?|[a-z-]+'s)\b"
)
_AVAILABLE = re.compile(
    r"\b(support(s|ed)?|available|offer(s|ed)?|possible|able to|an option to|option to|"
    r"allow(s|ed)? (us|customers|users|me)? ?to|let (us|customers|users)|can (we|customers|"
    r"users|i|our \w+|admins?|administrators?)"
    # "Can we move our tenant to another region?": moving is what is asked, not framing.
    r"( (?!(?:move|migrate|relocate|transfer|switch)\b)\w+)?|"
    r"can (the |our |your |an? )?(account |workspace |tenant |organi[sz]ation |org |console "
    r"|dashboard )(admins?|administrators?|owners?|users?|members?)\b|"
    # "Can hardware security keys be used as a second factor?": whether the feature exists
    # (only "can" is framing; what follows it is the subject).
    r"can\b(?=[^?.;]{0,60}\bbe (used|enabled|configured|turned on|switched on|set up|"
    r"registered|enrolled|added)\b)|"
    # "Can district IT mandate 2FA for every staff member?": whoever the customer's side is.
    r"can\b(?=(?: [\w-]+){1,3} (mandate|require|enforce|enable|configure)\b))\b"
)
_CONFIGURABLE = re.compile(r"\b(configurable|customi[sz]able|adjustable|settable)\b")
_REQUIRES = re.compile(
    r"\b(does|do|is|are|will|would)\b[^.?!]*\b(requir\w*|need\w*|prerequisite|conditional on|"
    # "subject to approval" is a condition; "subject to background checks" is the practice.
    r"subject to(?! (?:an? |the )?(?:[\w-]+ ){0,3}(?:checks?|screening|tests?|testing|audits?|"
    r"assessments?|scans?|scanning)\b))\b"
)
# "Is MFA required for every administrator account?" asks whether it is mandatory, which the
# claim's own words decide, not whether the service requires a step of the customer.
_MANDATED_FOR = re.compile(
    r"^(?:is|are) (?!(?:[\w-]+ ){0,3}(?:approv|consent|authori[sz]|permission|sign-?off))"
    r"(?:[\w-]+ ){1,4}(?:required|mandatory) (?:for|on|of|across) (?:all|every|each)\b"
    # "Do you require TLS 1.2 or higher for all connections?": what the vendor enforces.
    r"|^(?:do|does) (?:you|your (?:service|platform|application|company|organi[sz]ation)) "
    r"require (?!(?:[\w-]+ ){0,3}(?:approv|consent|authori[sz]|permission|sign-?off))"
)
_QUESTION_NEGATORS = re.compile(
    r"\b(excluded|exempt(ed)?|withheld|kept out|left out|omitted|protected|shielded) (from|of)\b|"
    r"\bopt(ed|s)?[- ]out of\b|\brefrain\w* from\b|\bprohibit\w*\b|\bforbid\w*\b|"
    # "Is Google Vault data out of scope of the backup?"
    r"\b(out of|outside( of)?) (the )?scope( of| for)?\b"
)
_ASKED_OFF = re.compile(r"\b(?:disabled|switched off|turned off|deactivated)(?=\s*[?,;]|\s*$)")
_IS_ARE = re.compile(r"^\W*(?:is|are)\b")
_CLAIM_NEGATION = re.compile(r"^\s*no\b|\bnot\b|\bnever\b|n't\b|\bwithout\b")
# Words that take something out of a claim's scope ("excluding", "does not apply to", "is
# not yet in the scope"), as distinct from a claim denying a practice ("does not sell").
# "transfers outside the EEA", "support outside business hours": a place or a time, not a
# scope the mention is taken out of.
_OUTSIDE = (
    r"outside(?! (?:of )?(?:the |its |their |your |our )?(?:eea|eu|uk|us|european|united|"
    r"switzerland|swiss|region|country|countries|jurisdiction|business hours|working hours|"
    r"office hours|normal hours)\b)( of)?"
)
_EXCLUSION = re.compile(
    r"\b(exclud\w*|except|other than|" + _OUTSIDE + r"|out of scope|"
    r"(does|do|did|is|are|will) not (yet )?(apply|cover|include|extend|analy[sz]e|assess|"
    r"examine|evaluate|in( the)? scope)\w*( to| of)?|"
    r"not (yet )?(in|within|part of) (the |its )?(?:[\w-]+ ){0,3}?scope( of)?|"
    r"not (covered|included|available)( for| on| in)?|"
    r"not offered( for| on| in)?)\b"
)
# After the word, an exclusion said of it ("Webinars is not yet in the scope", "Trips is
# excluded"), not one it governs ("require SSO for all users except one Owner account").
_PREDICATED = re.compile(r"^(?:[\w'/-]+ ){0,3}?(?:is|are|was|were|remains?|stays?)\b")
_EXCLUDED_FIRST = re.compile(
    r"^(?:excluded|not covered|not included|out of scope|" + _OUTSIDE + r")(?![\w-])"
)


_SECOND_PREDICATE = re.compile(
    r",? \b(?:and|but)\b (?=(?:is|are|was|were|does|do|cannot|can't|isn't|aren't|has|have)\b)"
)


def _excluded_after(after: str) -> bool:
    """True when the words after a mention say it is excluded. "Crew and Enterprise plans and
    is not available on the Starter plan": a second predicate of the sentence's subject says
    nothing of the mention."""
    # "Ashbourne Connect (the ATS connectors) is not in scope": a bracket closes the name.
    after = " ".join(re.sub(r"[()\[\]]", " ", after).split())
    after = _SECOND_PREDICATE.split(after, maxsplit=1)[0]
    if _EXCLUDED_FIRST.match(after):
        return True
    return _PREDICATED.match(after) is not None and _EXCLUSION.search(after) is not None


_EXCLUDED_LISTS = re.compile(
    r"^(excluded|excludes|exclusions|not_covered|not_offered|not_in_scope)"
)


@dataclass(frozen=True)
class Shape:
    """What a question asks about the claims that cover it.

    Attributes:
        aspect: ``status``, ``members``, ``default``, ``gated-access``, ``self-service``,
            ``requires``, ``available`` or ``attribute``.
        inverse: The question asks the opposite of what the aspect's verdict says (asking
            whether an account is *required* to view a public document).
        negated: The question negates the practice it names ("excluded from training").
        topic_text: The question with the shape's own words taken out, for coverage.
    """

    aspect: RuleAspect
    inverse: bool
    negated: bool
    topic_text: str


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(" ", text)


# "Does the solution automatically reconcile invoices?": what the feature does, asked of the
# service (its conditions decide), not whether a setting is on ("switched on automatically",
# "automatically enabled for new accounts").
_DOES_AUTOMATICALLY = re.compile(
    r"^(?:does|do|will|can) (?:the |your |our )?[\w -]{0,40}?\bautomatically (?!(?:on|enabled|"
    r"active|applied|turned|switched|for (?:new|all|every))\b)[a-z]+"
)


# "Can user accounts be provisioned automatically through SCIM?": whether it can be done.
_CAN_BE_DONE = re.compile(r"^(?:can|could|may) [\w ,/'-]{1,60}? be [a-z]+(?:ed|en)\b")


def read_shape(folded: str) -> Shape:
    """Read what a (normalised) question asks, and take the shape's words out of it."""
    topic = folded
    negated = _QUESTION_NEGATORS.search(folded) is not None
    topic = _blank(topic, _QUESTION_NEGATORS)
    if _ASKED_OFF.search(topic) and _IS_ARE.match(topic):
        # "Are TLS 1.0/1.1 switched off?" asks whether they are not accepted ("disabled by
        # default" asks the default, which the default shape reads).
        negated = True
        topic = _blank(topic, _ASKED_OFF)
    if _REQUIRES_GATE.search(folded):
        return Shape("gated-access", True, False, _blank(topic, _REQUIRES_GATE))
    if _PUBLIC_GATE.search(folded):
        return Shape("gated-access", False, False, _blank(topic, _PUBLIC_GATE))
    if _DEFAULT.search(folded) and (
        re.search(vocabulary.ASKS_DEFAULT, folded)
        or not (
            _AVAILABLE.search(folded)
            or _DOES_AUTOMATICALLY.search(folded)
            or _CAN_BE_DONE.search(folded)
        )
    ):
        # A bare "automatically" in "Can admins have envelopes deleted automatically?"
        # describes the feature asked about, not its default.
        return Shape("default", False, negated, _blank(topic, _DEFAULT))
    if _SELF_SERVICE.search(folded) and not _STAFF_WITHOUT_OUR_SAY.search(folded):
        return Shape("self-service", False, negated, _blank(topic, _SELF_SERVICE))
    if _REQUIRES.search(folded) and not _MANDATED_FOR.search(folded):
        return Shape("requires", False, negated, topic)
    if _AVAILABLE.search(folded):
        return Shape("available", False, negated, _blank(topic, _AVAILABLE))
    if _CONFIGURABLE.search(folded):
        # "Is the retention period configurable by the customer?": whether it can be set,
        # which a claim must say (the word stays in what is asked).
        return Shape("available", False, negated, topic)
    return Shape("members", False, negated, topic)


def question_negates(folded: str, terms: Iterable[str]) -> bool:
    """True when a negation governs one of the question's content words ("no more than one
    hour" bounds a figure; it negates nothing)."""
    folded = AFFIRMING.sub(" ", folded)
    for word in terms:
        found = re.search(rf"\b{re.escape(word)}\b", folded)
        if found and negated_before(folded, found.start()):
            return True
    return False


# "never leave the region", "are not copied outside the EU": what is denied is leaving the
# place named next; a question whether data stays there is answered by it, not denied.
_LEAVING_DENIED = re.compile(
    r"\b(?:never|not|n't|no longer)\s+(?:be\s+)?(?:leave|leaves|left|exit|exits|cross|crosses|"
    r"moved|transferred|sent|copied|replicated|stored|held|kept)\s+"
    r"(?:(?:out of|outside(?: of)?|beyond)\s+)?(?:the |its |their |your |our |a |an )?$"
)


def claim_denies(claim: ClaimRecord, ideas: set[str]) -> bool:
    """True when a claim that holds states the *absence* of the practice the question names:
    its title opens with "No …" or negates a word of the question ("not used to train")."""
    if claim.status == "no":
        return False  # the status already says the vendor does not
    first, _dot, rest = claim.statement.partition(". ")
    for text in (normalise(claim.title), normalise(first)):
        text = AFFIRMING.sub(" ", text)  # "without undue delay" denies nothing
        if UNLESS_ALLOWED.search(text):
            continue  # "may not run their own tests without written approval": a condition
        purpose = _DENIED_PURPOSE.search(text)
        if purpose is not None and stem(purpose.group(1)) in ideas:
            # "does not use customer forms, prompts or answers to train models"
            return True
        if re.match(r"^\s*no\b", text) and ideas & {stem(word) for word in words(text)}:
            return True
        for found in re.finditer(r"[a-z0-9][a-z0-9'-]*", text):
            if stem(found.group(0)) not in ideas:
                continue
            if _LEAVING_DENIED.search(text[: found.start()]):
                # "backups never leave the region" denies leaving it, and affirms staying.
                if ideas & LEAVING:
                    return True
                continue
            if negated_before(text, found.start()):
                return text == normalise(claim.title) or not _said_after(ideas, text, rest)
            if ";" in text[found.end() :]:
                # "SSO is available on Studio and Atlas; Draft has no SSO": the clause that
                # first speaks of it affirms; a later clause limits it, it does not deny it.
                break
    return _purpose_denied_later(claim, ideas, rest) or _detail_denied(claim, ideas)


def _purpose_denied_later(claim: ClaimRecord, ideas: set[str], rest: str) -> bool:
    """True when a later sentence denies a use for the purpose the question asks ("Draft
    Assist is off by default. Tarnwick does not use customer data … to train … models") and
    no other sentence speaks of that purpose without a negation."""
    texts = [AFFIRMING.sub(" ", normalise(part)) for part in sentences(rest)]
    for index, text in enumerate(texts):
        purpose = _DENIED_PURPOSE.search(text)
        if purpose is None or UNLESS_ALLOWED.search(text) or stem(purpose.group(1)) not in ideas:
            continue
        wanted = stem(purpose.group(1))
        others = [other for number, other in enumerate(texts) if number != index]
        return not any(
            wanted in {stem(word) for word in words(other)} and not _CLAIM_NEGATION.search(other)
            for other in others
        )
    return False


# A sentence that bounds a figure ("not kept longer than 30 days") limits, it does not deny.
_BOUNDED = re.compile(r"\d|\b(?:longer|more|less|fewer|later|earlier|other) than\b|\bexcept\b")


_PLAIN_OFFER = frozenset(
    stem(word)
    for word in ("offer", "support", "provide", "allow", "available", "customer", "customers")
)


def only_mention_denied(claim: ClaimRecord, ideas: set[str]) -> bool:
    """True when the one sentence of the statement that speaks of an asked idea beyond the
    claim's title negates it, together with another asked idea: "Pellworth does not offer
    customer-managed encryption keys for stored data", asked for BYOK on stored logs."""
    if claim.status == "no":
        return False  # the status already says the vendor does not
    title = {stem(word) for word in words(normalise(claim.title))}
    texts = [AFFIRMING.sub(" ", normalise(part)) for part in sentences(claim.statement)]
    spoken = [{stem(word) for word in words(text)} for text in texts]
    for idea in sorted(ideas - title):
        holding = [index for index, ideas_of in enumerate(spoken) if idea in ideas_of]
        if len(holding) != 1:
            continue
        text = texts[holding[0]]
        # With one asked idea, the sentence must deny that idea whole ("Lumenfold does not
        # offer customer-managed encryption keys"), not a narrower thing beside it.
        beyond = {term.stem for term in content_terms(text)} - ideas - title - _PLAIN_OFFER
        whole = len(beyond) <= 1 and len(words(text)) <= 10
        if (len(ideas & spoken[holding[0]]) < 2 and not whole) or _BOUNDED.search(text):
            continue
        if UNLESS_ALLOWED.search(text) or re.search(r"\b(?:plans?|tiers?|editions?)\b", text):
            continue  # a condition or a plan limit, not a denial
        for found in re.finditer(r"[a-z0-9][a-z0-9'-]*", text):
            if stem(found.group(0)) == idea and (
                negated_before(text, found.start())
                or (whole and _NOT_OFFERED_AFTER.match(text[found.end() :]))
            ):
                return True
    return False


# "Customer-managed keys (BYOK/HYOK) are not offered": the denial after what it denies.
_NOT_OFFERED_AFTER = re.compile(
    r"\s*(?:\([^)]*\)\s*)?(?:is|are) not (?:offered|supported|available|provided)\b"
)


def _detail_denied(claim: ClaimRecord, ideas: set[str]) -> bool:
    """True when the one later sentence that speaks most of the question's detail negates
    it: "Audit records cannot be edited or deleted by any customer user", asked whether
    admins can modify or purge log entries."""
    detail = ideas - {stem(word) for word in words(normalise(claim.title))}
    detail -= {stem(word) for keyword in claim.keywords for word in words(normalise(keyword))}
    scored = []
    for sentence in re.split(r"(?<=[.;!?])\s+", claim.statement)[1:]:
        text = AFFIRMING.sub(" ", normalise(sentence))
        spoken = {stem(word) for word in words(text)}
        scored.append((len(detail & spoken), text))
    if not scored:
        return False
    best = max(overlap for overlap, _text in scored)
    top = [text for overlap, text in scored if overlap == best]
    if best < 2 or len(top) != 1:
        return False
    return any(
        stem(found.group(0)) in detail
        and negated_before(top[0], found.start())
        # "backups never leave the region", asked whether they stay in it
        and not (_LEAVING_DENIED.search(top[0][: found.start()]) and not ideas & LEAVING)
        for found in re.finditer(r"[a-z0-9][a-z0-9'-]*", top[0])
    )


# A use denied for a purpose, however long the list of what is not used.
_DENIED_PURPOSE = re.compile(
    r"\b(?:does|do|did|will|shall|must|may|is|are) not (?:be )?(?:use|used|share|shared|sell|sold|"
    r"disclose|disclosed|send|sent|pass|passed)\b[^.;]{0,120}?\b(?:to|for)\s+([a-z-]+)"
)


def _said_after(ideas: set[str], denial: str, rest: str) -> bool:
    """True when the statement's later sentences speak of a question idea that its denying
    first sentence does not: "no standing access …; access needs a grant the customer
    approves", asked whether access requires approval, is not a denial of what is asked."""
    missing = ideas - {stem(word) for word in words(denial)}
    later = {stem(word) for word in words(normalise(rest))}
    return bool(missing & later)


# Words that make an excluded item the whole of something ("full report", "complete logs").
_WHOLE = frozenset({"full", "complete", "entire", "whole", "detailed", "raw", "unredacted"})


def excluded_terms(claim: ClaimRecord, ideas: Iterable[str]) -> list[str]:
    """Return the question's ideas the claim takes out of its scope: items of an
    ``excluded…``/``excludes`` list attribute, or words the statement names only after an
    exclusion ("does not apply to live meeting media", "Webinars is not yet in the scope")."""
    wanted = set(ideas)
    excluded: list[str] = []
    for name, values in (claim.conditions.get("attributes") or {}).items():
        if _EXCLUDED_LISTS.match(name) and isinstance(values, list):
            for value in values:
                named = words(normalise(str(value)))
                if len(named) > 1 and named[0] in _WHOLE and stem(named[0]) not in wanted:
                    # "full report" excludes the full report, not the summary of it: a
                    # question that asks for "the results" is not asking for the full one.
                    continue
                for word in named:
                    if stem(word) in wanted and word not in excluded:
                        excluded.append(word)
    clauses = [normalise(part) for part in re.split(r"(?<=[.;])\s+", claim.statement)]
    for idea in wanted:
        mentions = [
            (sentence, found)
            for sentence in clauses
            for found in re.finditer(r"[a-z0-9][a-z0-9'-]*", sentence)
            if stem(found.group(0)) == idea
        ]
        if mentions and all(
            _EXCLUSION.search(" ".join(sentence[: found.start()].split()[-7:]))
            or _excluded_after(" ".join(sentence[found.end() :].split()[:8]))
            for sentence, found in mentions
        ):
            word = mentions[0][1].group(0)
            if word not in excluded:
                excluded.append(word)
    return excluded


_ASKS_ABILITY = re.compile(
    r"\b(can|could|may|able|possible|option|optional|allow\w*|let|lets|support\w*|offer\w*)\b"
)


def boolean_attribute(claim: ClaimRecord, folded: str) -> str | None:
    """Return the yes/no attribute whose every word the question names, if any (the most
    specific one): "Is an enterprise agreement required?" reads
    ``enterprise_agreement_required``."""
    # "sms-delivered" names SMS: a compound's parts count as words too.
    asked = {stem(part) for word in words(folded) for part in {word, *word.split("-")} if part}
    best: tuple[int, str] | None = None
    asks_ability = _ASKS_ABILITY.search(folded) is not None
    asked_numbers = set(re.findall(r"\d+", folded))
    for name, value in (claim.conditions.get("attributes") or {}).items():
        if not isinstance(value, bool):
            continue
        if not set(re.findall(r"\d+", name)) <= asked_numbers:
            continue  # ``tls_1_0: false`` answers "TLS 1.0?", not "minimum TLS version?"
        if not asks_ability and any(part.endswith(("able", "ible")) for part in name.split("_")):
            # ``enforceable: true`` says MFA *can* be enforced; "Is MFA enforced for every
            # user?" asks whether it is, which the claim's default decides.
            continue
        if not _places_asked(name, folded):
            continue  # ``uk_region: false`` answers "Can it be hosted in the UK?" only
        if "other" in name.split("_") and not re.search(r"\b(?:other|outside|elsewhere)\b", folded):
            continue  # ``other_countries: false`` answers "…in any other country?" only
        parts = attribute_ideas(name)
        if parts and parts <= asked and (best is None or len(parts) > best[0]):
            best = (len(parts), name)
    return best[1] if best else None


_PLACE_PARTS = frozenset(vocabulary.REGION_NAMES) | frozenset(
    place for place in vocabulary.PLACES if " " not in place
)


def _places_asked(name: str, folded: str) -> bool:
    """True unless an attribute's name speaks of a place (``uk_region``, ``eu_hosting``)
    that the question does not name."""
    places = {part for part in name.split("_") if part in _PLACE_PARTS}
    if not places:
        return True
    named = places_named(folded)
    return all(
        place in named or any(place in vocabulary.REGION_NAMES.get(code, ()) for code in named)
        for place in places
    )

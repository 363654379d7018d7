"""Composing an answer from claims: the verdict from status and conditions, the text with the
facts and their numbers, the watch-outs as flags, and citations with evidence and dates.

The verdict follows the contract in DESIGN.md: ``yes`` only when the claim holds by default
with nothing for the customer to arrange; ``partial`` when approval, a contract, configuration,
a limited scope or gated evidence stands between; ``no`` when the knowledge base shows the
vendor does not; ``unknown`` when it cannot decide. Superseded claims are followed to the claim
that replaced it and never cited as current.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from models.kb.claims import ClaimRecord
from models.verdicts import Aspect, Polarity, Verdict
from questionnaires import vocabulary
from questionnaires.aspects import decide, exception_to_absolute
from questionnaires.claim_facts import VendorInfo, citation, claim_flags, with_details
from questionnaires.text import normalise

RANK: dict[Verdict, int] = {"yes": 0, "partial": 1, "no": 2, "unknown": 3}
LEAD: dict[Verdict, str] = {"yes": "Yes", "partial": "Partially", "no": "No", "unknown": "Unknown"}
FLIP: dict[Verdict, Verdict] = {
    "yes": "no",
    "no": "yes",
    "partial": "partial",
    "unknown": "unknown",
}
# A claim that does not decide the answer has no verdict of its own: "".
Decision = tuple[Verdict | Literal[""], str]


@dataclass
class Composed:
    """A verdict with the text, citations and flags that support it."""

    verdict: Verdict
    text: str
    citations: list[dict[str, Any]] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)


_DESCRIPTIVE = re.compile(
    r"^\W*(\d+[.)]\s*)?(how|which|what|who|whom|where|when|list|describe|provide|explain|"
    r"name|specify|outline|detail)\b",
    re.IGNORECASE,
)


def is_descriptive(question: str, answer_type: str = "yes-no") -> bool:
    """True when the question asks for facts ("How long…", "Which…") rather than yes/no."""
    return answer_type == "text" or _DESCRIPTIVE.search(question) is not None


def combine(verdicts: list[Verdict], how: str) -> Verdict:
    """Combine per-claim verdicts: ``worst`` keeps every condition, ``best`` any claim will do."""
    if not verdicts:
        return "unknown"
    if how == "best":
        known = [verdict for verdict in verdicts if verdict != "unknown"]
        return min(known, key=RANK.__getitem__) if known else "unknown"
    return max(verdicts, key=RANK.__getitem__)


def compose(
    question: str,
    cited: list[ClaimRecord],
    all_claims: dict[str, ClaimRecord],
    vendor: VendorInfo,
    *,
    aspect: Aspect = "status",
    polarity: Polarity = "direct",
    how: str = "worst",
    attributes: tuple[str, ...] = (),
    descriptive: bool = False,
    today: date | None = None,
    limit: str = "",
) -> Composed:
    """Compose the answer the cited claims give to ``question``.

    A descriptive question ("How long…", "Which…") is answered with the facts first: its
    text opens with the conditions, not with "Yes", while the verdict stays the same. A
    ``limit`` ("only on the Enterprise plan") makes a ``yes`` at most ``partial``.
    """
    today = today or date.today()
    question_text = normalise(question)
    decisions: list[Decision] = [
        decide(claim, aspect, question, attributes, vendor) for claim in cited
    ]
    if aspect in ("attribute", "auto-deletion") and any(
        verdict != "unknown" for verdict, _why in decisions
    ):
        # Only the claims that record the attribute decide; the others support the answer.
        decisions = [decision if decision[0] != "unknown" else ("", "") for decision in decisions]
    verdicts = [verdict for verdict, _why in decisions if verdict]
    verdict = combine(verdicts, how)
    if polarity == "inverse":
        # Each claim's reason is read in the question's sense too, so a "no" that answers
        # "yes" is not shown as a condition.
        verdict = FLIP[verdict]
        decisions = [(FLIP[found] if found else found, why) for found, why in decisions]
    if limit and verdict == "yes" and polarity == "direct":
        # The claim states the fact for some plans only ("only on the Enterprise plan").
        verdict = "partial"
        decisions = [("partial", limit), *(("", "") for _claim in cited[1:])]
    exceptions = [found for claim in cited if (found := exception_to_absolute(claim))]
    if (
        verdict in ("yes", "partial")
        and exceptions
        and re.search(vocabulary.ABSOLUTE, question_text)
    ):
        # "Never … under any circumstances" fails against a claim with a stated exception.
        verdict = "no"
        decisions = [("no", f"not under every circumstance: {', '.join(exceptions)}")]
        decisions += [("", "")] * (len(cited) - 1)
    reasons: list[tuple[str, str]] = []
    for (claim_verdict, why), claim in zip(decisions, cited, strict=True):
        if why and why not in (text for _verdict, text in reasons):
            reasons.append((claim_verdict, why if len(cited) == 1 else f"{claim.title}: {why}"))
    # The statements carry the facts with their numbers; recorded details they do not
    # already state follow as one plain sentence (never a bracketed dump of attributes).
    facts = " ".join(with_details(claim) for claim in cited)
    dates = [claim.as_of for claim in cited if claim.as_of]
    as_of = f" (as of {max(dates).isoformat()})" if dates else " (undated sources)"
    lead = LEAD[verdict]
    if descriptive and verdict in ("yes", "partial"):
        lead = "" if verdict == "yes" else "Conditions apply"
    if not lead:
        conditional = [why for claim_verdict, why in reasons if claim_verdict not in ("yes", "")]
        opening = (
            f"Conditions on part of the evidence: {'; '.join(conditional)}." if conditional else ""
        )
    elif verdict == "yes":
        # A "yes" may rest on some claims while others carry conditions worth knowing.
        plain = [why for claim_verdict, why in reasons if claim_verdict in ("yes", "")]
        conditional = [why for claim_verdict, why in reasons if claim_verdict not in ("yes", "")]
        opening = f"{lead}: {'; '.join(plain)}." if plain else f"{lead}."
        if conditional:
            opening += f" Conditions on part of the evidence: {'; '.join(conditional)}."
    elif reasons:
        opening = f"{lead}: {'; '.join(why for _verdict, why in reasons)}."
    else:
        opening = f"{lead}."
    for _verdict, why in reasons:
        said = why.rstrip(".") + "."
        if why in opening and facts.startswith(said):
            facts = facts[len(said) :].lstrip()  # the opening already says the first sentence
    text = f"{opening} {facts}{as_of}".strip()
    flags: list[str] = []
    for claim in cited:
        for flag in claim_flags(claim, all_claims, today):
            if flag not in flags:
                flags.append(flag)
    return Composed(
        verdict=verdict,
        text=text,
        citations=[citation(claim) for claim in cited],
        flags=flags,
    )

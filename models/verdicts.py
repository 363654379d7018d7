"""The words an answer is made of: its verdict, and the aspect of a claim it reads.

Declared once, as types, for every layer: the knowledge-base format validates rules against
``RuleAspect``, auto-fill composes with ``Aspect``, reviews store a ``Verdict``, the exports
and the GUI count and label verdicts in ``VERDICTS`` order. Plain data, so importing it costs
nothing (the list of reviews reads it at start-up without the ORM).
"""

from typing import Literal, TypeGuard, get_args

from models.errors import UserError

Verdict = Literal["yes", "partial", "no", "unknown"]
"""The answer to a question as asked (DESIGN.md "Verdicts"); ordered best to worst known."""

VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

RuleAspect = Literal[
    "status",
    "default",
    "published",
    "gated-access",
    "attribute",
    "members",
    "forbidden",
    "customer-arranged",
    "auto-deletion",
    "requires",
    "self-service",
    "available",
    "excluded",
]
"""What a knowledge-base answer rule may say a question asks about its claims."""

Aspect = Literal[
    RuleAspect,
    # Read from a claim's own sentences by auto-fill, never declared by a rule:
    "stated",  # the claim states the detail asked about, yes or no
    "denied",  # the claim says its sources leave the detail open
]
"""What a question asks about the claims that answer it."""

RULE_ASPECTS: tuple[RuleAspect, ...] = get_args(RuleAspect)
ASPECTS: tuple[Aspect, ...] = get_args(Aspect)

Polarity = Literal["direct", "inverse"]
"""Whether a ``yes`` from the claims is a ``yes`` to the question (direct) or a ``no``."""


def is_verdict(text: object) -> TypeGuard[Verdict]:
    """True when ``text`` is one of the four verdicts."""
    return text in VERDICTS


def as_verdict(text: str) -> Verdict:
    """Return ``text`` as a verdict.

    Raises:
        UserError: It is not one of the four.
    """
    if is_verdict(text):
        return text
    raise UserError(f"verdict must be one of {', '.join(VERDICTS)}, not {text!r}")

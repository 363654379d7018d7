"""A question to answer: from a template (with its claim mapping) or imported (free text)."""

from dataclasses import dataclass, field
from typing import Any

from models.verdicts import Polarity


@dataclass
class Question:
    """One question of a questionnaire.

    Attributes:
        qid: The question's id (template id, the file's own id, or one made from its place).
        text: The question as asked, plain text.
        section: The section or block it sits in.
        reference: The criterion it tests (``CC6.1``, ``164.312(a)(2)(iv)``, ``Art. 28(3)(c)``).
        location: Where an imported question came from, so answers can be written back:
            ``{"sheet", "row", "cell", "column"}`` for XLSX, ``{"row"}`` for CSV,
            ``{"item_id", "path"}`` for VSAQ JSON.
        answer_type: ``yes-no`` or ``text``.
        claim_keys: None for free text to be matched; a list when a template maps the question
            to the claims that answer it (an empty list: nothing in a knowledge base answers it).
        polarity: ``direct``, or ``inverse`` when a "yes" from the claim means "no" to the
            question ("Do you train on our data?").
        request: What to ask the vendor for when the knowledge base cannot decide it.
    """

    qid: str
    text: str
    section: str = ""
    reference: str = ""
    location: dict[str, Any] = field(default_factory=dict)
    answer_type: str = "yes-no"
    claim_keys: list[str] | None = None
    polarity: Polarity = "direct"
    request: str = ""

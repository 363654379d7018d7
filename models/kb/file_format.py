"""The ``ddq-kb`` file formats as pydantic models: one definition serves validation on import
and the shape of the export. Unknown fields are errors, so a typo never disappears silently.
See ``resources/README.md`` for the format in prose.

``ddq-kb/2`` adds vendor knowledge that used to live in code: what questions a claim answers
(``answers``), the products and features a vendor's questions may name (``profile``), and the
question phrasings reviewers taught (``phrasings``). ``ddq-kb/1`` files are read as they are:
their claims are answered by the engine's general matching alone.
"""

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from models.errors import UserError
from models.evidence.urls import url_problem
from models.kb.lexicon import expand_pattern
from models.verdicts import RULE_ASPECTS, Polarity, RuleAspect

FORMAT = "ddq-kb/2"
FORMATS = ("ddq-kb/1", "ddq-kb/2")
ASPECTS = RULE_ASPECTS  # what an answer rule may declare (models.verdicts.RuleAspect)
KEY_PATTERN = r"^[a-z0-9][a-z0-9.-]*$"
# Dates outside these years are typing errors or attacks; far ones also overflow on the way
# to UTC (``9999-12-31T23:59:59-23:59``) or when a freshness period is added.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def _plausible_day(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    return value


def _plausible_moment(value: datetime) -> datetime:
    try:
        in_utc = value.astimezone(UTC) if value.tzinfo is not None else value
    except (OverflowError, ValueError):
        raise ValueError("the date and time is out of range") from None
    _plausible_day(in_utc.date())
    return value


def _web_url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(problem)
    return value


Day = Annotated[date, AfterValidator(_plausible_day)]
Moment = Annotated[datetime, AfterValidator(_plausible_moment)]
# Every URL the knowledge base stores can end up opened on a click: http(s) only, no password.
WebUrl = Annotated[str, AfterValidator(_web_url)]
_LOCAL_FILE = re.compile(r"^local:sha256:[0-9a-f]{64}$")


def _evidence_url(value: str) -> str:
    return value if _LOCAL_FILE.match(value) else _web_url(value)


EvidenceUrl = Annotated[str, AfterValidator(_evidence_url)]
HttpStatus = Annotated[int, Field(ge=100, le=599)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ProductDoc(_Strict):
    """A product or edition a question may name; ``pattern`` finds it in folded text."""

    name: str = Field(min_length=1, max_length=200)
    pattern: str = Field(min_length=1, max_length=2000)


class ProfileDoc(_Strict):
    """What a vendor's questions may name that its claims decide or exclude.

    Attributes:
        products: Products and editions (a question naming one that no cited claim covers
            is not answered).
        features: Feature names a question may ask about against ``eligible_…`` lists.
        aliases: ``[pattern, spelling]`` pairs folding the vendor's own names ("DALL·E 3").
    """

    products: list[ProductDoc] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    aliases: list[tuple[str, str]] = Field(default_factory=list)


class VendorDoc(_Strict):
    slug: str = Field(pattern=KEY_PATTERN, max_length=80)
    name: str = Field(min_length=1, max_length=200)
    product: str = Field(default="", max_length=200)
    trust_portal_url: WebUrl | None = Field(default=None, max_length=2000)
    summary: str = Field(default="", max_length=20000)
    profile: ProfileDoc = Field(default_factory=ProfileDoc)


class AnswerDoc(_Strict):
    """One kind of question a claim answers (``ddq-kb/2``).

    Patterns are regular expressions over folded question text; ``<<NAME>>`` stands for a
    phrase of the vendor-neutral language (``questionnaires/vocabulary.py``).
    """

    name: str = Field(min_length=1, max_length=120)
    all: list[str] = Field(min_length=1)
    none: list[str] = Field(default_factory=list)
    aspect: RuleAspect = "status"
    polarity: Polarity = "direct"
    combine: Literal["worst", "best"] = "worst"
    attributes: list[str] = Field(default_factory=list)
    also: list[str] = Field(default_factory=list)
    group: str | None = None
    topics: bool = True
    document: bool = False
    numbers: bool = True


class PhrasingDoc(_Strict):
    """A question a reviewer decided is answered by these claims."""

    vendor: str = Field(pattern=KEY_PATTERN)
    text: str = Field(min_length=1, max_length=5000)
    claims: list[str] = Field(min_length=1)
    author: str = Field(default="", max_length=200)
    created_at: Moment | None = None


class SourceDoc(_Strict):
    key: str = Field(pattern=KEY_PATTERN, max_length=120)
    title: str = Field(min_length=1, max_length=500)
    url: WebUrl | None = Field(default=None, max_length=2000)
    published: Day | None = None
    date_note: str = Field(default="", max_length=200)


class ConditionsDoc(_Strict):
    access: Literal["public", "trust-portal", "sales-contract"] = "public"
    default: Literal["enabled", "requires-approval", "requires-configuration"] = "enabled"
    scope: list[str] = Field(default_factory=list)
    criteria: list[str] = Field(default_factory=list)
    attributes: dict[str, Any] = Field(default_factory=dict)


class EvidenceDoc(_Strict):
    # ``local:sha256:<hex>`` names a file a reviewer attached (``origin: local``); any
    # other URL is a web link, http(s) only.
    url: EvidenceUrl = Field(max_length=2000)
    title: str = Field(default="", max_length=500)
    kind: Literal["report", "certificate", "policy", "contract", "web-page"] = "web-page"
    access: Literal["public", "gated"] = "public"
    last_checked: Moment | None = None
    http_status: HttpStatus | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    changed: bool = False
    origin: Literal["web", "local"] = "web"
    file_name: str | None = Field(default=None, max_length=200)
    received: datetime | None = None


class AnnotationDoc(_Strict):
    author: str = Field(min_length=1, max_length=200)
    date: Day
    disposition: Literal["confirmed", "dismissed", "needs-verification"]
    note: str = Field(min_length=1, max_length=20000)
    dismissed_reason: str | None = Field(default=None, max_length=20000)


class ClaimDoc(_Strict):
    vendor: str = Field(pattern=KEY_PATTERN)
    key: str = Field(pattern=KEY_PATTERN, max_length=120)
    title: str = Field(min_length=1, max_length=500)
    statement: str = Field(min_length=1, max_length=20000)
    status: Literal["yes", "yes-gated", "no", "unclear"]
    conditions: ConditionsDoc = Field(default_factory=ConditionsDoc)
    watch_out: str | None = Field(default=None, max_length=5000)
    as_of: Day | None = None
    sources: list[str] = Field(default_factory=list)
    evidence: list[EvidenceDoc] = Field(default_factory=list)
    superseded_by: str | None = None
    keywords: list[str] = Field(default_factory=list)
    flags: list[str] = Field(default_factory=list)
    annotations: list[AnnotationDoc] = Field(default_factory=list)
    answers: list[AnswerDoc] = Field(default_factory=list)


class KnowledgeBaseDoc(_Strict):
    format: Literal["ddq-kb/1", "ddq-kb/2"]
    vendors: list[VendorDoc]
    sources: list[SourceDoc] = Field(default_factory=list)
    claims: list[ClaimDoc] = Field(default_factory=list)
    phrasings: list[PhrasingDoc] = Field(default_factory=list)


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "document"


def describe_validation_error(error: ValidationError, origin: str) -> list[str]:
    """Return one line per problem pydantic found, each naming where (``claims[2].status``)."""
    lines = []
    for problem in error.errors():
        where = _location(tuple(problem.get("loc", ())))
        where = f".{where}" if where != "document" else ""
        lines.append(f"{origin}{where}: {problem['msg']}")
    return lines


def parse_knowledge_base(data: Any, origin: str = "knowledge base") -> KnowledgeBaseDoc:
    """Validate a decoded JSON document and check its cross-references.

    Args:
        data: The decoded JSON.
        origin: How to name the document in messages (usually the file name).

    Returns:
        The validated document.

    Raises:
        UserError: One line naming what is wrong and where (e.g. ``claims[3].status``).
    """
    try:
        document = KnowledgeBaseDoc.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = _location(tuple(first.get("loc", ())))
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        message = first["msg"].removeprefix("Value error, ")
        raise UserError(f"{origin}: {where}: {message}{more}") from None
    _check_references(document, origin)
    return document


def _duplicate(values: list[str]) -> str | None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return value
        seen.add(value)
    return None


def _check_references(document: KnowledgeBaseDoc, origin: str) -> None:
    vendor_slugs = [vendor.slug for vendor in document.vendors]
    if (dup := _duplicate(vendor_slugs)) is not None:
        raise UserError(f"{origin}: vendors: duplicate slug {dup!r}")
    if (dup := _duplicate([source.key for source in document.sources])) is not None:
        raise UserError(f"{origin}: sources: duplicate key {dup!r}")
    source_keys = {source.key for source in document.sources}
    claim_ids = [(claim.vendor, claim.key) for claim in document.claims]
    seen: set[tuple[str, str]] = set()
    for index, claim_id in enumerate(claim_ids):
        if claim_id in seen:
            raise UserError(f"{origin}: claims[{index}].key: duplicate key {claim_id[1]!r}")
        seen.add(claim_id)
    for index, claim in enumerate(document.claims):
        where = f"{origin}: claims[{index}] ({claim.key})"
        if claim.vendor not in vendor_slugs:
            raise UserError(f"{where}.vendor: unknown vendor {claim.vendor!r}")
        for source_key in claim.sources:
            if source_key not in source_keys:
                raise UserError(f"{where}.sources: cites missing source {source_key!r}")
        if (dup := _duplicate(claim.sources)) is not None:
            raise UserError(f"{where}.sources: cites source {dup!r} twice")
        if claim.superseded_by is not None:
            if claim.superseded_by == claim.key:
                raise UserError(f"{where}.superseded_by: a claim cannot supersede itself")
            if (claim.vendor, claim.superseded_by) not in seen:
                raise UserError(
                    f"{where}.superseded_by: names missing claim {claim.superseded_by!r}"
                )
        urls = [item.url for item in claim.evidence]
        if (dup := _duplicate(urls)) is not None:
            raise UserError(f"{where}.evidence: duplicate URL {dup!r}")
        _check_answers(claim, where)
    if document.format == "ddq-kb/1" and (
        document.phrasings
        or any(claim.answers for claim in document.claims)
        or any(vendor.profile != ProfileDoc() for vendor in document.vendors)
    ):
        raise UserError(f"{origin}: format: answers, profile and phrasings need format 'ddq-kb/2'")
    for index, phrasing in enumerate(document.phrasings):
        for key in phrasing.claims:
            if (phrasing.vendor, key) not in seen:
                raise UserError(f"{origin}: phrasings[{index}].claims: names missing claim {key!r}")
    for vendor_index, vendor in enumerate(document.vendors):
        for product_index, product in enumerate(vendor.profile.products):
            _check_pattern(
                product.pattern,
                f"{origin}: vendors[{vendor_index}].profile.products[{product_index}]",
            )
        for alias_index, (pattern, _spelling) in enumerate(vendor.profile.aliases):
            _check_pattern(
                pattern, f"{origin}: vendors[{vendor_index}].profile.aliases[{alias_index}]"
            )


def _check_pattern(pattern: str, where: str) -> None:
    try:
        re.compile(expand_pattern(pattern))
    except (re.error, KeyError) as error:
        raise UserError(f"{where}: not a valid pattern ({error})") from None


def _check_answers(claim: ClaimDoc, where: str) -> None:
    for index, answer in enumerate(claim.answers):
        for field_name in ("all", "none"):
            for pattern in getattr(answer, field_name):
                _check_pattern(pattern, f"{where}.answers[{index}].{field_name}")

"""The matching vocabulary: which questions a claim can decide, and how.

This module is data. Each :class:`Rule` names the claim keys that answer a kind of question,
the patterns (over :func:`questionnaires.text.normalise` text) that must all be present, the
patterns that rule it out, and the *aspect* the question asks about (plain status, whether it
is on by default, a yes/no attribute, membership in a list…). Claim keys are the stable keys of
the knowledge base (``soc2-type2``, ``hipaa-baa``, ``zdr``…), so the same rules serve any
vendor whose knowledge base uses them.

Free text is answered only when a rule matches. A question that matches no rule, or matches one
but also names something the knowledge base holds nothing on (``BLOCKERS``), is answered
``unknown`` with what to request: a confident wrong answer is the worst outcome.
"""

from dataclasses import dataclass

ASPECTS = (
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
)


@dataclass(frozen=True)
class Rule:
    """One kind of question a set of claims decides.

    Attributes:
        name: Stable name, recorded in the answer's ``match``.
        claims: Claim keys that answer it (superseded keys are followed to the current claim).
        all: Patterns that must all be found.
        none: Patterns that rule this reading out.
        aspect: What the question asks about the claims (see ``ASPECTS``).
        polarity: ``inverse`` when the question asks about the opposite of the claim.
        combine: ``worst`` (every condition counts) or ``best`` (any claim meeting it will do).
        attributes: For ``attribute``: the claim attributes whose truth answers the question
            ("yes" when any is true; a leading ``!`` reads the attribute negated).
        blockers: False to skip the shared ``BLOCKERS`` (a rule that reads its own topic).
        document: The claims describe a published document (a DPA): a question about what it
            contains (``ASKS_CONTENT``) is answered from whether it is published, when the rule
            names the content or the question asks for a version the claim records; any other
            question about its content is not answered.
        numbers: False when the rule decides whatever period the question names ("purged
            after N days?" against a claim that keeps data until the customer deletes it).
    """

    name: str
    claims: tuple[str, ...]
    all: tuple[str, ...]
    none: tuple[str, ...] = ()
    aspect: str = "status"
    polarity: str = "direct"
    combine: str = "worst"
    attributes: tuple[str, ...] = ()
    blockers: bool = True
    document: bool = False
    numbers: bool = True


# Topics the knowledge base holds nothing on. A question naming one is not decided by a claim
# that merely shares a word with it ("Are the data centres certified to ISO 27001?").
BLOCKERS: tuple[str, ...] = (
    r"\bbackups?\b|\bback(ed)?[ -]?up\b",
    r"\bdatacenter",
    r"background (check|screen)",
    r"\bphysical",
    r"disaster|continuity|contingency|\bbia\b",
    r"firewall",
    r"malware|anti-?virus|ransomware",
    r"laptop|portable|removable media|hard disks?|workstation",
    r"\be-?mail\b",
    r"incident",
    r"\bbreach",
    r"\bsso\b",
    r"password",
    r"\bsessions?\b",
    r"\bbyok\b|\bhsm\b|fips|key management|who holds (the )?keys|key custod",
    # Encryption keys themselves (rotation, custody, key material): "api-key" is not one.
    r"(?<!api-)\bkey (material|rotation|storage|escrow|lifecycle)|"
    r"\b(encryption|cryptographic|master|root|data) keys?\b|"
    r"\brotat\w* (\w+ ){0,2}(?<!api-)keys?\b|(?<!api-)\bkeys? (are |is )?rotated",
    r"pseudonymi",
    r"\brto\b|\brpo\b|recovery (time|point)|uptime|\bsla\b|service level",
    r"forward secrecy|\bhsts\b|cipher suites?",
    r"adequacy|privacy framework|\bdpf\b|privacy shield|binding corporate rules|\bbcrs?\b",
    r"\bdpo\b",
    r"\bfedramp (high|moderate|low)\b|impact level|star level|\blevel [12]\b|\blevel\b.*\bstar\b",
    r"on-?site (audit|inspection|visit)",
    r"documented instructions|on (our|the customer's|"
    r"its) instructions|only on (our|your) instruction",
    r"code of conduct",
    r"vulnerabilit(y|ies) scan|host-level|scanned for",
    r"internal network",
    r"manual (security )?testing",
    r"senior management|board of directors",
    r"dpia|impact assessment",
    r"supervisory authorit|public authorit|government (access|request)",
    r"insurance",
    r"\btype (i|1)\b",  # SOC 1/2 Type I: a different report from the Type 2 a claim names
    r"\bshall\b|\bpursuant to\b",  # the language of law and contract, not of a question
    # Details no claim states, whatever the topic: cost, audit specifics, contract terms, dates,
    # languages.
    r"\bcost|\bfees?\b|\bfree\b|\bcharge|\bextra\b|\bpaid\b|\bdiscount",
    r"\bauditor\b|audit period|qualified|\bopinion\b|exceptions|bridge letter|expir|renew|"
    r"valid until",
    r"liabilit|negotiat|governed by (the )?(\w+ )?laws?\b|governing law|jurisdiction|indemn",
    r"\bwhen (does|do|is|are|did|was|will)\b|\bwhat date\b",
    r"\bin (german|french|spanish|italian|japanese|chinese|korean|portuguese)\b|\blanguages?\b",
    r"wi-?fi|wireless|social engineering|phishing|red team",
    r"\boffices?\b|headquarters|all (of )?your (locations|sites|facilities)",
)

# The Trust Services Criteria categories a SOC 2 report can cover.
CRITERIA: tuple[str, ...] = (
    "security",
    "availability",
    "confidentiality",
    "processing integrity",
    "privacy",
)
# API features a question may name, for eligibility lists (``eligible_endpoints``).
API_FEATURES: tuple[str, ...] = (
    "assistants",
    "batch",
    "files",
    "fine-tuning",
    "vector stores?",
    "threads",
    "chat completions",
    "responses",
    "realtime",
    "embeddings",
    "images",
    "audio",
    "speech",
    "moderations",
    "completions",
    "transcriptions",
    "translations",
    "whisper",
    "sora",
    "codex",
    "agents",
)

# Retention questions are answered when they ask for the period, not a yes/no on a number.
# Deletion the customer asks for or causes (or a contract ends) is not automatic deletion.
CUSTOMER_INITIATED_DELETION = (
    r"\b(we|customers?|users?) (can |may )?delet|on request|audit|contract|terminat|"
    r"account|clos|offboard|end of|cancel|request\w* (the |their |its )?"
    r"(deletion|removal|erasure)|\b(if|when|once) (we|customers?|users?)\b"
)
DESCRIBE_RETENTION = (
    r"how long|what is the (data )?retention|retention (period|policy|schedule|time)|"
    r"for how many days|\bduration\b|until when"
)
FREQUENCIES = (
    "hourly",
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "semi-annual",
    "biannual",
    "yearly",
    "annual",
    "continuous",
)

TRAIN = (
    r"\btrain(s|ed)? (on|with|from) (the )?(our|your|customer|api|data|prompts|content|inputs|"
    r"outputs|business|personal|phi|conversations|requests)\b|\bto train (or improve )?(your|the|"
    r"its|our|ai|ml|other)? ?models?\b|\bmodel training\b|"
    r"\btrain(ing)? (\S+ ){0,2}models?\b|\bto train (or improve )?(\w+ ){0,2}"
    r"models?\b|model improvement|improv\w* (the |your |its |our )?(\w+ )?models?\b|"
    r"\b(excluded|exempt|withheld|used) (from|for|in) (model |ai |ml )?training\b|"
    # A list of verbs before the object: "to train, retrain or improve any of its models".
    r"\bto (re)?train(,? (or |and )?((re)?train|improve|fine-tune|develop)\w*)+ (\w+ ){0,3}"
    r"models?\b"
)
TRAIN_NONE = r"awareness|workforce|sanction|deliver|employees|staff|personnel"
ENCRYPT = r"encrypt|cryptograph|\baes\b|aes-256"
ENCRYPT_NONE = (
    r"\bkeys?\b(?! (length|size|strength))|\bsign(ed|ing)? (code|commits|binaries)|"
    r"integrity|internal|client devices?|subprocessor|subcontractor|"
    r"media|tape|planned|feasib|cost-effective|appropriate|reasonable|skilled|\bstaff\b|"
    r"workforce|risk assessment|auditing|verify|configured so|responsibilit|unencrypt|"
    r"this environment"
)
# "Publicly available", "made public": not "public sector", "public cloud" or "public authority",
# where the word describes something else.
PUBLICLY = (
    r"publicly|\bpublic\b(?![- ](sector|authorit|bod(y|ies)|agenc|cloud|interest|entit|"
    r"institution|administration|internet|information|networks?|health|repo|code|key))"
)
# A question asking for a period the vendor takes, or how often something happens: only a
# claim that states a duration or a frequency can answer it.
ASKS_DURATION = (
    r"turn-?around|lead time|processing time|response time|how (long|quickly|soon|fast) "
    r"(does|do|will|would|can|is|are)\b(?!.*\b(retain|kept|keep|stor|held|hold|delet|purg))|"
    r"\b(time|days|weeks|long) (it takes|to (approve|review|process|respond|complete|onboard|"
    r"grant|provision|sign|execute|countersign))|\btimeline|\btime ?frame|"
    r"\b(does|will|would|should) it take\b|\btakes? to\b|\bwithin how (many|much|long)\b|"
    r"how many (\w+ )?(hours|days|weeks|months) (before|in advance|notice|will|would|do|does)|"
    r"notice period|how much (advance )?notice|how far in advance"
)
ASKS_FREQUENCY = r"how (often|frequently|regularly)|\bfrequency\b|\bat what interval"
# A duration a claim states: a number of time units, or "until … deletes".
STATED_DURATION = r"\b\d+ (days?|hours?|weeks?|months?|years?)\b|\buntil\b"
STATED_FREQUENCY = (
    r"\bonce a\b|\bevery\b|\bperiodic|\bhourly|\bdaily|\bweekly|\bmonthly|\bquarterly|"
    r"\bannual|\byearly|\bcontinuous"
)
# Absolutes ("never … under any circumstances") that a claim with a stated exception fails.
# Asks how long a process takes (a review, an approval, a response, signing): a retention
# period the claim states ("kept for 30 days") is not the time the process takes.
ASKS_TURNAROUND = (
    r"turn-?around|lead time|processing time|response time|"
    r"\b(time|hours|days|weeks|long|quickly|soon|fast)\b[^?.;]{0,60}\b(to |for (the |a |an )?)?"
    r"(review|approv|process|respond|respon|grant|provision|countersign|sign|execut|onboard|"
    r"acknowledg|resolv)\w*"
)
# A process duration a claim states: a number of time units tied to a process word.
_TIME_UNITS = r"\d+ (business |working |calendar )?(hours?|days?|weeks?|months?)"
STATED_TURNAROUND = (
    r"(turn-?around|review|approv|process|respon|grant|provision|sign|execut|onboard|acknowledg|"
    r"resolv|notif)\w*\b[^.;]{0,40}\b(within|in|takes?|after) " + _TIME_UNITS + r"\b|"
    r"\b" + _TIME_UNITS + r" (to|for) (review|approv|process|respon|grant|provision|sign|execut|"
    r"onboard|acknowledg|resolv)"
)
# Asks how much notice is given (a notice period): answered only by a stated notice period.
ASKS_NOTICE = (
    r"notice period|how (much|far) (advance |prior )?(notice|in advance)|"
    r"how many (\w+ )?(hours|days|weeks|months)'? (of )?(advance |prior )?notice|"
    r"(what|which) (\w+ )?(advance |prior )?notice (period|time)"
)
STATED_NOTICE = (
    r"\b" + _TIME_UNITS + r"'? (of )?(advance |prior |written )?notice|"
    r"\bnotice\b[^.;]{0,40}\b" + _TIME_UNITS + r"|\b" + _TIME_UNITS + r" (in advance|before|prior)"
)
# Asks for a share or percentage: answered only when a claim states one.
ASKS_PERCENT = r"what (percent|percentage|proportion|share|fraction)\b|\bpercentage of\b"
STATED_PERCENT = r"\d+(\.\d+)? ?%|\bpercent"
# Asks for a property of an audit report or certificate that a claim may not record: the
# subservice-organisation method, the period covered, the auditor, the opinion, exceptions,
# a bridge letter, an expiry date. Each pairs the ask with what a claim recording it says.
REPORT = r"\breport|\baudit|\bsoc ?[123]|certif|attestation|\biso ?\d*\b|\bpci\b|\bstar\b"
ASKS_REPORT_PROPERTY: tuple[tuple[str, str, str], ...] = (
    (r"carve[- ]?out|inclusive method", r"carve[- ]?out|inclusive method", "the method used"),
    (
        r"(audit|review|observation|coverage|reporting|examination) (period|window)|"
        r"period (it )?covere?d?|period of (the )?(audit|report|examination)|what period|"
        r"which period|\b(\w+-month|\d+[- ]months?|annual) (period|window)|"
        r"cover(s|ed|ing)? (a|the|which|what) (\w+[- ]){0,2}period",
        r"\bperiod\b|covering \d{4}|from \d{4}",
        "the period covered",
    ),
    (
        r"\bwho (is|was|were) the auditors?|which (audit |cpa |accounting )?firm|"
        r"name of the (audit firm|auditor)|auditor'?s? name|audit firm|"
        r"(performed|conducted|issued|signed) by (which|whom)|which auditors?|"
        r"certification body|\bregistrar\b|\bqsa\b|\bassessors?\b|"
        r"\bwho (issued|audited|certified|assessed|performed|conducted|signed)|"
        r"which (body|organi[sz]ation|company) (issued|audited|certified|assessed|performed)",
        r"audit(or|ing)? (firm|name)|auditor_name|\baudit_firm",
        "the auditor",
    ),
    (
        r"\b(qualified|unqualified|adverse|clean|modified) opinion|\bopinion\b",
        r"\bopinion\b",
        "the auditor's opinion",
    ),
    (
        r"\bexceptions? (were |was )?(noted|found|reported|identified)|\b(any|no) exceptions\b|"
        r"\bdeviations\b",
        r"exceptions? (noted|found|reported)|no exceptions|\bdeviations\b",
        "exceptions found",
    ),
    (r"bridge letter|gap letter", r"bridge letter|gap letter", "a bridge letter"),
    (
        r"\b(issue|report|audit|certificate) date|\bdate of (the )?(last|latest|most recent|"
        r"report|audit|issue|certificate)|\bwhen was (it|the \w+( \w+){0,3}) (issued|performed|"
        r"completed|conducted|signed)",
        r"\bissued (on|in)\b|(issue|report|audit|certificate)[ _]date|date_issued",
        "the date it was issued",
    ),
    (
        r"\bexpir|valid (until|through|till)|validity (period|date)|renewal date|"
        r"when (does|will) (it|the \w+( \w+)?) (lapse|be renewed)",
        r"\bexpir|valid (until|through|till)|validity|renew",
        "the expiry date",
    ),
)
ABSOLUTE = (
    r"under (any|all|no) circumstances?|in (all|every|any) cases?|without (any )?exception|"
    r"\bno exceptions?\b|\bat all times\b|\bin no (case|event)\b"
)
# Asked whether it is on with nothing to do ("by default"), or whether the customer can have
# it alone, with no approval or contract from the vendor ("self-service", "without approval").
ASKS_DEFAULT = r"\bby default\b|\bout of the box\b|automatically (enabled|on|available)"
ASKS_SELF_SERVICE = (
    # Not "without an enterprise contract": that asks about one kind of contract, not any.
    r"self-?service|without (\w+ ){0,2}(approval|amendments?|request(ing)? (it|one|access))"
)
# Asked whether a document applies with nothing for the customer to do ("automatically in
# force", "binding without signing"): that is whether it is on by default, not what it says.
# Plain "have a DPA in force" asks whether one is offered, and is answered as usual.
# "Automatically" or "by default" must govern the applying ("in force automatically"), not the
# content ("does the DPA include the SCCs by default?" asks what it says).
_APPLY = r"(in force|in effect|appl(y|ies|ied|icable)|bind(s|ing)?|effective|enforceable)"
ASKS_APPLIES = (
    rf"\b(automatically|by default),? (\w+ ){{0,2}}{_APPLY}|"
    rf"\b{_APPLY} (automatically|by default|to (all|every))|"
    r"\bin (force|effect) (for|with) (all|every)\b|"
    r"\bwithout (\w+ ){0,2}(sign|execut|countersign|accept)\w*|"
    r"\bupon (acceptance|sign-?up|registration)"
)
# Asked about what a published document says (its content or version), not whether it binds.
ASKS_CONTENT = (
    r"\b(incorporat\w*|includ\w*|contain\w*|refer\w* to|reference\w*|version|edition|"
    r"revision)\b"
)

# The question is put to the vendor (not the customer's own self-assessment).
TO_VENDOR = (
    r"\b(do|does|will|can|could) (you|your|the (service|vendor|api|platform)|openai)\b|\byour\b|"
    r"\b(is|are) (all )?(our|customer|personal|the|this|stored)? ?(data|content|information|phi)"
    r"\b|"
    r"\bwhat (encryption|measures|security measures|cryptograph|algorithms)|\bwhich (encryption|"
    r"algorithm|protocol|tls)|\bavailable\b|\bdescribe\b|\bwhat (is|are) (the|your)\b|"
    # A terse spreadsheet row ("Encryption at rest - algorithm and key length?") asks the
    # vendor for its cipher or protocol version, unless it speaks of "our"/"we".
    r"^(?!.*\b(our|we)\b).*\b(key (length|size)|(minimum|min\.?) (\w+ )?version|"
    r"protocol version)\b"
)
SUBPROCESSOR_NONE = (
    r"object|same|obligations|bound|by contract|liabl|assess|security of|equivalent|flow down"
)
CERTIFIED = (
    r"certif|complian|comply|complies|\bhold\b|\bhave\b|participat|part of|member|program|"
    r"attest|report|signator|listed|achiev|obtain|audit|\bare you\b|authori[sz]ed"
)

# Certifications and attestations: a question naming several gets all of them.
CERTIFICATIONS: tuple[tuple[str, str], ...] = (
    ("soc2-type2", r"\bsoc2\b"),
    ("soc3", r"\bsoc3\b"),
    ("iso-27001", r"\biso27001\b"),
    ("iso-27017", r"\biso27017\b"),
    ("iso-27018", r"\biso27018\b"),
    ("iso-27701", r"\biso27701\b"),
    ("iso-42001", r"\biso42001\b"),
    ("pci-dss", r"\bpci\b|payment card industry"),
    (
        "csa-star",
        r"\bcsa star\b|\bstar (program|registry|certification|attestation)|cloud security alliance",
    ),
    ("fedramp-20x", r"\bfedramp\b"),
    ("tx-ramp", r"\btx-?ramp\b|texas risk"),
    ("ccpa", r"\bccpa\b|\bcpra\b|california consumer privacy"),
    (
        "gdpr-compliance",
        r"gdpr[- ]complian|compl(y|ies|iant|iance) with (the )?gdpr|\bgdpr compliance",
    ),
)

# Names for the region codes a knowledge base uses, and places outside any listed region.
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "us": ("us", "america", "united states"),
    "eu": ("eu",),
    "uk": ("uk", "britain"),
    "ca": ("canada",),
    "jp": ("japan",),
    "kr": ("south korea", "korea"),
    "sg": ("singapore",),
    "in": ("india",),
    "au": ("australia",),
    "ae": ("uae", "united arab emirates"),
}
OTHER_PLACES: tuple[str, ...] = (
    "brazil",
    "mexico",
    "argentina",
    "chile",
    "colombia",
    "china",
    "hong kong",
    "taiwan",
    "russia",
    "south africa",
    "nigeria",
    "kenya",
    "egypt",
    "saudi arabia",
    "qatar",
    "israel",
    "turkey",
    "indonesia",
    "malaysia",
    "thailand",
    "vietnam",
    "philippines",
    "new zealand",
    "switzerland",
    "norway",
    "peru",
    "uruguay",
    "pakistan",
    "bangladesh",
    "sri lanka",
    "morocco",
    "ghana",
    "ukraine",
    "serbia",
    "kazakhstan",
)
# Countries inside a listed region (the EU): the region is offered, but whether data stays in
# that one country is not stated, so a question naming one is not decided.
EU_MEMBER_STATES: tuple[str, ...] = (
    "austria",
    "belgium",
    "bulgaria",
    "croatia",
    "cyprus",
    "czech republic",
    "czechia",
    "denmark",
    "estonia",
    "finland",
    "france",
    "germany",
    "greece",
    "hungary",
    "ireland",
    "italy",
    "latvia",
    "lithuania",
    "luxembourg",
    "malta",
    "netherlands",
    "poland",
    "portugal",
    "romania",
    "slovakia",
    "slovenia",
    "spain",
    "sweden",
)

PLACES: tuple[str, ...] = (
    tuple(name for names in REGION_NAMES.values() for name in names)
    + OTHER_PLACES
    + EU_MEMBER_STATES
)

R = Rule
RULES: tuple[Rule, ...] = (
    # --- audits and attestations -------------------------------------------------------------
    R(
        "soc2-without-account",
        ("soc2-type2",),
        (
            r"\bsoc2\b|audit reports?",
            r"without|no account|not need\w* (an? )?account|" + PUBLICLY,
        ),
        aspect="gated-access",
    ),
    R(
        "soc2-criteria",
        ("soc2-type2",),
        (r"\bsoc2\b", r"criteri|categor|\btsc\b|trust services|" + "|".join(CRITERIA)),
        aspect="members",
    ),
    R(
        "independent-audit-standards",
        ("soc2-type2", "iso-27001"),
        (r"independent|third[- ]party|external", r"\baudit", r"standard|certif"),
        none=(r"how often|frequen|penetration",),
        combine="best",
    ),
    R(
        "listed-certifications",
        ("trust-portal", "soc2-type2"),
        (
            r"\b(what|which|list)\b",
            r"certifications\b|attestations\b|compliance (certifications|reports|standards)",
        ),
        none=(r"penetration|internal|data ?cent|apart from|other than|besides",),
    ),
    R(
        "audit-standards-list",
        ("soc2-type2", "iso-27001"),
        (r"\b(what|which|list)\b", r"standards?\b|certifications?\b|frameworks?\b", r"audit|compl"),
        none=(r"penetration|internal",),
    ),
    R(
        "security-program-standard",
        ("iso-27001",),
        (r"standard|best practices|framework", r"security (and privacy )?program"),
        none=(r"cover|limited|scope|how often|review",),
    ),
    R(
        "audit-reports-share",
        ("soc2-type2", "trust-portal"),
        (
            r"\baudit|attestation|\bsoc2\b",
            r"reports?\b|summary",
            r"share|provide|available|obtain|copy|send|see|review",
        ),
        none=(r"penetration|without|publicly|\bpublic\b|\bnda\b",),
    ),
    R(
        "security-testing",
        ("penetration-testing", "soc2-type2"),
        (r"\btest", r"effectiveness|security measures|security controls"),
        combine="best",
    ),
    R(
        "penetration-test",
        ("penetration-testing",),
        (r"penetration test",),
        none=(
            r"manual|compan|firm|\bvendors\b|suppliers|subprocessor|"
            r"(which|what|name)\w* (of )?(the )?vendor|"
            r"who (perform|conduct|did)|reports?\b|summary|results|"
            r"approval|findings|remediat|scope of|systems? in scope|audits? of|should not include|"
            r"\b(allow|permit)|tenants? to perform|customers? to perform|their own|our own|office|"
            r"in-house|internal|know-how",
        ),
    ),
    R(
        "certifications-access",
        (),
        (r"without|no account|not need\w* (an? )?account|" + PUBLICLY,),
        none=(r"limited to|such as|for example|e\.g\.|examples? of|data ?cent|\bdpa\b",),
        aspect="gated-access",
    ),  # filled from CERTIFICATIONS by the matcher
    R(
        "certifications",
        (),
        (CERTIFIED,),
        none=(r"limited to|such as|for example|e\.g\.|examples? of|data ?cent|\bdpa\b",),
    ),  # filled from CERTIFICATIONS by the matcher
    R(
        "trust-portal",
        ("trust-portal",),
        (
            r"trust (center|centre|portal)|security portal|"
            r"security (and|&) compliance documentation",
        ),
    ),
    R(
        "security-policy-link",
        ("trust-portal",),
        (
            r"\b(provide|give|share|send)\b.*\b(link|url)\b|\b(link|url) (to|for)\b",
            r"security|privacy",
            r"polic",
        ),
    ),
    # --- HIPAA business associate agreement ---------------------------------------------------
    R(
        "baa-enterprise-agreement",
        ("hipaa-baa",),
        (r"\bbaa\b", r"enterprise (agreement|contract|plan|customer|tier)"),
        # "available without…", "to customers that do not have one": the BAA rule answers it.
        none=(r"without|\bno enterprise|\b(do|does) not have (an? )?enterprise",),
        aspect="attribute",
        attributes=("enterprise_agreement_required",),
    ),
    R(
        "baa-every-endpoint",
        ("hipaa-baa", "zdr"),
        (
            r"\bbaa\b",
            # The quantifier governs the noun: "every API endpoint", not "describe any limits
            # ... for the API".
            # "any of the image endpoints", "any audio endpoints" ask about some, not all;
            # "any API endpoint" (one, whichever) is every one.
            r"\b(every|all)( of)?( the| your| its| our)? (\w+ ){0,2}(endpoints?|features?|"
            r"services?|models?|products?|apis)\b|"
            r"\bany(?! of\b) (\w+ ){0,2}(endpoint|feature|service|model|product)\b(?!s)",
        ),
        none=(r"\bwhich\b|\bwhat\b",),
        aspect="attribute",
        attributes=("!covers_only_zdr_eligible_endpoints",),
    ),
    R(
        "baa-scope",
        ("hipaa-baa", "zdr"),
        (r"\bbaa\b", r"\b(which|what)\b", r"endpoints?|features?|cover"),
    ),
    R(
        "phi-under-baa",
        ("hipaa-baa", "zdr"),
        (
            r"\bphi\b",
            r"\b(can|may|could) (we|our|customers?) (send|process|submit|upload|use|store)|"
            r"under (a|the|our) baa|(send|submit|upload)\w* (our )?phi",
        ),
        none=(r"encrypt|protect|secur|measures|\btrain|access|audit|integrity|transmi|in-transit",),
        aspect="members",
    ),
    R(
        "baa",
        ("hipaa-baa",),
        (
            r"\bbaa\b",
            r"\b(will|would|do|does|can|could) (you|openai|the vendor|they)\b.*\b(sign|offer|"
            r"provide|enter|execute|support|agree)|\bbaa\b.*\b(available|offered)|(sign|offer|"
            r"provide|execute|obtain|get)\w* (a |an |the )?baa|willing to sign|"
            r"without (an? )?enterprise|covered by (a |an |your |the )?baa",
        ),
        none=(
            r"contain|language|specify|address|subcontract|report|time ?frames|responsib|functions|"
            r"personnel|trained|(?<!to )\bprocess(es)?\b|subprocessor",
        ),
    ),
    # --- GDPR processor terms and transfers ----------------------------------------------------
    R(
        "dpa-sccs",
        ("dpa", "international-transfers"),
        (r"\bdpa\b", r"\bsccs\b|transfer"),
        document=True,
    ),
    R(
        "dpa",
        ("dpa",),
        (r"\bdpa\b",),
        none=(
            r"instruct|audit|inspect|delet|return|assist|security measures|technical and "
            r"organi[sz]ational|confidential|object|liab|electronic|e-?sign|docusign|wet ink|"
            r"countersign",
        ),
        document=True,
    ),
    R(
        "residency-requirements",
        ("data-residency",),
        (
            r"residency|\bregions?\b",
            r"\brequir(e|es|ed|ing)\b|\bneeds?\b|\bmust\b|prerequisite|conditions? (for|of)",
        ),
        none=(r"\b(our|my) (\w+ )?requirements\b|\brequire (us|you) to (store|keep|host)",),
        aspect="requires",
    ),
    R(
        "residency-migration",
        ("data-residency",),
        (
            r"migrat|\bmov(e|ed|ing)\b|switch|convert|\bchang",
            r"existing|current|already",
            r"\bprojects?\b|\bregions?\b|residency",
        ),
        aspect="attribute",
        attributes=("migration_of_existing_projects",),
    ),
    R(
        "residency",
        ("data-residency",),
        (
            r"residency|\bregions?\b|locali[sz]ation|sovereignty|\b(stor|kept|keep|host|process|"
            r"locat|resid|remain)\w*",
            r"residency|\bregions?\b|\b(with)?in (the )?(" + "|".join(PLACES) + r")\b|"
            r"\bwhere can\b",
            # The option to choose a region, not where data goes by default.
            r"\bcan\b|\boption|\boffer|available|support|choose|select|\bwhich\b|\bwhat\b|"
            r"where can|residency|\ballow",
        ),
        none=(
            r"transfer impact|\bwhere (are|is) (your|the) (servers?|offices?)|"
            r"\brequir(e|es|ed|ing)\b|prerequisite|\bmust\b|"
            r"\bneed(s|ed)?\b(?! to (store|keep|host))|"
            r"subprocessor|\bvendors\b|suppliers?|offices?|employees|staff|support team|"
            r"fine-tuning|assistants|batch|vector stores?|\bfiles\b|\bgpt|\bmodels?\b|dall-e|"
            r"whisper|sora",
        ),
        aspect="members",
    ),
    R("sccs", ("international-transfers", "dpa"), (r"\bsccs\b",)),
    R(
        "transfers",
        ("international-transfers", "dpa"),
        (
            r"\btransfer",
            r"mechanism|safeguard|compl|lawful|legal basis|chapter v|art(icle|\.)? ?4[4-6]|"
            r"\bcover",
            r"outside (the )?eu|third countr|international|cross-border|art(icle|\.)? ?4[4-6]|"
            r"onward|abroad|non-eu|\beu\b",
        ),
        none=(r"(stored|kept|hosted|held|processed) in (the )?eu|residency|not (be )?transferred",),
    ),
    R(
        "subprocessor-changes",
        ("subprocessors",),
        (r"subprocessor", r"inform|notif|advance|addition|\badd|replac|chang|\bnew\b"),
        none=(SUBPROCESSOR_NONE,),
        aspect="customer-arranged",
        attributes=("change_notification",),
    ),
    R(
        "subprocessor-use",
        ("subprocessors",),
        (r"\b(use|engage|rely on|work with)\w* (any )?(third-party )?subprocessor",),
        none=(SUBPROCESSOR_NONE,),
    ),
    R(
        "subprocessor-list",
        ("subprocessors",),
        (
            r"subprocessor|recipients",
            r"\blist|publish|recipients|\bwho\b|disclos|names?\b|tell us|identify",
        ),
        none=(SUBPROCESSOR_NONE,),
    ),
    # --- use of customer data for training ------------------------------------------------------
    R(
        "fine-tuning-other-customers",
        ("fine-tuning-data",),
        (r"fine-tuning", r"other customers|\bothers\b|shared|\bshare|other models|models for"),
        aspect="attribute",
        attributes=("used_to_train_other_models",),
    ),
    R(
        "fine-tuning-private",
        ("fine-tuning-data",),
        (r"fine-tuning", r"\bonly\b|private|isolat|exclusive|own use"),
    ),
    R(
        "fine-tuning-retention",
        ("fine-tuning-data",),
        (r"fine-tuning", DESCRIBE_RETENTION),
    ),
    R(
        "profiling-or-sale",
        ("personal-data-in-training",),
        (
            r"build(ing|s)? profiles|\b(sell|sale of) (our |customer |user |personal )?(data|"
            r"information)|advertis|target(ed|ing)? (ads|advertising)",
            TO_VENDOR,
        ),
        none=(r"penetration",),
        aspect="attribute",
        attributes=("sells_user_data", "builds_profiles_or_targets_ads"),
    ),
    R(
        "personal-data-in-training",
        ("personal-data-in-training",),
        (
            r"personal (information|data)|\bpii\b",
            r"training data|" + TRAIN,
            r"limit|reduc|minimi|seek|exclud|filter",
        ),
    ),
    R(
        "training-business-products",
        ("training-chatgpt-business",),
        (TRAIN, r"chatgpt (enterprise|team|business|edu)"),
        polarity="inverse",
    ),
    R(
        "training-excluded",
        ("training-on-api-data",),
        (
            TRAIN,
            r"opt[- ]?in\b|exclud|refrain|not (be )?used|never|without (our )?(explicit )?"
            r"(consent|permission|agreement)|prevent|\bnot\b.*\btrain",
        ),
        none=(TRAIN_NONE,),
    ),
    R(
        "training-use",
        ("training-on-api-data",),
        (TRAIN,),
        none=(TRAIN_NONE,),
        aspect="attribute",
        attributes=("trains_on_api_data_by_default",),
    ),
    # --- retention ----------------------------------------------------------------------------
    R(
        "deleted-immediately",
        ("retention-abuse-monitoring",),
        (
            r"delet|purg|discard|eras|remov|not (stored|retained|kept|logged)|never (stored|"
            r"retained|kept|logged)",
            r"immediately|right away|as soon as|"
            r"after (the )?(response|request|processing)|instantly",
        ),
        none=(r"\bzdr\b",),
        polarity="inverse",
    ),
    R(
        "zdr-default",
        ("zdr",),
        (
            r"\bzdr\b",
            r"default|automatic|switched on|turned on|(enabled|on) for (all|every)|without (prior "
            r"|any )?approval",
        ),
        aspect="default",
    ),
    R(
        "zdr-coverage",
        ("zdr",),
        (
            r"\bzdr\b",
            r"dall-e|endpoints?|\bmodels?\b|responses|realtime|embeddings|images|audio|speech|"
            r"moderations|completions|eligib|cover",
        ),
        aspect="members",
    ),
    R(
        "zdr",
        ("zdr",),
        (
            r"\bzdr\b|not (be )?(retained|stored|kept) at all|no (data )?retention|"
            r"opt[- ]?out of (data )?retention|retention (be )?(reduced|set|cut) to (zero|none)",
        ),
        none=(r"\bwhen\b|\bif\b(?! (so|yes|applicable)\b)|\bonce\b|\brequire",),
        aspect="members",
    ),
    R(
        "retention-stored-objects",
        ("retention-application-state",),
        (
            r"\bfiles\b|assistants|threads|conversations|/v1/files|vector stores?",
            DESCRIBE_RETENTION,
        ),
        none=(r"\bwhere\b|audit|recover",),
    ),
    R(
        "retention",
        ("retention-abuse-monitoring",),
        (
            DESCRIBE_RETENTION,
            r"\bapi\b|inputs?|outputs?|prompts?|requests?|"
            r"abuse|completions|responses|personal data",
        ),
        none=(r"network|security event|entry logs|documentation|logs produced|records",),
    ),
    R(
        "retention-customer-data",
        ("retention-abuse-monitoring", "retention-application-state"),
        (DESCRIBE_RETENTION, r"\b(customer|our|your|my) data\b|\bdata (is|are) (kept|retained)"),
        none=(r"network|security event|logs produced|backup|after (the )?(contract|account)",),
    ),
    R(
        "retention-maximum",
        ("retention-abuse-monitoring",),
        (
            r"\bretain|\bkept\b|\bkeep|\bstored\b|\bheld\b",
            r"\b(no|not|never) (be )?(\w+ ){0,3}(longer|more) than \d+ days|\bat most \d+ days|"
            r"\bmaximum (of )?\d+ days|\bup to \d+ days",
            r"\bapi\b|inputs?|outputs?|prompts?|requests?|abuse|completions|responses|content",
        ),
        none=(r"network|security event|logs produced|\bfiles\b|assistants|threads|fine-tuning",),
    ),
    R(
        # "Are threads kept until we delete them?": the recorded retention, asked as it stands.
        "stored-objects-kept-until-deleted",
        ("retention-application-state",),
        (
            r"\bfiles\b|assistants|threads|conversations|vector stores?",
            r"\b(retain\w*|kept|keep|stored|held) until (we|you|the customer|customers?|users?|"
            r"the user|it is|they are) (\w+ )?delet",
        ),
        none=(r"\bnot\b|\bnever\b|n't\b|audit|backup",),
    ),
    R(
        # "May API data be kept longer when the law requires it?": the recorded legal exception.
        "retention-legal-exception",
        ("retention-abuse-monitoring",),
        (
            r"\blegal|\blaw\b|\blegally|court|litigation|regulator",
            r"\b(keep|kept|retain|preserv|hold|held|store)\w*",
            r"\bbeyond\b|\blonger\b|\bmore than\b|\bpast\b|\bexceed",
            r"\bapi\b|inputs?|outputs?|prompts?|requests?|abuse",
        ),
        none=(r"\bfiles\b|assistants|threads|fine-tuning|backup",),
        aspect="attribute",
        attributes=("longer_if_legally_required",),
    ),
    R(
        "stored-objects-auto-delete",
        ("retention-application-state",),
        (
            r"\bfiles\b|assistants|threads|conversations",
            r"delet|purg|remov|eras|expir|discard",
            r"automatic|\bafter (\d+|the|a|an|\w+-day)\b|expir",
        ),
        none=(
            DESCRIBE_RETENTION,
            CUSTOMER_INITIATED_DELETION,
        ),
        aspect="auto-deletion",
        attributes=("retention",),
        numbers=False,
    ),
    # Fine-tuning training files are kept until the customer deletes them, like stored objects.
    R(
        "fine-tuning-auto-delete",
        ("fine-tuning-data",),
        (
            r"fine-tuning",
            r"delet|purg|remov|eras|expir|discard",
            r"automatic|\bafter (\d+|the|a|an|\w+-day)\b|expir",
        ),
        none=(
            DESCRIBE_RETENTION,
            CUSTOMER_INITIATED_DELETION,
        ),
        aspect="auto-deletion",
        attributes=("training_file_retention",),
        numbers=False,
    ),
    R(
        # "Are all inputs, outputs and uploaded files purged within 30 days?": stored objects
        # are kept until the customer deletes them, so no deadline holds for all of it.
        "all-data-deletion-deadline",
        ("retention-application-state", "retention-abuse-monitoring"),
        (
            r"\bfiles\b|assistants|threads|conversations",
            r"\binputs?\b|\boutputs?\b|\bprompts?\b|\brequests?\b",
            r"delet|purg|remov|eras|destr|discard",
            r"\b(no later than|within|at most|after) (\w+ )?(\(?\d+\)? )?days\b",
        ),
        none=(
            DESCRIBE_RETENTION,
            CUSTOMER_INITIATED_DELETION + r"|\bzdr\b",
        ),
        aspect="auto-deletion",
        attributes=("retention",),
        numbers=False,
    ),
    R(
        "retention-stated-period",
        ("retention-abuse-monitoring",),
        (
            r"\bretain|\bkept\b|\bkeep|\bstored\b|\bdeleted after|\bremoved after",
            r"\b\d+ days\b",
            r"\bapi\b|inputs?|outputs?|prompts?|requests?|abuse|completions|responses",
        ),
        # A different period is caught by the numbers check; a comparison is not decided.
        none=(
            r"more than|longer|over|at least|less than|fewer|shorter|within|beyond|exceed|"
            r"network|security event|logs produced",
        ),
    ),
    # --- encryption -----------------------------------------------------------------------------
    R(
        "encryption-at-rest",
        ("encryption-at-rest",),
        (ENCRYPT, r"at-rest|\bstored\b|storage|databases?|\bdisks?\b", TO_VENDOR),
        none=(r"in-transit", ENCRYPT_NONE),
    ),
    R(
        "encryption-in-transit",
        ("encryption-in-transit",),
        (r"encrypt|\btls\b|\bssl\b|cryptograph|protect|secur|measures", r"in-transit", TO_VENDOR),
        none=(r"at-rest", ENCRYPT_NONE),
    ),
    R(
        "encryption",
        ("encryption-at-rest", "encryption-in-transit"),
        (ENCRYPT, TO_VENDOR),
        none=(ENCRYPT_NONE,),
    ),
    # --- account security the customer configures ------------------------------------------------
    R(
        "mfa-default",
        ("mfa",),
        (r"\bmfa\b", r"default|automatic|(enforced|mandatory|required) (on|for) (all|every)"),
        none=(r"staff|employee|personnel|your own|workforce|production|internal|privileged|vpn",),
        aspect="default",
    ),
    R(
        "mfa",
        ("mfa",),
        (r"\bmfa\b",),
        none=(
            r"organi[sz]ation|researched|selection|\bour (own )?(staff|workforce)|"
            r"staff|employee|personnel|your own|workforce|production|"
            r"internal|privileged|vpn|enforc|remote access|api-key",
        ),
    ),
    R(
        "workspace-roles",
        ("workspace-access-roles",),
        (
            r"\brbac\b|workspace|\broles?\b",
            r"\b(we|customers?|(organi[sz]ation|workspace|account) (owners?|admins?|"
            r"administrators?))\b.*\b(restrict|limit|assign|control|enforce|define|set up)|\b("
            r"restrict|limit|assign|control)\b.*\b(our|its own|customer'?s?) (own )?(users|team|"
            r"members|staff)",
        ),
        none=(
            r"privileged|your (staff|employees|personnel)|quarter|review|job descriptions|"
            r"need-to-know|segregat|separat|supervisor|responsibilit|\bphi\b",
        ),
    ),
    R(
        "api-key-client-side",
        ("api-key-practices",),
        (r"api-key", r"client[- ]side|browser|front[- ]?end|mobile|embed|public (repo|code)"),
        aspect="forbidden",
    ),
    R(
        "api-key-practices",
        ("api-key-practices",),
        (r"api-key", r"rotat|\bstor|manag|best practice|guidance"),
    ),
    R(
        "security-settings-guidance",
        ("account-security-settings",),
        (
            r"recommend|publish|guidance|best practices|\bguide",
            r"security settings|secure configuration|account security|settings for (api )?accounts|"
            r"hardening guid",
        ),
        none=(r"operating system|server|build standards",),
        aspect="published",
    ),
    R(
        "personnel-access",
        ("personnel-access",),
        (
            r"\bwho\b|\bwhich\b",
            r"\baccess|\bview\b|\bsee\b",
            r"\bdata\b|content|information",
        ),
        none=(
            r"review|revok|background|mfa|privileged|need-to-know|granted solely|least privilege|"
            r"confidentiality|instruct|train|terminat|leav|logs?\b|approv|job description|written|"
            r"polic|procedure|assigned|roles",
        ),
    ),
    R(
        "personnel-access-limited",
        ("personnel-access",),
        (
            r"\baccess",
            r"\b(limited|restricted|confined)\b",
            r"employees|personnel|staff",
            # The limit the claim records: authorised people with a business need.
            r"authori[sz]ed|business (need|purpose)|legitimate|who need",
            r"\bdata\b|content|information",
        ),
        none=(
            r"review|revok|background|mfa|privileged|need-to-know|least privilege|"
            r"confidentiality agreements?|terminat|leav|logs?\b|logg|audit|monitor|"
            r"job description|written|"
            r"polic|procedure|roles|physical|production systems|"
            # "employees only", "staff in the EU": narrower than the claim, which also names
            # contractors and no location.
            r"\bonly\b|solely|exclusively|located|based in|countr|region|"
            rf"\bin (the )?({'|'.join(PLACES)})\b",
        ),
    ),
    R(
        "contractor-access-none",
        ("personnel-access",),
        (
            r"\bno (third-party |external |outsourced )?(contractors|subcontractors)|"
            r"\b(contractors|subcontractors) (\w+ ){0,3}(do not|don't|never|cannot|can't) "
            r"(have |get |see |view |access)",
            r"\baccess|\bsee\b|\bview\b",
            r"\bdata\b|content|information|prompts|inputs|outputs|requests",
        ),
        polarity="inverse",
    ),
    # --- AI regulation and product facts ---------------------------------------------------------
    R(
        "ai-act-training-summary",
        ("eu-ai-act-art53-summary",),
        (
            r"art(icle|\.)? ?53|training[- ]content summary|"
            r"summary of (the )?training (content|data)",
        ),
    ),
    R(
        "gpai-code-of-practice",
        ("eu-gpai-code-of-practice",),
        (r"code of practice|general[- ]purpose ai|\bgpai\b",),
    ),
    R(
        "pricing",
        ("model-offerings-2025-06",),
        (r"\bcost|price|pricing|how much|\$", r"gpt|tokens?|models?|whisper|dall-e|\bapi\b"),
        none=(r"guarantee|locked|fixed for|months|fine-tuning",),
        blockers=False,
    ),
)

# Products a question may name. An answer is withheld when none of its claims covers the
# product asked about ("Is ChatGPT Free covered by your BAA?").
PRODUCTS: tuple[tuple[str, str], ...] = (
    (
        "ChatGPT Free",
        r"chatgpt (free|plus|pro)\b|free (tier|version|plan) of chatgpt|consumer chatgpt",
    ),
    ("Azure OpenAI", r"\bazure\b"),
    ("ChatGPT Enterprise", r"chatgpt enterprise"),
    ("ChatGPT Team", r"chatgpt team"),
    ("ChatGPT Edu", r"chatgpt edu"),
    ("ChatGPT", r"\bchatgpt\b(?! (enterprise|team|edu|free|plus|pro|business))"),
)

# What to request when the knowledge base cannot decide a question, by topic; first match wins.
REQUESTS: tuple[tuple[str, str], ...] = (
    (
        r"penetration test",
        "the executive summary or attestation letter of the latest "
        "third-party penetration test (tester, date, scope, open findings)",
    ),
    (r"\bdpo\b", "the data protection officer's contact details (Art. 37(7)) and reporting line"),
    (r"\bbaa\b|\bphi\b|hipaa", "the Business Associate Agreement itself, read for this clause"),
    (
        r"\bdpa\b|art(icle|\.)? ?2[89]|processor|instruction",
        "the Data Processing Addendum, read for this clause",
    ),
    (
        r"adequacy|privacy framework|\bdpf\b|binding corporate",
        "the transfer mechanisms the "
        "vendor relies on, with any certification (e.g. the Data Privacy Framework listing)",
    ),
    (
        r"\brto\b|\brpo\b|uptime|\bsla\b|service level|availability",
        "the service level agreement and the business continuity and disaster recovery summary",
    ),
    (
        r"\bbreach|incident",
        "the incident response and breach notification terms (timelines and content of notices)",
    ),
)

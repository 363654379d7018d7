"""Vendor-neutral question language: what kind of detail a question asks for (a duration, a
frequency, a notice period, a report property), whether it asks about the default, about
self-service or about what a document says, and the names of places and regions.

Nothing here names a vendor, a product or a claim key: which claims answer which questions is
knowledge-base data (``answers`` on each claim, ``ddq-kb/2``), and the named phrase patterns
those answers use (``<<PUBLICLY>>``, ``<<TRAIN>>``…) live in ``resources/lexicon.json``.
"""

from models.kb.lexicon import phrase

# The Trust Services Criteria categories a SOC 2 report can cover.
CRITERIA: tuple[str, ...] = (
    "security",
    "availability",
    "confidentiality",
    "processing integrity",
    "privacy",
)
# Retention questions are answered when they ask for the period, not a yes/no on a number.
# Deletion the customer asks for or causes (or a contract ends) is not automatic deletion.
CUSTOMER_INITIATED_DELETION = phrase("CUSTOMER_INITIATED_DELETION")
DESCRIBE_RETENTION = phrase("DESCRIBE_RETENTION")
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

TRAIN = phrase("TRAIN")
TRAIN_NONE = phrase("TRAIN_NONE")
ENCRYPT = phrase("ENCRYPT")
ENCRYPT_NONE = phrase("ENCRYPT_NONE")
# "Publicly available", "made public": not "public sector", "public cloud" or "public authority",
# where the word describes something else.
PUBLICLY = phrase("PUBLICLY")
# A question asking for a period the vendor takes, or how often something happens: only a
# claim that states a duration or a frequency can answer it.
ASKS_DURATION = (
    r"turn-?around|lead time|processing time|response time|how (long|quickly|soon|fast) "
    r"(does|do|will|would|can|is|are)\b(?!.*\b(retain|kept|keep|stor|held|hold|delet|purg))|"
    r"\b(time|days|weeks|long) (it takes|to (approve|review|process|respond|complete|onboard|"
    r"grant|provision|sign|execute|countersign))|\btimeline|\btime ?frame|\bdeadline|"
    r"\b(does|will|would|should) it take\b|\btakes? to\b|\bwithin how (many|much|long)\b|"
    r"how many (\w+ )?(hours|days|weeks|months) (before|in advance|notice|will|would|do|does)|"
    r"notice period|how much (advance )?notice|how far in advance"
)
ASKS_FREQUENCY = r"how (often|frequently|regularly)|\bfrequency\b|\bat what interval"
# A duration a claim states: a number of time units, or "until … deletes".
# A unit of time as claims write it, abbreviations included ("72 hrs", "24h", "12-month").
TIME_UNIT = r"(days?|hours?|hrs?|h|weeks?|wks?|months?|mos?|years?|yrs?|minutes?|mins?)"
STATED_DURATION = r"\b\d+[ -]?(?:(?:calendar|business|working)[ -])?" + TIME_UNIT + r"\b|\buntil\b"
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
    # "responses" is what is asked about ("how long are survey responses kept"), not a step.
    r"(review|approv|process|respond|respons(?!es\b)|grant|provision|countersign|sign|execut|"
    r"onboard|acknowledg|resolv)\w*"
)
# A process duration a claim states: a number of time units tied to a process word.
_TIME_UNITS = r"\d+[ -]?(business |working |calendar )?" + TIME_UNIT
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
        r"\bperiod\b|covering \d{4}|from \d{4}|\b\d+ months (ending|ended|to|through)\b",
        "the period covered",
    ),
    (
        r"\bwho (is|was|were) (the|your|its) (\w+ ){0,2}auditors?|"
        r"which (audit |cpa |accounting )?firm|"
        r"name of the (audit firm|auditor)|auditor'?s? name|audit firm|"
        r"(performed|conducted|issued|signed) by (which|whom)|which auditors?|"
        r"certification body|\bregistrar\b|\bqsa\b|\bassessors?\b|"
        r"\bwho (issued|audited|certified|assessed|performed|conducted|signed)|"
        r"which (body|organi[sz]ation|company) (issued|audited|certified|assessed|performed)",
        # A claim's ``certification_body`` attribute names it; "an accredited certification
        # body" in a sentence does not.
        r"audit(or|ing)? (firm|name)|auditor_name|\baudit_firm|certification_body|"
        r"\b(registrar|qsa|assessor)[ _]name",
        "the auditor",
    ),
    (
        r"accreditation bod(y|ies)|\baccredited by (which|whom|what)\b|"
        r"which (body|organi[sz]ation) accredited",
        r"accreditation[ _]body|\baccredited by (?!an? )\w+",
        "the accreditation body",
    ),
    (
        r"\b(qualified|unqualified|adverse|clean|modified) opinion|\bopinion\b|"
        r"\b(qualified or unqualified|unqualified or qualified)\b",
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
TO_VENDOR = phrase("TO_VENDOR")
SUBPROCESSOR_NONE = phrase("SUBPROCESSOR_NONE")
CERTIFIED = phrase("CERTIFIED")

# Names for the region codes a knowledge base uses, and places outside any listed region.
REGION_NAMES: dict[str, tuple[str, ...]] = {
    "us": ("us", "america", "united states"),
    "eu": ("eu",),
    # A people's adjective names its country: "our Canadian fleets", "British customers".
    "uk": ("uk", "britain", "british"),
    "ca": ("canada", "canadian"),
    "jp": ("japan",),
    "kr": ("south korea", "korea"),
    "sg": ("singapore",),
    "in": ("india",),
    "au": ("australia", "australian"),
    "ae": ("uae", "united arab emirates"),
}
# Cities where hosting regions sit, read as the region they belong to ("EU (Frankfurt)",
# "Canada (Montreal)"): a region list naming only the city still lists the region.
REGION_CITIES: dict[str, str] = {
    "virginia": "us",
    "n. virginia": "us",
    "northern virginia": "us",
    "ohio": "us",
    "oregon": "us",
    "california": "us",
    "iowa": "us",
    "texas": "us",
    "frankfurt": "eu",
    "dublin": "eu",
    "ireland": "eu",
    "paris": "eu",
    "amsterdam": "eu",
    "netherlands": "eu",
    "stockholm": "eu",
    "milan": "eu",
    "madrid": "eu",
    "warsaw": "eu",
    "germany": "eu",
    "france": "eu",
    "london": "uk",
    "montreal": "ca",
    "toronto": "ca",
    "sydney": "au",
    "melbourne": "au",
    "tokyo": "jp",
    "osaka": "jp",
    "seoul": "kr",
    "mumbai": "in",
    "singapore": "sg",
    "manchester": "uk",
    "ashburn": "us",
    "chicago": "us",
    "dallas": "us",
    "seattle": "us",
    "atlanta": "us",
    "phoenix": "us",
    "zurich": "switzerland",
    "geneva": "switzerland",
    "oslo": "norway",
    "helsinki": "eu",
    "copenhagen": "eu",
    "brussels": "eu",
    "vienna": "eu",
    "lisbon": "eu",
    "berlin": "eu",
    "munich": "eu",
    "marseille": "eu",
    "johannesburg": "south africa",
    "dubai": "ae",
    "jakarta": "indonesia",
    "auckland": "new zealand",
    "hyderabad": "in",
    "pune": "in",
    "chennai": "in",
}
# The country of each EU city above: a question naming the city asks about that country, which
# a region list naming only "EU" does not settle.
EU_CITY_COUNTRIES: dict[str, str] = {
    "frankfurt": "germany",
    "berlin": "germany",
    "munich": "germany",
    "dublin": "ireland",
    "paris": "france",
    "marseille": "france",
    "amsterdam": "netherlands",
    "stockholm": "sweden",
    "milan": "italy",
    "madrid": "spain",
    "warsaw": "poland",
    "helsinki": "finland",
    "copenhagen": "denmark",
    "brussels": "belgium",
    "vienna": "austria",
    "lisbon": "portugal",
}
# Cities a question may name as a place: REGION_CITIES without the countries (places already)
# and the US states, which name no data centre a customer picks.
CITIES: tuple[str, ...] = tuple(
    city
    for city in REGION_CITIES
    if city
    not in (
        "virginia",
        "n. virginia",
        "northern virginia",
        "ohio",
        "oregon",
        "california",
        "iowa",
        "texas",
        "ireland",
        "netherlands",
        "germany",
        "france",
        "singapore",
    )
)
# Cloud providers' own region codes ("eu-central-1", "europe-west2", "eastus"), most specific first.
CLOUD_REGION_CODES: tuple[tuple[str, str], ...] = (
    (r"^eu-west-2\b|^europe-west2\b|^uk-?(south|west)\b", "uk"),
    (r"^europe-west6\b|^switzerland", "switzerland"),
    (r"^(eu|europe)-(west|central|north|south|east|southwest|northeast)", "eu"),
    (r"^ca-(central|west)|^northamerica-northeast", "ca"),
    (r"^ap-southeast-2\b|^australia", "au"),
    (r"^ap-northeast-1\b|^asia-northeast1\b|^japan", "jp"),
    (r"^ap-northeast-2\b|^asia-northeast3\b|^korea", "kr"),
    (r"^ap-south-1\b|^asia-south1\b", "in"),
    (r"^ap-southeast-1\b|^asia-southeast1\b", "sg"),
    (r"^me-central-1\b|^uae", "ae"),
    (r"^sa-east-1\b|^southamerica-", "brazil"),
    (r"^(us|us-gov)-(east|west|central|north|south)|^(east|west|central)us\d?$", "us"),
)
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
    + CITIES
)
# A question asking whether something happens without the customer's say ("without our
# explicit permission", "without the customer first granting access"), and a claim sentence
# that makes it wait on one ("unless a customer administrator grants support access", "only
# after an account owner approves"). Coverage reads both as one idea; see questionnaires.gates.
_GRANT_NOUNS = r"(?:permission|authori[sz]ation|consent|approval|grant|sign-off)"
_GRANTORS = r"(?:the customer|us|you|our|your|an?|the) ?(?:account |tenant |workspace |customer )?"
WITHOUT_GRANT = (
    # "without the district's permission": any possessive names whose grant it is
    r"\bwithout (?:(?:our|your|the|an?|their|its|customer'?s?|[a-z-]+'s|prior|explicit|express|"
    r"written|"
    rf"documented|formal|first|specific) )*{_GRANT_NOUNS}\b(?: (?:from|of|by) {_GRANTORS}"
    r"(?:administrators?|admins?|owners?|customers?|us|you)?)?"
    rf"|\bwithout {_GRANTORS}(?:administrators?|admins?|owners?|customers?)?(?: first)? "
    r"(?:granting|approving|authori[sz]ing|permitting|allowing|consenting)"
    r"(?: (?:it|this|them|access|support access|(?:their|the|a) request))?"
)
# The grant must be the customer's ("a customer administrator", "a district administrator",
# "an organization owner"): an engineer's access "only after manager approval" is the vendor's
# own control. Read by questionnaires.grants, which also turns away an administrator the
# vendor's own words qualify ("a security administrator", "a Brantwood admin").
_GRANTOR = (
    r"(?P<who>\b(?:customer|client|tenant|account|workspace|organi[sz]ation|your?)\b"
    r"|\b[a-z][a-z-]* (?:administrators?|admins?|owners?)\b|\bowners?\b)"
)
_GRANT_VERB = r"(?:grants?|granted|granting|approv\w*|authori[sz]\w*|consent\w*|permission)"
_GATE_TRIGGER = (
    r"\b(?:unless|until|only (?:after|when|if|once|with|while|during)|must first|must be|"
    r"requires?|required|needs?)\b"
)
GRANT_GATES: tuple[str, ...] = (
    # "… unless a customer administrator grants support access"
    rf"{_GATE_TRIGGER}[^.;]{{0,90}}?{_GRANTOR}[^.;]{{0,40}}?\b{_GRANT_VERB}\b",
    # "support must be granted access by an account administrator"
    rf"{_GATE_TRIGGER}[^.;]{{0,60}}?\b{_GRANT_VERB}\b[^.;]{{0,30}}?\bby (?:an? |the )?{_GRANTOR}",
    # "A club administrator can (or must) grant support access …"
    rf"{_GRANTOR}[^.;]{{0,20}}?\b(?:can|must|may) (?:grant|approve|authori[sz]e|allow)\b"
    r"[^.;]{0,40}?\baccess\b",
    # "… with the customer's explicit permission"
    r"\bwith (?P<who>(?:the customer's |your |their |its |explicit |prior |written )+)"
    r"(?:permission|consent|approval|authori[sz]ation)\b",
)
# Words before "administrator" that make it the vendor's own, not the customer's.
VENDOR_SIDE_GRANTORS = frozenset(
    """our internal system systems security platform on-call engineering operations it sre
    database senior duty designated another second independent privileged vendor provider
    support its company an a the staff team site service services global super""".split()
)
# A question stating that the grant was given ("once we grant access", "during a session we
# grant", "with our approval"): it asks whether the practice then happens.
GRANT_GIVEN = (
    r"\b(?:after|once|when|if|with|during|while|requires?|required|needs?)\b[^?]{0,60}?"
    r"\b(?:grants?|granted|granting|"
    r"approv\w*|authori[sz]\w*|consent\w*|permission)\b(?! to )"
)

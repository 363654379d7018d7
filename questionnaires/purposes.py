"""The customer's reason for asking, which no claim needs to state.

"Can our tenant be hosted in Canada to meet provincial data residency requirements?" asks
whether the tenant can be hosted in Canada; "to meet provincial … requirements" is why the
customer asks. A purpose clause is left out of what coverage reads only when its words are
generic (whose rules, of what kind): one that names a standard ("to meet SEC Rule 17a-4
retention requirements", "to satisfy the ESIGN Act") is a question in itself and stays.

Support's reason for access is the same kind of clause: "Can your support staff access our
tenant to troubleshoot an issue?" asks whether support staff can access the tenant, which is
what a claim on support access states; support access is for support.
"""

import re

from questionnaires.regions import places_with_cities

_PURPOSE = re.compile(
    r",?\s*\b(?:in order )?to (?:meet|satisfy|comply with|fulfil+)\b((?: [\w'-]+){0,5}?) "
    r"(?:requirements?|obligations?|regulations?|rules|laws?|mandates?)(?=\s*(?:[?.;]|$))"
)
# Words that say whose rules, or of what kind, without naming one.
_GENERIC = frozenset(
    """our the their its any applicable all local provincial state national regional federal
    internal data residency sovereignty localisation localization health health-records
    records record-keeping statutory legal regulatory privacy customer contractual country
    jurisdictional domestic sector industry retention archiving""".split()
)


_SUPPORT_PURPOSE = re.compile(
    r",?\s*\b(?:(?:in order )?to (?:troubleshoot|diagnose|debug|resolve|fix)|(?:for|when|while) "
    r"(?:troubleshooting|diagnosing|debugging|resolving|fixing|working on|handling|"
    r"investigating|looking into|responding to|answering))"
    r"(?: (?:an?|the|our|any|their|your|support|reported|technical|specific))*"
    r"(?: (?:issues?|problems?|tickets?|cases?|errors?|bugs?|faults?|purposes?))?"
    r"(?=\s*(?:[?.;]|$))"
)


# "… within the 36 hours our contract requires?": whose rule sets the figure, not a thing asked.
_OUR_RULE = re.compile(
    r"\s(?:that |which |as )?(?:our|the) (?:contract|agreement|policy|policies|regulator|"
    r"regulators|regulations?|procurement policy|security policy) (?:requires?|demands?|"
    r"mandates?|specif(?:y|ies)|sets? out)(?=\s*(?:[?.;]|$))"
)


def without_purpose(folded: str) -> str:
    """Return the (normalised) question without a generic purpose clause at its end."""
    folded = _OUR_RULE.sub("", _SUPPORT_PURPOSE.sub("", folded))
    found = _PURPOSE.search(folded)
    if found is None:
        return folded
    clause = found.group(1).split()
    if any(word not in _GENERIC and not places_with_cities(word) for word in clause):
        return folded
    return folded[: found.start()] + folded[found.end() :]

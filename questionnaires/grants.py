"""Whether a claim's sentence makes a practice wait on the customer's own grant.

"… cannot see a district's data unless a district administrator grants access", "support
must be granted access by an account administrator", "A club administrator can grant support
access …": the grant is the customer's. "… only after approval by a security administrator"
or "… unless a Brantwood administrator approves" is the vendor's own control: the words before
"administrator" are the vendor's (:data:`questionnaires.vocabulary.VENDOR_SIDE_GRANTORS`, and
the vendor's own name, read from the claim's vendor slug).
"""

import re
from functools import lru_cache

from questionnaires import vocabulary

_GATES = tuple(re.compile(pattern, re.IGNORECASE) for pattern in vocabulary.GRANT_GATES)


def _vendor_words(vendor: str) -> frozenset[str]:
    return frozenset(part for part in re.split(r"[^a-z0-9]+", vendor.lower()) if part)


def _customers(who: str, vendor_words: frozenset[str]) -> bool:
    words = who.lower().split()
    if len(words) < 2 or words[-1].rstrip("s") not in ("administrator", "admin", "owner"):
        return True  # "customer", "your", "the customer's": the customer by name
    return words[0] not in vocabulary.VENDOR_SIDE_GRANTORS and words[0] not in vendor_words


@lru_cache(maxsize=8192)
def gates_on_customer(text: str, vendor: str = "") -> bool:
    """True when ``text`` makes something wait on a grant the customer gives.

    Args:
        text: One sentence or passage of a claim.
        vendor: The claim's vendor slug, whose words name the vendor's own administrators.
    """
    vendor_words = _vendor_words(vendor)
    return any(
        _customers(found.group("who"), vendor_words)
        for gate in _GATES
        for found in gate.finditer(text)
    )

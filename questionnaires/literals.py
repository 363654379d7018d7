"""The literal text a regular expression cannot match without, so that a cheap substring test
can skip patterns that cannot match.

Folding a question applies a few hundred lexicon patterns one after another; most of them
cannot match a given question, and ``"penetration" in text`` costs a fraction of a
``pattern.sub`` call. The test is exact: a pattern is skipped only when none of the strings one
of its matches must contain is in the text, so the result is the same as applying every
pattern. The strings come from the pattern's parse tree (``re._parser``, the standard library's
own parser): a run of literal characters, an alternation each of whose branches needs one, or
a group repeated at least once. A pattern for which no such string is found (case-insensitive,
or one that may match without a literal) is always applied.
"""

from __future__ import annotations

import re

# The standard library's own parser (private, stable since 3.11, the version this needs).
from re import _constants as _ops  # type: ignore[attr-defined]
from re import _parser as _sre_parse  # type: ignore[attr-defined]
from typing import Any

Needed = frozenset[str]


def needed_literals(pattern: re.Pattern[str]) -> Needed | None:
    """Return strings at least one of which every match of ``pattern`` contains, or None.

    Args:
        pattern: A compiled pattern over text whose case the caller has already folded.

    Returns:
        A non-empty set of non-empty strings, or None when no such set is known (then the
        caller must apply the pattern whatever the text).
    """
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        tree = _sre_parse.parse(pattern.pattern, pattern.flags)
    except Exception:  # any surprise in a private parser: apply the pattern
        return None
    return _sequence(list(tree))


def _best(options: list[Needed]) -> Needed | None:
    # The most selective option: the one whose shortest string is longest.
    if not options:
        return None
    return max(options, key=lambda needed: (min(map(len, needed)), -len(needed)))


def _sequence(items: list[tuple[Any, Any]]) -> Needed | None:
    options: list[Needed] = []
    run: list[str] = []
    for op, argument in items:
        if op is _ops.LITERAL:
            run.append(chr(argument))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        inner = _item(op, argument)
        if inner is not None:
            options.append(inner)
    if run:
        options.append(frozenset({"".join(run)}))
    return _best(options)


def _item(op: Any, argument: Any) -> Needed | None:
    if op is _ops.SUBPATTERN:
        # (group, add_flags, del_flags, pattern); a group that turns on IGNORECASE is not exact
        add_flags = argument[1]
        if add_flags & re.IGNORECASE:
            return None
        return _sequence(list(argument[3]))
    if op is _ops.BRANCH:
        branches = [_sequence(list(branch)) for branch in argument[1]]
        if any(branch is None for branch in branches):
            return None
        return frozenset().union(*branches)  # type: ignore[arg-type]
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, getattr(_ops, "POSSESSIVE_REPEAT", None)):
        low, _high, inner = argument
        return _sequence(list(inner)) if low >= 1 else None
    if op is _ops.IN:
        return _characters(argument)
    return None


def _characters(members: list[tuple[Any, Any]]) -> Needed | None:
    # A class of a few characters ("[‘’`]", "[\u2010-\u2015]"): one of them must be there.
    found: set[str] = set()
    for op, argument in members:
        if op is _ops.LITERAL:
            found.add(chr(argument))
        elif op is _ops.RANGE and argument[1] - argument[0] < 32:
            found.update(chr(code) for code in range(argument[0], argument[1] + 1))
        else:
            return None
    return frozenset(found) or None

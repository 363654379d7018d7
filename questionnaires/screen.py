"""A cheap screen before a regular expression is searched: literals one of which it needs.

Most of a knowledge base's answer rules do not apply to a given question, and a substring
test is far cheaper than a regex search. :func:`needed_literals` reads a pattern's parse tree
(``re._parser``, the parser the ``re`` module itself uses) and returns strings of which the
text must contain at least one for the pattern to match, or None when it cannot tell. It is
conservative: when in doubt it returns None and the pattern is always searched.
"""

import re
from functools import lru_cache

try:  # Python 3.11+: the parser behind ``re``.
    from re import _constants as _c  # type: ignore[attr-defined]  # private, not in typeshed
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c
    import sre_parse as _p

_MIN = 3  # shorter literals screen out too little to pay for the test


def _runs(items: list) -> list[str | tuple[str, ...]]:
    """Return the literal runs every match of this sequence contains (a tuple: one of)."""
    runs: list[str | tuple[str, ...]] = []
    current = ""
    for op, value in items:
        if op is _c.LITERAL:
            current += chr(value)
            continue
        if op is _c.AT:  # \b, ^, $: zero width, the run goes on
            continue
        if current:
            runs.append(current)
            current = ""
        if op is _c.SUBPATTERN:
            runs += _runs(list(value[-1]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) and value[0] >= 1:
            runs += _runs(list(value[2]))
        elif op is _c.BRANCH:
            alternatives = _branch(value[1])
            if alternatives is not None and len(alternatives) == 1:
                runs.append(alternatives[0])
            elif alternatives is not None:
                runs.append(tuple(alternatives))  # one of these
    if current:
        runs.append(current)
    return runs


def _branch(alternatives: list) -> list[str] | None:
    """Return one needed literal per alternative, or None if an alternative has none."""
    found: list[str] = []
    for alternative in alternatives:
        runs = [
            run for run in _runs(list(alternative)) if isinstance(run, str) and len(run) >= _MIN
        ]
        if not runs:
            return None
        found.append(max(runs, key=len))
    return found


@lru_cache(maxsize=4096)
def needed_literals(pattern: str) -> tuple[str, ...] | None:
    """Return strings one of which a text must contain for ``pattern`` to match it.

    Args:
        pattern: A regular expression without flags (searched in lower-case text).
    """
    if "(?" in pattern and re.search(r"\(\?[a-zA-Z]*i", pattern):
        return None  # case-insensitive: its literals do not stand for themselves
    try:
        parsed = list(_p.parse(pattern))
    except (re.error, RecursionError, TypeError):
        return None
    if len(parsed) == 1 and parsed[0][0] is _c.BRANCH:
        alternatives = _branch(parsed[0][1][1])
        return tuple(alternatives) if alternatives else None
    found = _runs(parsed)
    single = [run for run in found if isinstance(run, str) and len(run) >= _MIN]
    if single:
        return (max(single, key=len),)
    choices = [run for run in found if isinstance(run, tuple)]
    return choices[0] if choices else None


class LazyPattern:
    """A pattern compiled the first time a text is searched with it.

    Most answer rules and lexicon synonyms are screened out by their literals for most
    questions, so a process answering one questionnaire compiles only the patterns it needs
    (compiling all of a knowledge base's rules took about 0.1 s of ``ddq answer``, the
    lexicon's synonyms 0.03 s more). Rules keep one object per pattern text, so rules that
    share a pattern search it once per question.
    """

    __slots__ = ("_compiled", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        """Search ``text`` as :meth:`re.Pattern.search` does."""
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.search(text)

    def sub(self, replacement: str, text: str) -> str:
        """Return ``text`` with matches replaced, as :meth:`re.Pattern.sub` does."""
        if self._compiled is None:
            self._compiled = re.compile(self.source)
        return self._compiled.sub(replacement, text)

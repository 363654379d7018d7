"""A cheaper form of the check PySide6 makes on every module imported after it.

For its opt-in ``from __feature__ import …`` switches, PySide6 (6.4 and later) hooks
``import`` and asks of every newly seen module whether its source names ``PySide6``, through
``inspect.getsource``: the lines go through ``linecache`` with the encoding detected by
``tokenize``, about 0.2–0.4 ms a module. The desktop app imports some hundred modules after
Qt (the standard library's included), so start-up paid 20–40 ms for it. The answer is the
same when the module's file is read as bytes and searched for ``b"PySide6"``; anything that
is not a plain ``.py`` file, or cannot be read, still goes to PySide6's own check.
"""

import sys
from types import ModuleType
from typing import Any


def _reads_the_file(original: Any) -> Any:
    def mod_uses_pyside(module: ModuleType) -> Any:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return original(module)
        try:
            with open(path, "rb") as handle:
                return b"PySide6" in handle.read()
        except OSError:
            return original(module)

    mod_uses_pyside.ddq_reads_the_file = True  # type: ignore[attr-defined]
    return mod_uses_pyside


def install() -> bool:
    """Swap PySide6's per-module check for the byte search; return whether it was swapped.

    Does nothing when PySide6 is not imported yet, when this PySide6 has no such check (the
    private ``shibokensupport.feature._mod_uses_pyside``) or when it was swapped already.
    """
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or getattr(original, "ddq_reads_the_file", False):
        return False
    feature._mod_uses_pyside = _reads_the_file(original)  # type: ignore[union-attr]
    return True

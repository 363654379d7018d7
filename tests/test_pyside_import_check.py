"""The byte search that replaces PySide6's per-import source check gives the same answers."""

import importlib
import sys

import pytest

from desktop import pyside_import_check

pytestmark = pytest.mark.gui

MODULES = ("desktop.main_window", "desktop.kb.claims_table", "models.kb.claims", "json", "sys")


def test_the_byte_search_answers_as_pyside_does() -> None:
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature)

    feature = sys.modules["shibokensupport.feature"]
    pyside_import_check.install()
    ours = feature._mod_uses_pyside
    assert ours.ddq_reads_the_file
    assert not pyside_import_check.install()  # once only
    theirs = ours.__closure__[0].cell_contents
    for name in MODULES:
        module = importlib.import_module(name)
        assert ours(module) == theirs(module), name
    assert ours(importlib.import_module("desktop.main_window"))
    assert not ours(importlib.import_module("models.kb.claims"))
